package org.gradcheck;

import org.apiguardian.api.API;

/** The analytic gradient ∇f(x) ∈ R^n of a {@link ScalarFunction}. {@code x} is read only. */
@API(status = API.Status.STABLE, since = "0.1")
@FunctionalInterface
public interface GradientFunction {
  /**
   * Returns ∇f(x), a fresh array of length n.
   *
   * @param x the point, length n; read only
   * @return ∇f(x)
   */
  double[] gradient(double[] x);

  /**
   * This gradient seen as a vector function R^n → R^n (for second-order checks).
   *
   * @return x ↦ ∇f(x)
   */
  default VectorFunction asVectorFunction() {
    return this::gradient;
  }
}
