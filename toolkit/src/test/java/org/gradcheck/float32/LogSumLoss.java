package org.gradcheck.float32;

/**
 * A float loss for the float tests, L(x) = Σ_k w_k·log(1 + x_k²) + (Σ_k x_k)²/2 with w_k = 1 + k/4,
 * its gradient (optionally scaled by 1 + slip) and its Hessian diag(w_k·2(1 − x_k²)/(1 + x_k²)²) +
 * 1·1ᵀ.
 */
final class LogSumLoss {
  private LogSumLoss() {}

  static float value(float[] x) {
    float l = 0;
    float sum = 0;
    for (int k = 0; k < x.length; k++) {
      l += (1 + k / 4f) * (float) Math.log1p(x[k] * x[k]);
      sum += x[k];
    }
    return l + sum * sum / 2;
  }

  static float[] gradient(float[] x) {
    return gradient(0).apply(x);
  }

  /** The gradient with every entry multiplied by 1 + slip (in double, then rounded to float). */
  static FloatVectorFunction gradient(double slip) {
    return x -> {
      float sum = 0;
      for (float v : x) {
        sum += v;
      }
      float[] g = new float[x.length];
      for (int k = 0; k < x.length; k++) {
        g[k] = (float) (((1 + k / 4f) * 2 * x[k] / (1 + x[k] * x[k]) + sum) * (1 + slip));
      }
      return g;
    };
  }

  /** ∂²L/∂x_k² without the 1 of 1·1ᵀ. */
  static float diagonal(float[] x, int k) {
    float q = 1 + x[k] * x[k];
    return (1 + k / 4f) * 2 * (1 - x[k] * x[k]) / (q * q);
  }
}
