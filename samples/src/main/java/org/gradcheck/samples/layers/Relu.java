package org.gradcheck.samples.layers;

import org.apiguardian.api.API;

/**
 * ReLU, max(0, x). At the kink x = 0 the backward pass uses the subgradient 0 (any value in [0, 1]
 * is one); a finite difference there measures the chord ½, so a check reports the kink instead of
 * comparing it.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.2")
public record Relu() implements Activation {
  @Override
  public double value(double x) {
    return Math.max(0, x);
  }

  @Override
  public double derivative(double x) {
    return x > 0 ? 1 : 0;
  }
}
