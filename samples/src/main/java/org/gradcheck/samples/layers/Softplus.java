package org.gradcheck.samples.layers;

import org.apiguardian.api.API;

/** softplus(x) = log(1 + eˣ), a smooth ReLU; its derivative is σ(x). */
@API(status = API.Status.EXPERIMENTAL, since = "0.2")
public record Softplus() implements Activation {
  @Override
  public double value(double x) {
    // log(1 + eˣ) = max(x, 0) + log1p(e^(−|x|)): no overflow for large x, no cancellation
    return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
  }

  @Override
  public double derivative(double x) {
    return Sigmoid.sigmoid(x);
  }
}
