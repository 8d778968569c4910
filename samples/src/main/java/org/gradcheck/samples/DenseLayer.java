package org.gradcheck.samples;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.gradcheck.Signature;

/**
 * A batched fully connected layer Y = X·Wᵀ + 1·bᵀ written with EJML, with its backward pass: dX =
 * G·W, dW = Gᵀ·X, db = column sums of G. Inputs are laid out by a {@link Signature} (X: batch×in,
 * W: out×in, b: out), so a failing check names entries such as {@code ∂Y[1,0]/∂W[0,2]}.
 */
public final class DenseLayer {
  private final int batch;
  private final int in;
  private final int out;
  private final Signature signature;

  /** A layer mapping {@code in} features to {@code out} features for {@code batch} examples. */
  public DenseLayer(int batch, int in, int out) {
    this.batch = batch;
    this.in = in;
    this.out = out;
    this.signature =
        Signature.builder()
            .input("X", batch, in)
            .input("W", out, in)
            .input("b", out)
            .output("Y", batch, out)
            .build();
  }

  /** The named layout of the flat input (X, W, b) and output (Y). */
  public Signature signature() {
    return signature;
  }

  /** Forward pass on the flat input; {@code flat} is not modified. */
  public double[] forward(double[] flat) {
    DMatrixRMaj x = signature.inputMatrix(flat, "X");
    DMatrixRMaj w = signature.inputMatrix(flat, "W");
    double[] b = signature.inputArray(flat, "b");
    DMatrixRMaj y = new DMatrixRMaj(batch, out);
    CommonOps_DDRM.multTransB(x, w, y);
    for (int r = 0; r < batch; r++) {
      for (int c = 0; c < out; c++) {
        y.unsafe_set(r, c, y.unsafe_get(r, c) + b[c]);
      }
    }
    return y.data;
  }

  /** Backward pass: the upstream gradient dY (flat, batch×out) ↦ (dX, dW, db) flat. */
  public double[] backward(double[] flat, double[] upstream) {
    DMatrixRMaj x = signature.inputMatrix(flat, "X");
    DMatrixRMaj w = signature.inputMatrix(flat, "W");
    DMatrixRMaj g = DMatrixRMaj.wrap(batch, out, upstream);
    DMatrixRMaj dx = new DMatrixRMaj(batch, in);
    DMatrixRMaj dw = new DMatrixRMaj(out, in);
    CommonOps_DDRM.mult(g, w, dx);
    CommonOps_DDRM.multTransA(g, x, dw);
    double[] db = new double[out];
    for (int r = 0; r < batch; r++) {
      for (int c = 0; c < out; c++) {
        db[c] += g.unsafe_get(r, c);
      }
    }
    return signature.pack(dx, dw, db);
  }

  /**
   * A backward pass with a classic slip: db takes only the first example's upstream gradient
   * instead of summing over the batch.
   */
  public double[] backwardForgettingBiasBatchSum(double[] flat, double[] upstream) {
    double[] grads = backward(flat, upstream);
    int offset = signature.inputOffset("b");
    for (int c = 0; c < out; c++) {
      grads[offset + c] = upstream[c]; // only the first example's gradient reaches b
    }
    return grads;
  }
}
