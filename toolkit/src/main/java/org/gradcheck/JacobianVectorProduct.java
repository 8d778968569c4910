package org.gradcheck;

import org.apiguardian.api.API;

/**
 * A forward-mode derivative: given x and a tangent u ∈ R^n, returns J·u ∈ R^m. Neither argument may
 * be modified.
 */
@API(status = API.Status.STABLE)
@FunctionalInterface
public interface JacobianVectorProduct {
  /** Returns J·tangent as a fresh array of length m. */
  double[] apply(double[] x, double[] tangent);
}
