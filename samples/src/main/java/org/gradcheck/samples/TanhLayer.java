package org.gradcheck.samples;

/**
 * An elementwise tanh layer with two backward passes: the right one, 1 − y², and the one a real
 * published library shipped, (1 − y)². The wrong one agrees with the truth at y = 0, so a test at x
 * = 0 alone would pass it.
 */
public final class TanhLayer {
  private TanhLayer() {}

  /** Forward pass y = tanh(x); {@code x} is not modified. */
  public static double[] forward(double[] x) {
    double[] y = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = Math.tanh(x[i]);
    }
    return y;
  }

  /** The correct backward pass: g ⊙ (1 − y²). */
  public static double[] backward(double[] x, double[] g) {
    double[] dx = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      double y = Math.tanh(x[i]);
      dx[i] = g[i] * (1 - y * y);
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
