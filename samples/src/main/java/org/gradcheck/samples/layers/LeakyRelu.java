package org.gradcheck.samples.layers;

import org.apiguardian.api.API;

/**
 * Leaky ReLU: x for x > 0, slope·x otherwise. At the kink x = 0 the backward pass uses the left
 * slope (a subgradient).
 *
 * @param slope the slope for negative inputs, e.g. 0.01
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.2")
public record LeakyRelu(double slope) implements Activation {
  @Override
  public double value(double x) {
    return x > 0 ? x : slope * x;
  }

  @Override
  public double derivative(double x) {
    return x > 0 ? 1 : slope;
  }
}
