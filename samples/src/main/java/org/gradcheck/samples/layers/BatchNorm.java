package org.gradcheck.samples.layers;

import org.apiguardian.api.API;
import org.ejml.data.DMatrixRMaj;

/**
 * Batch normalisation in training mode: each column (feature) of X (batch×features) is standardised
 * over the batch with the batch's own mean and biased variance, x̂ = (x − μ)/√(var + ε), then y = γ
 * ⊙ x̂ + β per feature. Every example's output depends on every example of the batch (through μ and
 * var), which is why the backward pass has the two mean terms.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.2")
public final class BatchNorm {
  /** The ε added to the variance. */
  public static final double EPS = 1e-5;

  private BatchNorm() {}

  /** The gradients with respect to X (batch×features), γ and β (features). */
  public record Grads(DMatrixRMaj dX, double[] dGamma, double[] dBeta) {}

  /** Y = γ ⊙ x̂ + β column by column; no argument is modified. */
  public static DMatrixRMaj forward(DMatrixRMaj x, double[] gamma, double[] beta) {
    DMatrixRMaj y = new DMatrixRMaj(x.numRows, x.numCols);
    for (int c = 0; c < x.numCols; c++) {
      double[] xHat = Standardisation.forward(column(x, c), EPS).xHat();
      for (int r = 0; r < x.numRows; r++) {
        y.unsafe_set(r, c, gamma[c] * xHat[r] + beta[c]);
      }
    }
    return y;
  }

  /**
   * dγ_c = Σ_b dY_bc·x̂_bc, dβ_c = Σ_b dY_bc, and per column dX = (dx̂ − mean(dx̂) − x̂·mean(dx̂ ⊙
   * x̂))/σ with dx̂ = γ_c·dY. No argument is modified.
   */
  public static Grads backward(DMatrixRMaj x, double[] gamma, double[] beta, DMatrixRMaj dY) {
    DMatrixRMaj dx = new DMatrixRMaj(x.numRows, x.numCols);
    double[] dGamma = new double[x.numCols];
    double[] dBeta = new double[x.numCols];
    for (int c = 0; c < x.numCols; c++) {
      Standardisation.Result s = Standardisation.forward(column(x, c), EPS);
      double[] dXHat = new double[x.numRows];
      for (int r = 0; r < x.numRows; r++) {
        double g = dY.unsafe_get(r, c);
        dGamma[c] += g * s.xHat()[r];
        dBeta[c] += g;
        dXHat[r] = g * gamma[c];
      }
      double[] dColumn = Standardisation.backward(s, dXHat);
      for (int r = 0; r < x.numRows; r++) {
        dx.unsafe_set(r, c, dColumn[r]);
      }
    }
    return new Grads(dx, dGamma, dBeta);
  }

  private static double[] column(DMatrixRMaj x, int c) {
    double[] column = new double[x.numRows];
    for (int r = 0; r < x.numRows; r++) {
      column[r] = x.unsafe_get(r, c);
    }
    return column;
  }
}
