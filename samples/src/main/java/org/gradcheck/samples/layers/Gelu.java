package org.gradcheck.samples.layers;

import org.apiguardian.api.API;

/**
 * GELU in its tanh approximation (the one GPT-2 and BERT use): ½x(1 + tanh u) with u = √(2/π)(x +
 * 0.044715x³). Its derivative is ½(1 + tanh u) + ½x(1 − tanh²u)·u′ with u′ = √(2/π)(1 +
 * 3·0.044715x²). (The exact GELU x·Φ(x) differs from this by less than 1e-3.)
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.2")
public record Gelu() implements Activation {
  private static final double C = Math.sqrt(2 / Math.PI);
  private static final double A = 0.044715;

  @Override
  public double value(double x) {
    return 0.5 * x * (1 + Math.tanh(C * (x + A * x * x * x)));
  }

  @Override
  public double derivative(double x) {
    double t = Math.tanh(C * (x + A * x * x * x));
    double du = C * (1 + 3 * A * x * x);
    return 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * du;
  }
}
