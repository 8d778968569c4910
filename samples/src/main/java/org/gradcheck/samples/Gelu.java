package org.gradcheck.samples;

import org.apiguardian.api.API;

/**
 * GELU on a flat {@code double[]}, elementwise: the shape of the first check in the README ({@code
 * checker.checkVjp(Gelu::forward, Gelu::backward, x)}). The math, tanh approximation and
 * derivative, is {@link org.gradcheck.samples.layers.Gelu}'s; the layers there take EJML matrices.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.2")
public final class Gelu {
  private static final org.gradcheck.samples.layers.Gelu GELU =
      new org.gradcheck.samples.layers.Gelu();

  private Gelu() {}

  /** Forward pass; {@code x} is not modified. */
  public static double[] forward(double[] x) {
    double[] y = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = GELU.value(x[i]);
    }
    return y;
  }

  /** Backward pass: upstream gradient g ↦ gelu'(x) ⊙ g. Neither argument is modified. */
  public static double[] backward(double[] x, double[] g) {
    double[] dx = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      dx[i] = g[i] * GELU.derivative(x[i]);
    }
    return dx;
  }
}
