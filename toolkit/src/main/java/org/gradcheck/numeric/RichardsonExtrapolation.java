package org.gradcheck.numeric;

import java.util.Objects;
import java.util.function.DoubleUnaryOperator;
import org.apiguardian.api.API;

/**
 * Richardson extrapolation in a Ridders-style tableau: estimates D(h_i) at h_i = h0 / ratio^i are
 * combined so that the leading error terms h^p, h^(p+s), … cancel one after another. The error
 * estimate of each tableau entry is the larger of its distances to the two entries it was built
 * from; the entry with the smallest such estimate wins, and the tableau stops once the diagonal
 * moves away from it by more than {@code safety} times that estimate (round-off has taken over).
 *
 * @param ratio the step ratio between levels (&gt; 1)
 * @param maxLevels the maximum number of steps (2 to 16)
 * @param safety the stop factor of Ridders' algorithm (≥ 1)
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record RichardsonExtrapolation(double ratio, int maxLevels, double safety) {
  /** Validates the parameters. */
  public RichardsonExtrapolation {
    if (!(ratio > 1) || !Double.isFinite(ratio)) {
      throw new IllegalArgumentException("ratio = " + ratio + "; expected a finite ratio > 1");
    }
    if (maxLevels < 2 || maxLevels > 16) {
      throw new IllegalArgumentException("maxLevels = " + maxLevels + "; expected 2 to 16");
    }
    if (!(safety >= 1) || !Double.isFinite(safety)) {
      throw new IllegalArgumentException("safety = " + safety + "; expected a finite factor ≥ 1");
    }
  }

  /** Step ratio 2, up to 6 levels, safety 2. */
  public static RichardsonExtrapolation ridders() {
    return new RichardsonExtrapolation(2.0, 6, 2.0);
  }

  /**
   * Extrapolates a scalar estimator D(h) whose error expands as a_0 h^p + a_1 h^(p+s) + …
   *
   * @param estimateAtStep D(h)
   * @param h0 the largest step
   * @param leadingOrder p
   * @param orderIncrement s (2 for symmetric central stencils, otherwise 1)
   * @return value, Ridders error estimate (without round-off) and the number of D(h) calls
   */
  public Derivative extrapolate(
      DoubleUnaryOperator estimateAtStep, double h0, int leadingOrder, int orderIncrement) {
    Objects.requireNonNull(estimateAtStep, "estimateAtStep");
    Tableau t =
        tableau(
            h -> new double[] {estimateAtStep.applyAsDouble(h)},
            h0,
            leadingOrder,
            orderIncrement,
            1);
    return new Derivative(t.values[0], t.errors[0], t.levels);
  }

  /** Supplies the m estimates D(h) of one tableau level. */
  interface LevelEstimator {
    double[] at(double h);
  }

  /** The outcome per output row: value, Ridders error, and the level (step index) it came from. */
  static final class Tableau {
    final double[] values;
    final double[] errors;
    final int[] level;
    int levels;

    Tableau(int m) {
      values = new double[m];
      errors = new double[m];
      level = new int[m];
      java.util.Arrays.fill(errors, Double.POSITIVE_INFINITY);
    }
  }

  Tableau tableau(
      LevelEstimator estimator, double h0, int leadingOrder, int orderIncrement, int m) {
    if (!(h0 > 0) || !Double.isFinite(h0)) {
      throw new IllegalArgumentException("h0 = " + h0 + "; expected a finite step > 0");
    }
    if (leadingOrder < 1 || orderIncrement < 1) {
      throw new IllegalArgumentException(
          "leadingOrder = "
              + leadingOrder
              + ", orderIncrement = "
              + orderIncrement
              + "; expected ≥ 1");
    }
    Tableau out = new Tableau(m);
    boolean[] done = new boolean[m];
    double[][] previousRow = null;
    double h = h0;
    for (int i = 0; i < maxLevels; i++) {
      double[][] row = new double[i + 1][];
      row[0] = estimator.at(h).clone();
      out.levels = i + 1;
      if (i == 0) {
        System.arraycopy(row[0], 0, out.values, 0, m);
      }
      double factor = Math.pow(ratio, leadingOrder);
      for (int k = 1; k <= i; k++) {
        double[] next = new double[m];
        for (int r = 0; r < m; r++) {
          double left = row[k - 1][r];
          double diagonal = previousRow[k - 1][r];
          next[r] = left + (left - diagonal) / (factor - 1.0);
          if (!done[r]) {
            double err = Math.max(Math.abs(next[r] - left), Math.abs(next[r] - diagonal));
            if (err <= out.errors[r]) {
              out.errors[r] = err;
              out.values[r] = next[r];
              out.level[r] = i;
            }
          }
        }
        row[k] = next;
        factor *= Math.pow(ratio, orderIncrement);
      }
      if (i > 0) {
        boolean all = true;
        for (int r = 0; r < m; r++) {
          if (!done[r] && Math.abs(row[i][r] - previousRow[i - 1][r]) >= safety * out.errors[r]) {
            done[r] = true;
          }
          all &= done[r];
        }
        if (all) {
          break;
        }
      }
      previousRow = row;
      h /= ratio;
    }
    return out;
  }
}
