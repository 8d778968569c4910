package org.gradcheck.float32;

import org.apiguardian.api.API;

/** A single-precision backward pass: (x, upstream g ∈ R^m) → Jᵀg ∈ R^n. Arguments are read only. */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
@FunctionalInterface
public interface FloatVectorJacobianProduct {
  /** Returns Jᵀ·upstream as a fresh array of length n. */
  float[] apply(float[] x, float[] upstream);
}
