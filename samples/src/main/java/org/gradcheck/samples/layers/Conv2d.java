package org.gradcheck.samples.layers;

import org.apiguardian.api.API;
import org.ejml.data.DMatrixRMaj;

/**
 * A single-channel 2-D convolution (cross-correlation) with stride 1 and zero padding: X is H×W,
 * the kernel K is kh×kw, b a scalar, and Y is (H + 2p − kh + 1)×(W + 2p − kw + 1) with
 *
 * <pre>Y[i, j] = b + Σ_u Σ_v K[u, v]·X[i + u − p, j + v − p]</pre>
 *
 * @param padding the zeros added on every side, ≥ 0
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.2")
public record Conv2d(int padding) {

  /** Validates the padding. */
  public Conv2d {
    if (padding < 0) {
      throw new IllegalArgumentException("padding is " + padding + ", expected ≥ 0");
    }
  }

  /** The gradients with respect to X (H×W), K (kh×kw) and the scalar bias. */
  public record Grads(DMatrixRMaj dX, DMatrixRMaj dK, double db) {}

  /** Y as above; no argument is modified. */
  public DMatrixRMaj forward(DMatrixRMaj x, DMatrixRMaj k, double b) {
    DMatrixRMaj y =
        new DMatrixRMaj(
            x.numRows + 2 * padding - k.numRows + 1, x.numCols + 2 * padding - k.numCols + 1);
    for (int i = 0; i < y.numRows; i++) {
      for (int j = 0; j < y.numCols; j++) {
        double sum = b;
        for (int u = 0; u < k.numRows; u++) {
          for (int v = 0; v < k.numCols; v++) {
            int r = i + u - padding;
            int c = j + v - padding;
            if (r >= 0 && r < x.numRows && c >= 0 && c < x.numCols) {
              sum += k.unsafe_get(u, v) * x.unsafe_get(r, c);
            }
          }
        }
        y.unsafe_set(i, j, sum);
      }
    }
    return y;
  }

  /**
   * Every product K[u,v]·X[r,c] of the forward sends dY[i,j] to both factors: dK[u,v] +=
   * dY[i,j]·X[r,c], dX[r,c] += dY[i,j]·K[u,v]; db = Σ dY. No argument is modified.
   */
  public Grads backward(DMatrixRMaj x, DMatrixRMaj k, double b, DMatrixRMaj dY) {
    DMatrixRMaj dx = new DMatrixRMaj(x.numRows, x.numCols);
    DMatrixRMaj dk = new DMatrixRMaj(k.numRows, k.numCols);
    double db = 0;
    for (int i = 0; i < dY.numRows; i++) {
      for (int j = 0; j < dY.numCols; j++) {
        double g = dY.unsafe_get(i, j);
        db += g;
        for (int u = 0; u < k.numRows; u++) {
          for (int v = 0; v < k.numCols; v++) {
            int r = i + u - padding;
            int c = j + v - padding;
            if (r >= 0 && r < x.numRows && c >= 0 && c < x.numCols) {
              dk.add(u, v, g * x.unsafe_get(r, c));
              dx.add(r, c, g * k.unsafe_get(u, v));
            }
          }
        }
      }
    }
    return new Grads(dx, dk, db);
  }
}
