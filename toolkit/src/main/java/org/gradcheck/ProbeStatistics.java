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
   * − {@code miss}; NaN if the scale is zero.
   */
  static double relativeErrorCaught(
      double scale, double[] allowed, boolean productOfNormals, double miss) {
    if (!(scale > 0)) {
      return Double.NaN;
    }
    double lo = -18;
    double hi = 6;
    if (slipProbability(Math.pow(10, hi) * scale, allowed, productOfNormals) > miss) {
      return Double.POSITIVE_INFINITY;
    }
    for (int it = 0; it < 40; it++) {
      double mid = 0.5 * (lo + hi);
      if (slipProbability(Math.pow(10, mid) * scale, allowed, productOfNormals) > miss) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return Math.pow(10, hi);
  }

  /** P(|Z₁Z₂| ≤ t) = E[erf(t / (√2·|Z₁|))], integrated over z = e^s. */
  static double smallProductProbability(double t) {
    if (t <= 0) {
      return 0;
    }
    double lo = -40;
    double hi = 4;
    int steps = 240;
    double h = (hi - lo) / steps;
    double sum = 0;
    for (int k = 0; k <= steps; k++) {
      double s = lo + k * h;
      double z = Math.exp(s);
      double density = 2 * Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI) * z;
      double w = (k == 0 || k == steps) ? 0.5 : 1.0;
      sum += w * density * erf(t / (Math.sqrt(2) * z));
    }
    return Math.min(1.0, sum * h);
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
