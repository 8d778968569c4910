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
 */
@API(status = API.Status.STABLE, since = "0.1")
public record DirectionalDerivative(
    double[] values, double[] errors, long evaluations, double[] steps) {

  /** An estimate whose steps are not known (NaN). */
  public DirectionalDerivative(double[] values, double[] errors, long evaluations) {
    this(values, errors, evaluations, unknownSteps(values.length));
  }

  private static double[] unknownSteps(int m) {
    double[] steps = new double[m];
    java.util.Arrays.fill(steps, Double.NaN);
    return steps;
  }
}
