package org.gradcheck;

/**
 * How likely random probes are to miss a wrong derivative. With Gaussian u and v, an error matrix E
 * of Frobenius norm s shows up in a probe as vᵀEu; for a rank-one E (the hardest case) that is
 * s·Z₁Z₂, for a single output (v = 1) s·Z, with Z, Z₁, Z₂ standard normal. A probe lets it slip
 * when |vᵀEu| ≤ its allowed tolerance.
 */
final class ProbeStatistics {
  private ProbeStatistics() {}

  /**
   * Probability that an error of size {@code errorSize} passes every probe, given each probe's
   * allowed deviation.
   */
  static double slipProbability(double errorSize, double[] allowed, boolean productOfNormals) {
    if (!(errorSize > 0)) {
      return 1.0;
    }
    double p = 1.0;
    for (double a : allowed) {
      double t = a / errorSize;
      p *= productOfNormals ? smallProductProbability(t) : erf(t / Math.sqrt(2));
    }
    return p;
  }

  /**
   * The smallest error, relative to {@code scale}, caught by the probes with probability at least 1
   * − {@code miss}; NaN if the scale is zero. The answer is the upper end of a bracket [10^lo,
   * 10^hi] of the exact root at most 1e-10 decades wide, so the slip probability at it is ≤ miss:
   * the bracket is narrowed by the Illinois variant of regula falsi on ln(slip) − ln(miss), which
   * is almost linear in the decade (a dozen slip evaluations instead of 40 halvings), with a
   * halving whenever the interpolation cannot be trusted (a slip probability of 0 at an end).
   */
  static double relativeErrorCaught(
      double scale, double[] allowed, boolean productOfNormals, double miss) {
    if (!(scale > 0)) {
      return Double.NaN;
    }
    double lo = -18;
    double hi = 6;
    double gLo = excess(lo, scale, allowed, productOfNormals, miss);
    double gHi = excess(hi, scale, allowed, productOfNormals, miss);
    if (gHi > 0) {
      return Double.POSITIVE_INFINITY;
    }
    if (!(gLo > 0)) {
      return Math.pow(10, lo);
    }
    int side = 0;
    for (int it = 0; it < 200 && hi - lo > 1e-10; it++) {
      double mid = Double.isFinite(gHi) ? (lo * gHi - hi * gLo) / (gHi - gLo) : 0.5 * (lo + hi);
      if (!(mid > lo && mid < hi)) {
        mid = 0.5 * (lo + hi);
      }
      double g = excess(mid, scale, allowed, productOfNormals, miss);
      if (g > 0) {
        lo = mid;
        gLo = g;
        if (side == -1) {
          gHi *= 0.5; // Illinois: the end that stayed twice in a row counts half
        }
        side = -1;
      } else {
        hi = mid;
        gHi = g;
        if (side == 1) {
          gLo *= 0.5;
        }
        side = 1;
      }
    }
    return Math.pow(10, hi);
  }

  /**
   * ln(slip) − ln(miss) at an error of 10^decade·scale: positive while such an error still slips
   * with probability above {@code miss}; −∞ when the slip probability is 0.
   */
  private static double excess(
      double decade, double scale, double[] allowed, boolean productOfNormals, double miss) {
    double slip = slipProbability(Math.pow(10, decade) * scale, allowed, productOfNormals);
    return Math.log(slip / miss);
  }

  /** P(|Z₁Z₂| ≤ t) = E[erf(t / (√2·|Z₁|))], integrated over z = e^s. */
  static double smallProductProbability(double t) {
    if (t <= 0) {
      return 0;
    }
    double[] sqrt2z = Grid.SQRT2_Z;
    double[] weighted = Grid.WEIGHTED_DENSITY;
    double sum = 0;
    for (int k = 0; k < weighted.length; k++) {
      if (weighted[k] != 0) { // the density underflows for large z: nothing to add there
        sum += weighted[k] * erf(t / sqrt2z[k]);
      }
    }
    return Math.min(1.0, sum * Grid.H);
  }

  /**
   * The fixed trapezoid grid of {@link #smallProductProbability} over s = ln z in [−40, 4], 240
   * steps: √2·z and the weighted density 2·φ(z)·z at each node, computed once (the same values, in
   * the same operations, as computing them per call).
   */
  private static final class Grid {
    static final int STEPS = 240;
    static final double LO = -40;
    static final double HI = 4;
    static final double H = (HI - LO) / STEPS;
    static final double[] SQRT2_Z = new double[STEPS + 1];
    static final double[] WEIGHTED_DENSITY = new double[STEPS + 1];

    static {
      for (int k = 0; k <= STEPS; k++) {
        double s = LO + k * H;
        double z = Math.exp(s);
        double density = 2 * Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI) * z;
        double w = (k == 0 || k == STEPS) ? 0.5 : 1.0;
        SQRT2_Z[k] = Math.sqrt(2) * z;
        WEIGHTED_DENSITY[k] = w * density;
      }
    }

    private Grid() {}
  }

  /** The error function, accurate to a few ulps relative for small x and 1e-12 absolute. */
  static double erf(double x) {
    if (x < 0) {
      return -erf(-x);
    }
    if (x < 3) {
      double term = x;
      double sum = x;
      for (int k = 1; k < 200; k++) {
        term *= -x * x / k;
        double add = term / (2 * k + 1);
        sum += add;
        if (Math.abs(add) < 1e-17 * Math.abs(sum)) {
          break;
        }
      }
      return 2 / Math.sqrt(Math.PI) * sum;
    }
    if (x > 6) {
      return 1.0;
    }
    double x2 = x * x;
    double erfc =
        Math.exp(-x2)
            / (x * Math.sqrt(Math.PI))
            * (1 - 1 / (2 * x2) + 3 / (4 * x2 * x2) - 15 / (8 * x2 * x2 * x2));
    return 1 - erfc;
  }
}
