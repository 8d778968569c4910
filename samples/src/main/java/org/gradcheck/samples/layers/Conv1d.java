package org.gradcheck.samples.layers;

import org.apiguardian.api.API;
import org.ejml.data.DMatrixRMaj;

/**
 * A 1-D convolution (cross-correlation, as in deep-learning libraries) with stride and zero
 * padding. The input X is channels×length; the kernel W is out×(channels·k), row o holding W[o, c,
 * t] at column c·k + t; the bias b has one entry per output channel. Output Y is out×outLength with
 * outLength = (length + 2·padding − k)/stride + 1 and
 *
 * <pre>Y[o, i] = b[o] + Σ_c Σ_t W[o, c, t]·X[c, i·stride + t − padding]</pre>
 *
 * (terms that fall in the padding are zero).
 *
 * @param kernel the kernel width k
 * @param stride the step between output positions, ≥ 1
 * @param padding the zeros added at each end of the input, ≥ 0
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.2")
public record Conv1d(int kernel, int stride, int padding) {

  /** Validates the hyper-parameters. */
  public Conv1d {
    if (kernel < 1 || stride < 1 || padding < 0) {
      throw new IllegalArgumentException(
          "kernel "
              + kernel
              + ", stride "
              + stride
              + ", padding "
              + padding
              + ": expected kernel ≥ 1, stride ≥ 1, padding ≥ 0");
    }
  }

  /** The gradients with respect to X (channels×length), W (out×channels·k) and b (out). */
  public record Grads(DMatrixRMaj dX, DMatrixRMaj dW, double[] db) {}

  /** The output length for an input of {@code length}. */
  public int outputLength(int length) {
    return (length + 2 * padding - kernel) / stride + 1;
  }

  /** Y as above; no argument is modified. */
  public DMatrixRMaj forward(DMatrixRMaj x, DMatrixRMaj w, double[] b) {
    int outLength = outputLength(x.numCols);
    DMatrixRMaj y = new DMatrixRMaj(w.numRows, outLength);
    for (int o = 0; o < w.numRows; o++) {
      for (int i = 0; i < outLength; i++) {
        double sum = b[o];
        for (int c = 0; c < x.numRows; c++) {
          for (int t = 0; t < kernel; t++) {
            int j = i * stride + t - padding;
            if (j >= 0 && j < x.numCols) {
              sum += w.unsafe_get(o, c * kernel + t) * x.unsafe_get(c, j);
            }
          }
        }
        y.unsafe_set(o, i, sum);
      }
    }
    return y;
  }

  /**
   * Each product W[o,c,t]·X[c,j] of the forward sends dY[o,i] back to both factors: dW[o,c,t] +=
   * dY[o,i]·X[c,j] and dX[c,j] += dY[o,i]·W[o,c,t]. Written as convolutions, dW is dY correlated
   * with X and dX is dY (dilated by the stride) convolved with the <em>reversed</em> kernel. db[o]
   * = Σ_i dY[o,i]. No argument is modified.
   */
  public Grads backward(DMatrixRMaj x, DMatrixRMaj w, double[] b, DMatrixRMaj dY) {
    DMatrixRMaj dx = new DMatrixRMaj(x.numRows, x.numCols);
    DMatrixRMaj dw = new DMatrixRMaj(w.numRows, w.numCols);
    double[] db = new double[w.numRows];
    for (int o = 0; o < w.numRows; o++) {
      for (int i = 0; i < dY.numCols; i++) {
        double g = dY.unsafe_get(o, i);
        db[o] += g;
        for (int c = 0; c < x.numRows; c++) {
          for (int t = 0; t < kernel; t++) {
            int j = i * stride + t - padding;
            if (j >= 0 && j < x.numCols) {
              dw.add(o, c * kernel + t, g * x.unsafe_get(c, j));
              dx.add(c, j, g * w.unsafe_get(o, c * kernel + t));
            }
          }
        }
      }
    }
    return new Grads(dx, dw, db);
  }
}
