package org.gradcheck.samples;

/**
 * Least squares with a small L2 weight decay, L(w) = ½‖A·w − t‖² / rows + (λ/2)‖w‖², λ = 1e-4. A
 * gradient that forgets the λ·w term is wrong by about 1e-4 relative: loose tolerances (PyTorch's
 * atol = 1e-5, rtol = 1e-3) let it through; gradcheck's defaults do not.
 */
public final class RegularisedRegression {
  /** The weight-decay coefficient λ. */
  public static final double LAMBDA = 1e-4;

  private final double[][] a;
  private final double[] t;

  /** A problem with design matrix {@code a} (rows × features) and targets {@code t}. */
  public RegularisedRegression(double[][] a, double[] t) {
    this.a = a;
    this.t = t;
  }

  /** The loss at weights {@code w}. */
  public double loss(double[] w) {
    double sum = 0;
    for (int r = 0; r < a.length; r++) {
      double residual = dot(a[r], w) - t[r];
      sum += residual * residual;
    }
    return 0.5 * sum / a.length + 0.5 * LAMBDA * dot(w, w);
  }

  /** The right gradient Aᵀ(A·w − t)/rows + λ·w. */
  public double[] gradient(double[] w) {
    double[] g = dataGradient(w);
    for (int j = 0; j < w.length; j++) {
      g[j] += LAMBDA * w[j];
    }
    return g;
  }

  /** The gradient without the weight-decay term. */
  public double[] gradientWithoutWeightDecay(double[] w) {
    return dataGradient(w);
  }

  private double[] dataGradient(double[] w) {
    double[] g = new double[w.length];
    for (int r = 0; r < a.length; r++) {
      double residual = dot(a[r], w) - t[r];
      for (int j = 0; j < w.length; j++) {
        g[j] += residual * a[r][j] / a.length;
      }
    }
    return g;
  }

  private static double dot(double[] u, double[] v) {
    double s = 0;
    for (int i = 0; i < u.length; i++) {
      s += u[i] * v[i];
    }
    return s;
  }
}
