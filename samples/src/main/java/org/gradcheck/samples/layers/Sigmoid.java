package org.gradcheck.samples.layers;

import org.apiguardian.api.API;

/** The logistic function σ(x) = 1/(1 + e^(−x)), with derivative σ(x)(1 − σ(x)). */
@API(status = API.Status.EXPERIMENTAL, since = "0.2")
public record Sigmoid() implements Activation {
  @Override
  public double value(double x) {
    return sigmoid(x);
  }

  @Override
  public double derivative(double x) {
    double s = sigmoid(x);
    return s * (1 - s);
  }

  /** σ(x), computed without overflow for inputs of either sign. */
  static double sigmoid(double x) {
    if (x >= 0) {
      return 1 / (1 + Math.exp(-x));
    }
    double e = Math.exp(x);
    return e / (1 + e);
  }
}
