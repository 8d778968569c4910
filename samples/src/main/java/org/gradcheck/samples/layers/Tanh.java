package org.gradcheck.samples.layers;

import org.apiguardian.api.API;

/** tanh(x), with derivative 1 − tanh²(x). */
@API(status = API.Status.EXPERIMENTAL, since = "0.2")
public record Tanh() implements Activation {
  @Override
  public double value(double x) {
    return Math.tanh(x);
  }

  @Override
  public double derivative(double x) {
    double y = Math.tanh(x);
    return 1 - y * y;
  }
}
