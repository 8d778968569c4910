package org.gradcheck.samples;

/**
 * GELU activation in its tanh approximation, applied elementwise, with a hand-written backward
 * pass: the kind of layer a user writes by hand and wants verified.
 *
 * <p>gelu(x) = ½·x·(1 + tanh(s)), s = √(2/π)·(x + 0.044715·x³); gelu'(x) = ½·(1 + t) + ½·x·(1 −
 * t²)·√(2/π)·(1 + 3·0.044715·x²), t = tanh(s).
 */
public final class Gelu {
  private static final double C = Math.sqrt(2.0 / Math.PI);
  private static final double A = 0.044715;

  private Gelu() {}

  /** Forward pass; {@code x} is not modified. */
  public static double[] forward(double[] x) {
    double[] y = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      double t = Math.tanh(C * (x[i] + A * x[i] * x[i] * x[i]));
      y[i] = 0.5 * x[i] * (1 + t);
    }
    return y;
  }

  /** Backward pass: upstream gradient g ↦ gelu'(x) ⊙ g. Neither argument is modified. */
  public static double[] backward(double[] x, double[] g) {
    double[] dx = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      double t = Math.tanh(C * (x[i] + A * x[i] * x[i] * x[i]));
      double ds = C * (1 + 3 * A * x[i] * x[i]);
      dx[i] = g[i] * (0.5 * (1 + t) + 0.5 * x[i] * (1 - t * t) * ds);
    }
    return dx;
  }
}
