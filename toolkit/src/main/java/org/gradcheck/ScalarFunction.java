package org.gradcheck;

import org.apiguardian.api.API;

/** A differentiable map f: R^n → R, typically a loss. {@code x} is read only. */
@API(status = API.Status.STABLE, since = "0.1")
@FunctionalInterface
public interface ScalarFunction {
  /**
   * Evaluates f at {@code x}; {@code x} is read only.
   *
   * @param x the point, length n
   * @return f(x)
   */
  double apply(double[] x);

  /**
   * This function as a {@link VectorFunction} with one output.
   *
   * @return x ↦ {f(x)}
   */
  default VectorFunction asVectorFunction() {
    return x -> new double[] {apply(x)};
  }
}
