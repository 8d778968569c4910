package org.gradcheck;

/** Small dense-vector arithmetic used by the checker. */
final class Vectors {
  private Vectors() {}

  /**
   * aᵀb with Neumaier's compensated summation: the result is as accurate as if summed in twice the
   * precision, so a long probe vᵀf(x + h·u) carries round-off of order ε·|vᵀf| rather than
   * ε·√m·Σ|vᵢfᵢ| — noise the numeric engine would otherwise mistake for truncation error.
   */
  static double dot(double[] a, double[] b) {
    double sum = 0;
    double compensation = 0;
    for (int i = 0; i < a.length; i++) {
      double term = a[i] * b[i];
      double t = sum + term;
      if (Math.abs(sum) >= Math.abs(term)) {
        compensation += (sum - t) + term;
      } else {
        compensation += (term - t) + sum;
      }
      sum = t;
    }
    return sum + compensation;
  }
}
