package org.gradcheck;

import org.apiguardian.api.API;

/**
 * A forward-mode derivative: given x and a tangent u ∈ R^n, returns J·u ∈ R^m. Neither argument may
 * be modified.
 */
@API(status = API.Status.STABLE, since = "0.1")
@FunctionalInterface
public interface JacobianVectorProduct {
  /**
   * Returns J·tangent as a fresh array of length m.
   *
   * @param x the point, length n
   * @param tangent the tangent, length n
   * @return J·tangent
   */
  double[] apply(double[] x, double[] tangent);
}
