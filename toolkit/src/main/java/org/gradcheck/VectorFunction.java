package org.gradcheck;

import java.util.function.UnaryOperator;
import org.apiguardian.api.API;

/**
 * A differentiable map f: R^n → R^m, the forward pass under test.
 *
 * <p>Implementations must not modify {@code x} and must return a fresh array (never {@code x}
 * itself) whose length does not change between calls.
 */
@API(status = API.Status.STABLE)
@FunctionalInterface
public interface VectorFunction extends UnaryOperator<double[]> {
  /** Evaluates f at {@code x}; {@code x} is read only. */
  @Override
  double[] apply(double[] x);
}
