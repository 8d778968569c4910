package org.gradcheck.numeric;

/**
 * Fornberg's algorithm (Math. Comp. 51, 1988) for finite-difference weights on an arbitrary grid,
 * in exact rational arithmetic so that known stencils come out exactly (rounded once to double),
 * and in double precision for the realised offsets of one column (the hot path), checked against
 * the moment conditions the weights must satisfy.
 */
final class FornbergWeights {
  private static final double EPS = Math.ulp(1.0);

  /**
   * Largest accepted moment residual of double-precision weights, in units of ε times the moment's
   * absolute mass Σ|w_i·o_i^k|: the residual of moment k is the error the weights add to the
   * derivative per unit of f^(k)/k!, so this bound keeps that error at rounding level.
   */
  private static final double MOMENT_TOLERANCE = 64;

  private FornbergWeights() {}

  /**
   * Weights in absolute units for the {@code order}-th derivative at 0 from values at the distinct
   * {@code offsets}, written to {@code out}. Computed in double precision and accepted when every
   * moment condition Σ w_i·o_i^k = k!·δ(k, order), k = 0 … N−1, holds to within {@link
   * #MOMENT_TOLERANCE}·ε·Σ|w_i·o_i^k| (then the weights differ from the exact ones by no more than
   * rounding of the derivative would anyway); otherwise the exact rational weights, rounded once.
   */
  static void forRealisedOffsets(double[] offsets, int order, double[] out) {
    int n = offsets.length;
    double[] previous = new double[(order + 1) * n];
    double[] current = new double[(order + 1) * n];
    previous[0] = 1.0;
    double c1 = 1.0;
    for (int i = 1; i < n; i++) {
      java.util.Arrays.fill(current, 0.0);
      double c2 = 1.0;
      int top = Math.min(i, order);
      for (int v = 0; v < i; v++) {
        double c3 = offsets[i] - offsets[v];
        c2 *= c3;
        for (int m = 0; m <= top; m++) {
          double term = offsets[i] * previous[m * n + v];
          if (m > 0) {
            term -= m * previous[(m - 1) * n + v];
          }
          current[m * n + v] = term / c3;
        }
      }
      double ratio = c1 / c2;
      for (int m = 0; m <= top; m++) {
        double term = -offsets[i - 1] * previous[m * n + i - 1];
        if (m > 0) {
          term += m * previous[(m - 1) * n + i - 1];
        }
        current[m * n + i] = ratio * term;
      }
      c1 = c2;
      double[] swap = previous;
      previous = current;
      current = swap;
    }
    System.arraycopy(previous, order * n, out, 0, n);
    if (!satisfiesMoments(offsets, order, out)) {
      Rational[] exact = new Rational[n];
      for (int i = 0; i < n; i++) {
        exact[i] = Rational.of(offsets[i]);
      }
      Rational[] w = weights(exact, order);
      for (int i = 0; i < n; i++) {
        out[i] = w[i].toDouble();
      }
    }
  }

  /** Whether Σ w_i·o_i^k = k!·δ(k, order) holds to rounding level for k = 0 … N−1. */
  static boolean satisfiesMoments(double[] offsets, int order, double[] weights) {
    int n = offsets.length;
    double factorial = 1.0;
    for (int k = 1; k <= order; k++) {
      factorial *= k;
    }
    double[] powers = new double[n];
    java.util.Arrays.fill(powers, 1.0);
    for (int k = 0; k < n; k++) {
      double sum = 0.0;
      double mass = 0.0;
      for (int i = 0; i < n; i++) {
        double term = weights[i] * powers[i];
        sum += term;
        mass += Math.abs(term);
        powers[i] *= offsets[i];
      }
      double target = k == order ? factorial : 0.0;
      if (!(Math.abs(sum - target) <= MOMENT_TOLERANCE * EPS * Math.max(mass, Math.abs(target)))) {
        return false;
      }
    }
    return true;
  }

  /**
   * The weights w_i such that Σ w_i f(grid_i) approximates the {@code order}-th derivative of f at
   * 0. The grid points must be distinct.
   */
  static Rational[] weights(Rational[] grid, int order) {
    int n = grid.length;
    Rational[][] previous = new Rational[order + 1][n];
    Rational[][] current = new Rational[order + 1][n];
    for (Rational[] row : previous) {
      java.util.Arrays.fill(row, Rational.ZERO);
    }
    previous[0][0] = Rational.ONE;
    Rational c1 = Rational.ONE;
    for (int i = 1; i < n; i++) {
      for (Rational[] row : current) {
        java.util.Arrays.fill(row, Rational.ZERO);
      }
      Rational c2 = Rational.ONE;
      int top = Math.min(i, order);
      for (int v = 0; v < i; v++) {
        Rational c3 = grid[i].minus(grid[v]);
        c2 = c2.times(c3);
        for (int m = 0; m <= top; m++) {
          Rational term = grid[i].times(previous[m][v]);
          if (m > 0) {
            term = term.minus(Rational.of(m).times(previous[m - 1][v]));
          }
          current[m][v] = term.dividedBy(c3);
        }
      }
      Rational ratio = c1.dividedBy(c2);
      for (int m = 0; m <= top; m++) {
        Rational term = grid[i - 1].times(previous[m][i - 1]).negate();
        if (m > 0) {
          term = term.plus(Rational.of(m).times(previous[m - 1][i - 1]));
        }
        current[m][i] = ratio.times(term);
      }
      c1 = c2;
      Rational[][] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[order].clone();
  }
}
