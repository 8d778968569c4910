package org.gradcheck.samples.layers;

import org.apiguardian.api.API;
import org.ejml.data.DMatrixRMaj;

/**
 * Layer normalisation: each row of X (batch×features) is standardised over its features, x̂ = (x −
 * μ)/√(var + ε), then scaled and shifted per feature, y = γ ⊙ x̂ + β (γ, β: features).
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.2")
public final class LayerNorm {
  /** The ε added to the variance. */
  public static final double EPS = 1e-5;

  private LayerNorm() {}

  /** The gradients with respect to X (batch×features), γ and β (features). */
  public record Grads(DMatrixRMaj dX, double[] dGamma, double[] dBeta) {}

  /** Y = γ ⊙ x̂ + β row by row; no argument is modified. */
  public static DMatrixRMaj forward(DMatrixRMaj x, double[] gamma, double[] beta) {
    DMatrixRMaj y = new DMatrixRMaj(x.numRows, x.numCols);
    for (int r = 0; r < x.numRows; r++) {
      double[] xHat = Standardisation.forward(row(x, r), EPS).xHat();
      for (int c = 0; c < x.numCols; c++) {
        y.unsafe_set(r, c, gamma[c] * xHat[c] + beta[c]);
      }
    }
    return y;
  }

  /**
   * dγ = Σ_rows dY ⊙ x̂, dβ = Σ_rows dY, and per row dX = the standardisation's backward of dY ⊙ γ.
   * No argument is modified.
   */
  public static Grads backward(DMatrixRMaj x, double[] gamma, double[] beta, DMatrixRMaj dY) {
    DMatrixRMaj dx = new DMatrixRMaj(x.numRows, x.numCols);
    double[] dGamma = new double[x.numCols];
    double[] dBeta = new double[x.numCols];
    for (int r = 0; r < x.numRows; r++) {
      Standardisation.Result s = Standardisation.forward(row(x, r), EPS);
      double[] dXHat = new double[x.numCols];
      for (int c = 0; c < x.numCols; c++) {
        double g = dY.unsafe_get(r, c);
        dGamma[c] += g * s.xHat()[c];
        dBeta[c] += g;
        dXHat[c] = g * gamma[c];
      }
      double[] dRow = Standardisation.backward(s, dXHat);
      System.arraycopy(dRow, 0, dx.data, r * x.numCols, x.numCols);
    }
    return new Grads(dx, dGamma, dBeta);
  }

  private static double[] row(DMatrixRMaj x, int r) {
    double[] row = new double[x.numCols];
    System.arraycopy(x.data, r * x.numCols, row, 0, x.numCols);
    return row;
  }
}
