package org.gradcheck.samples.layers;

/**
 * What layer and batch normalisation share: x̂ = (x − μ)/σ over one vector, σ = √(var + ε) with the
 * biased variance, and its backward pass.
 */
final class Standardisation {
  private Standardisation() {}

  /** x̂ and σ of one vector. */
  record Result(double[] xHat, double sigma) {}

  static Result forward(double[] x, double eps) {
    int n = x.length;
    double mean = 0;
    for (double v : x) {
      mean += v;
    }
    mean /= n;
    double var = 0;
    for (double v : x) {
      var += (v - mean) * (v - mean);
    }
    double sigma = Math.sqrt(var / n + eps);
    double[] xHat = new double[n];
    for (int i = 0; i < n; i++) {
      xHat[i] = (x[i] - mean) / sigma;
    }
    return new Result(xHat, sigma);
  }

  /**
   * dx = (dx̂ − mean(dx̂) − x̂·mean(dx̂ ⊙ x̂))/σ. The two mean terms are the paths through μ and σ:
   * every x_i moves the mean and the variance, and so every x̂_j.
   */
  static double[] backward(Result s, double[] dXHat) {
    int n = dXHat.length;
    double meanD = 0;
    double meanDX = 0;
    for (int i = 0; i < n; i++) {
      meanD += dXHat[i];
      meanDX += dXHat[i] * s.xHat()[i];
    }
    meanD /= n;
    meanDX /= n;
    double[] dx = new double[n];
    for (int i = 0; i < n; i++) {
      dx[i] = (dXHat[i] - meanD - s.xHat()[i] * meanDX) / s.sigma();
    }
    return dx;
  }
}
