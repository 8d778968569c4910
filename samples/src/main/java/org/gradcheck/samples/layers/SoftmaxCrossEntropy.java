package org.gradcheck.samples.layers;

import org.apiguardian.api.API;
import org.ejml.data.DMatrixRMaj;

/**
 * Softmax cross-entropy with soft labels and mean reduction over the batch: L = −(1/B) Σ_b Σ_j
 * p_bj·log q_bj with q = softmax(z) per row, z and p batch×classes. The labels p are constant and
 * need not sum to 1, so ∂L/∂z_bj = (q_bj·Σ_k p_bk − p_bj)/B; the textbook q − p holds only when
 * every row of p sums to 1.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.2")
public final class SoftmaxCrossEntropy {
  private SoftmaxCrossEntropy() {}

  /** The mean loss over the rows of {@code z} (logits) against labels {@code p}. */
  public static double forward(DMatrixRMaj z, DMatrixRMaj p) {
    double loss = 0;
    for (int r = 0; r < z.numRows; r++) {
      double logSumExp = Softmax.logSumExp(z, r); // log q_j = z_j − logSumExp
      for (int c = 0; c < z.numCols; c++) {
        loss -= p.unsafe_get(r, c) * (z.unsafe_get(r, c) - logSumExp);
      }
    }
    return loss / z.numRows;
  }

  /**
   * dZ = dLoss·(q·Σp − p)/B row by row, where {@code dLoss} is the upstream gradient of the scalar
   * loss (1 at the top of a network). No argument is modified.
   */
  public static DMatrixRMaj backward(DMatrixRMaj z, DMatrixRMaj p, double dLoss) {
    DMatrixRMaj q = Softmax.forward(z);
    DMatrixRMaj dz = new DMatrixRMaj(z.numRows, z.numCols);
    double scale = dLoss / z.numRows;
    for (int r = 0; r < z.numRows; r++) {
      double labelSum = 0;
      for (int c = 0; c < z.numCols; c++) {
        labelSum += p.unsafe_get(r, c);
      }
      for (int c = 0; c < z.numCols; c++) {
        dz.unsafe_set(r, c, scale * (q.unsafe_get(r, c) * labelSum - p.unsafe_get(r, c)));
      }
    }
    return dz;
  }
}
