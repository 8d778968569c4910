package org.gradcheck;

import org.apiguardian.api.API;

/** A differentiable map f: R^n → R, typically a loss. {@code x} is read only. */
@API(status = API.Status.STABLE)
@FunctionalInterface
public interface ScalarFunction {
  /** Evaluates f at {@code x}; {@code x} is read only. */
  double apply(double[] x);

  /** This function as a {@link VectorFunction} with one output. */
  default VectorFunction asVectorFunction() {
    return x -> new double[] {apply(x)};
  }
}
