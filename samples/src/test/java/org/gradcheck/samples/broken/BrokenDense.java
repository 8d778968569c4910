package org.gradcheck.samples.broken;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.gradcheck.samples.layers.Dense;

/** TEST ONLY: two wrong backward passes of {@link Dense}. */
public final class BrokenDense {
  private BrokenDense() {}

  /**
   * dW = Xᵀ·dY instead of dYᵀ·X: the transpose of the right weight gradient. It only has the right
   * shape (and so compiles and runs) when the layer is square, in = out.
   */
  public static Dense.Grads backwardWithTransposedWeightGradient(
      DMatrixRMaj x, DMatrixRMaj w, double[] b, DMatrixRMaj dY) {
    Dense.Grads right = Dense.backward(x, w, b, dY);
    DMatrixRMaj dw = new DMatrixRMaj(x.numCols, dY.numCols);
    CommonOps_DDRM.multTransA(x, dY, dw);
    return new Dense.Grads(right.dX(), dw, right.db());
  }

  /** db = the first example's dY only: the sum over the batch is missing. */
  public static Dense.Grads backwardWithBiasNotSummed(
      DMatrixRMaj x, DMatrixRMaj w, double[] b, DMatrixRMaj dY) {
    Dense.Grads right = Dense.backward(x, w, b, dY);
    double[] db = new double[dY.numCols];
    System.arraycopy(dY.data, 0, db, 0, dY.numCols);
    return new Dense.Grads(right.dX(), right.dW(), db);
  }
}
