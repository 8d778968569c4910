package org.gradcheck;

import java.util.function.UnaryOperator;
import org.apiguardian.api.API;

/**
 * A differentiable map f: R^n → R^m, the forward pass under test.
 *
 * <p>Implementations must not modify {@code x} and must return a fresh array (never {@code x}
 * itself) whose length does not change between calls.
 */
@API(status = API.Status.STABLE, since = "0.1")
@FunctionalInterface
public interface VectorFunction extends UnaryOperator<double[]> {
  /**
   * Evaluates f at {@code x}; {@code x} is read only.
   *
   * @param x the point, length n
   * @return f(x), length m
   */
  @Override
  double[] apply(double[] x);
}
