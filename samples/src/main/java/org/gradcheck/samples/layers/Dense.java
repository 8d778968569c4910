package org.gradcheck.samples.layers;

import org.apiguardian.api.API;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * A fully connected (affine) layer on a batch: Y = X·Wᵀ + 1·bᵀ, with X: batch×in, W: out×in, b: out
 * and Y: batch×out.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.2")
public final class Dense {
  private Dense() {}

  /** The gradients of a scalar loss with respect to X (batch×in), W (out×in) and b (out). */
  public record Grads(DMatrixRMaj dX, DMatrixRMaj dW, double[] db) {}

  /** Y = X·Wᵀ + b on every row; no argument is modified. */
  public static DMatrixRMaj forward(DMatrixRMaj x, DMatrixRMaj w, double[] b) {
    DMatrixRMaj y = new DMatrixRMaj(x.numRows, w.numRows);
    CommonOps_DDRM.multTransB(x, w, y);
    for (int r = 0; r < y.numRows; r++) {
      for (int c = 0; c < y.numCols; c++) {
        y.add(r, c, b[c]);
      }
    }
    return y;
  }

  /**
   * dX = dY·W, dW = dYᵀ·X and db = the column sums of dY: the bias is shared by every example, so
   * its gradient sums over the batch. No argument is modified.
   */
  public static Grads backward(DMatrixRMaj x, DMatrixRMaj w, double[] b, DMatrixRMaj dY) {
    DMatrixRMaj dx = new DMatrixRMaj(x.numRows, x.numCols);
    DMatrixRMaj dw = new DMatrixRMaj(w.numRows, w.numCols);
    CommonOps_DDRM.mult(dY, w, dx);
    CommonOps_DDRM.multTransA(dY, x, dw);
    return new Grads(dx, dw, columnSums(dY));
  }

  /** Σ over rows of {@code m}, one sum per column. */
  static double[] columnSums(DMatrixRMaj m) {
    double[] sums = new double[m.numCols];
    for (int r = 0; r < m.numRows; r++) {
      for (int c = 0; c < m.numCols; c++) {
        sums[c] += m.unsafe_get(r, c);
      }
    }
    return sums;
  }
}
