package org.gradcheck;

import org.apiguardian.api.API;

/**
 * A backward pass: given x and an upstream gradient g ∈ R^m, returns Jᵀg ∈ R^n (reverse mode).
 * Neither argument may be modified.
 */
@API(status = API.Status.STABLE)
@FunctionalInterface
public interface VectorJacobianProduct {
  /** Returns Jᵀ·upstream as a fresh array of length n. */
  double[] apply(double[] x, double[] upstream);
}
