package org.gradcheck.samples.broken;

import org.ejml.data.DMatrixRMaj;
import org.gradcheck.samples.layers.BatchNorm;

/**
 * TEST ONLY: a {@link BatchNorm} backward pass that treats the batch mean and variance as
 * constants: dX = γ·dY/σ, without the terms − mean(dx̂) − x̂·mean(dx̂ ⊙ x̂).
 */
public final class BrokenBatchNorm {
  private BrokenBatchNorm() {}

  /** dX without the mean terms; dγ and dβ are right. */
  public static BatchNorm.Grads backwardWithoutMeanTerms(
      DMatrixRMaj x, double[] gamma, double[] beta, DMatrixRMaj dY) {
    BatchNorm.Grads right = BatchNorm.backward(x, gamma, beta, dY);
    DMatrixRMaj dx = new DMatrixRMaj(x.numRows, x.numCols);
    for (int c = 0; c < x.numCols; c++) {
      double mean = 0;
      for (int r = 0; r < x.numRows; r++) {
        mean += x.get(r, c) / x.numRows;
      }
      double var = 0;
      for (int r = 0; r < x.numRows; r++) {
        var += (x.get(r, c) - mean) * (x.get(r, c) - mean) / x.numRows;
      }
      double sigma = Math.sqrt(var + BatchNorm.EPS);
      for (int r = 0; r < x.numRows; r++) {
        dx.set(r, c, gamma[c] * dY.get(r, c) / sigma);
      }
    }
    return new BatchNorm.Grads(dx, right.dGamma(), right.dBeta());
  }
}
