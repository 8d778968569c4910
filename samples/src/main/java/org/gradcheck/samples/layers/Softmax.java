package org.gradcheck.samples.layers;

import org.apiguardian.api.API;
import org.ejml.data.DMatrixRMaj;

/**
 * Softmax over each row: y_j = e^(z_j) / Σ_k e^(z_k). Its Jacobian per row is diag(y) − y·yᵀ, so
 * the backward pass is dZ = y ⊙ (dY − ⟨dY, y⟩) row by row, never forming the Jacobian.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.2")
public final class Softmax {
  private Softmax() {}

  /** Row-wise softmax, stable for logits of any size: y_j = e^(z_j − logSumExp(z)). */
  public static DMatrixRMaj forward(DMatrixRMaj z) {
    DMatrixRMaj y = new DMatrixRMaj(z.numRows, z.numCols);
    for (int r = 0; r < z.numRows; r++) {
      double logSumExp = logSumExp(z, r);
      for (int c = 0; c < z.numCols; c++) {
        y.unsafe_set(r, c, Math.exp(z.unsafe_get(r, c) - logSumExp));
      }
    }
    return y;
  }

  /** log Σ_j e^(z_rj) for row r, with the row maximum taken out first so nothing overflows. */
  static double logSumExp(DMatrixRMaj z, int r) {
    double max = Double.NEGATIVE_INFINITY;
    for (int c = 0; c < z.numCols; c++) {
      max = Math.max(max, z.unsafe_get(r, c));
    }
    double sum = 0;
    for (int c = 0; c < z.numCols; c++) {
      sum += Math.exp(z.unsafe_get(r, c) - max);
    }
    return max + Math.log(sum);
  }

  /** dZ = y ⊙ (dY − ⟨dY, y⟩) per row, with y = softmax(z); no argument is modified. */
  public static DMatrixRMaj backward(DMatrixRMaj z, DMatrixRMaj dY) {
    return backwardFromOutput(forward(z), dY);
  }

  /** The same backward pass from the forward's output y, for callers that kept it. */
  static DMatrixRMaj backwardFromOutput(DMatrixRMaj y, DMatrixRMaj dY) {
    DMatrixRMaj dz = new DMatrixRMaj(y.numRows, y.numCols);
    for (int r = 0; r < y.numRows; r++) {
      double dot = 0;
      for (int c = 0; c < y.numCols; c++) {
        dot += dY.unsafe_get(r, c) * y.unsafe_get(r, c);
      }
      for (int c = 0; c < y.numCols; c++) {
        dz.unsafe_set(r, c, y.unsafe_get(r, c) * (dY.unsafe_get(r, c) - dot));
      }
    }
    return dz;
  }
}
