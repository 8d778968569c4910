package org.gradcheck.float32;

import org.apiguardian.api.API;

/**
 * A single-precision forward-mode derivative: (x, tangent u ∈ R^n) → J·u ∈ R^m (for a
 * Hessian-vector product: the gradient's Jacobian times u). Arguments are read only.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.2")
@FunctionalInterface
public interface FloatJacobianVectorProduct {
  /** Returns J·tangent as a fresh array of length m. */
  float[] apply(float[] x, float[] tangent);
}
