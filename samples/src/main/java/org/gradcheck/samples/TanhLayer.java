package org.gradcheck.samples;

import org.apiguardian.api.API;
import org.gradcheck.samples.layers.Tanh;

/**
 * An elementwise tanh layer with two backward passes: the right one, 1 − y², and the one a real
 * published library shipped, (1 − y)². The wrong one agrees with the truth at y = 0, so a test at x
 * = 0 alone would pass it. On a flat {@code double[]}; {@link Tanh} is the same layer on EJML
 * matrices.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.2")
public final class TanhLayer {
  private TanhLayer() {}

  private static final Tanh TANH = new Tanh();

  /** Forward pass y = tanh(x); {@code x} is not modified. */
  public static double[] forward(double[] x) {
    double[] y = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = TANH.value(x[i]);
    }
    return y;
  }

  /** The correct backward pass: g ⊙ (1 − y²), {@link Tanh}'s derivative. */
  public static double[] backward(double[] x, double[] g) {
    double[] dx = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      dx[i] = g[i] * TANH.derivative(x[i]);
    }
    return dx;
  }

  /** The published bug: g ⊙ (1 − y)². */
  public static double[] backwardWithSquaredBug(double[] x, double[] g) {
    double[] dx = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      double y = Math.tanh(x[i]);
      dx[i] = g[i] * (1 - y) * (1 - y);
    }
    return dx;
  }
}
