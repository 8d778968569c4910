package org.gradcheck.reference;

/**
 * Numerically stable building blocks of the reference rules: every function here is finite for
 * logits of any finite magnitude (±1000 included) — max-shifted exponentials, log1p forms, and a
 * scaled norm.
 */
final class StableMath {
  private StableMath() {}

  /** log Σ exp(a[off..off+len)), shifted by the maximum so that nothing overflows. */
  static double logSumExp(double[] a, int off, int len) {
    double max = Double.NEGATIVE_INFINITY;
    for (int i = off; i < off + len; i++) {
      max = Math.max(max, a[i]);
    }
    double sum = 0;
    for (int i = off; i < off + len; i++) {
      sum += Math.exp(a[i] - max);
    }
    return max + Math.log(sum);
  }

  /** softmax(a[off..off+len)) as a fresh array, computed as exp(a − max) / Σ exp(a − max). */
  static double[] softmax(double[] a, int off, int len) {
    double max = Double.NEGATIVE_INFINITY;
    for (int i = off; i < off + len; i++) {
      max = Math.max(max, a[i]);
    }
    double[] y = new double[len];
    double sum = 0;
    for (int i = 0; i < len; i++) {
      y[i] = Math.exp(a[off + i] - max);
      sum += y[i];
    }
    for (int i = 0; i < len; i++) {
      y[i] /= sum;
    }
    return y;
  }

  /** σ(x) = 1 / (1 + e^−x), evaluated on the side where the exponential cannot overflow. */
  static double sigmoid(double x) {
    if (x >= 0) {
      return 1.0 / (1.0 + Math.exp(-x));
    }
    double e = Math.exp(x);
    return e / (1.0 + e);
  }

  /** log(1 + e^x) = max(x, 0) + log1p(e^−|x|). */
  static double softplus(double x) {
    return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
  }

  /**
   * ‖x[off..off+len)‖₂, scaled by the largest magnitude so that squares neither overflow nor
   * underflow.
   */
  static double norm(double[] x, int off, int len) {
    double scale = 0;
    for (int i = off; i < off + len; i++) {
      scale = Math.max(scale, Math.abs(x[i]));
    }
    if (scale == 0) {
      return 0;
    }
    double sum = 0;
    for (int i = off; i < off + len; i++) {
      double v = x[i] / scale;
      sum += v * v;
    }
    return scale * Math.sqrt(sum);
  }

  /** Σ a[i]·b[i] over the given ranges. */
  static double dot(double[] a, int aOff, double[] b, int bOff, int len) {
    double s = 0;
    for (int i = 0; i < len; i++) {
      s += a[aOff + i] * b[bOff + i];
    }
    return s;
  }

  /** Σ a[off..off+len). */
  static double sum(double[] a, int off, int len) {
    double s = 0;
    for (int i = off; i < off + len; i++) {
      s += a[i];
    }
    return s;
  }
}
