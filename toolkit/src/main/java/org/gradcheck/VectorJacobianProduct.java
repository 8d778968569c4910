package org.gradcheck;

import org.apiguardian.api.API;

/**
 * A backward pass: given x and an upstream gradient g ∈ R^m, returns Jᵀg ∈ R^n (reverse mode).
 * Neither argument may be modified.
 */
@API(status = API.Status.STABLE, since = "0.1")
@FunctionalInterface
public interface VectorJacobianProduct {
  /**
   * Returns Jᵀ·upstream as a fresh array of length n.
   *
   * @param x the point, length n
   * @param upstream the upstream gradient, length m
   * @return Jᵀ·upstream
   */
  double[] apply(double[] x, double[] upstream);
}
