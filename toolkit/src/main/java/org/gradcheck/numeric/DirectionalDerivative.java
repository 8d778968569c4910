package org.gradcheck.numeric;

import org.apiguardian.api.API;

/**
 * A numeric directional derivative J·u of f: R^n → R^m (for u = e_j, one Jacobian column).
 *
 * @param values the m estimates
 * @param errors the m error estimates, each bounding |value − true value| with high probability
 * @param evaluations how many times f was evaluated
 * @param steps the m steps h (along u: f was evaluated at x + k·h·u) the estimates came from — for
 *     an extrapolated estimate the finest step of its extrapolation; NaN where not known
 * @param roundOff the m parts of {@code errors} that are only the rounding (and declared or
 *     measured noise) of f's values, amplified by the stencil (Σ|c_i|·level/h^q); NaN where not
 *     known. A row whose error is no more than this is resolved: only f's precision limits it.
 */
@API(status = API.Status.STABLE, since = "0.1")
public record DirectionalDerivative(
    double[] values, double[] errors, long evaluations, double[] steps, double[] roundOff) {

  /** An estimate whose steps and round-off parts are not known (NaN). */
  public DirectionalDerivative(double[] values, double[] errors, long evaluations) {
    this(values, errors, evaluations, unknown(values.length));
  }

  /** An estimate whose round-off parts are not known (NaN). */
  public DirectionalDerivative(double[] values, double[] errors, long evaluations, double[] steps) {
    this(values, errors, evaluations, steps, unknown(values.length));
  }

  private static double[] unknown(int m) {
    double[] unknown = new double[m];
    java.util.Arrays.fill(unknown, Double.NaN);
    return unknown;
  }
}
