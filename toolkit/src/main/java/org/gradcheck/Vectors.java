package org.gradcheck;

/** Small dense-vector arithmetic used by the checker. */
final class Vectors {
  private Vectors() {}

  /**
   * aᵀb with compensated summation: the result is as accurate as if summed in twice the precision,
   * so a long probe vᵀf(x + h·u) carries round-off of order ε·|vᵀf| rather than ε·√m·Σ|vᵢfᵢ| —
   * noise the numeric engine would otherwise mistake for truncation error. Four interleaved
   * compensated sums (each keeps the exact rounding error of its additions, Knuth's branch-free
   * TwoSum), joined the same way at the end: the independent chains run in parallel in the CPU,
   * which makes the sum about as fast as the function evaluation it follows is long.
   */
  static double dot(double[] a, double[] b) {
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    double c0 = 0;
    double c1 = 0;
    double c2 = 0;
    double c3 = 0;
    int n = a.length;
    int i = 0;
    for (; i + 3 < n; i += 4) {
      double p0 = a[i] * b[i];
      double p1 = a[i + 1] * b[i + 1];
      double p2 = a[i + 2] * b[i + 2];
      double p3 = a[i + 3] * b[i + 3];
      double t0 = s0 + p0;
      double t1 = s1 + p1;
      double t2 = s2 + p2;
      double t3 = s3 + p3;
      double v0 = t0 - s0;
      double v1 = t1 - s1;
      double v2 = t2 - s2;
      double v3 = t3 - s3;
      c0 += (s0 - (t0 - v0)) + (p0 - v0);
      c1 += (s1 - (t1 - v1)) + (p1 - v1);
      c2 += (s2 - (t2 - v2)) + (p2 - v2);
      c3 += (s3 - (t3 - v3)) + (p3 - v3);
      s0 = t0;
      s1 = t1;
      s2 = t2;
      s3 = t3;
    }
    for (; i < n; i++) {
      double p = a[i] * b[i];
      double t = s0 + p;
      double v = t - s0;
      c0 += (s0 - (t - v)) + (p - v);
      s0 = t;
    }
    double[] sums = {s1, s2, s3};
    double sum = s0;
    double compensation = c0 + c1 + c2 + c3;
    for (double s : sums) {
      double t = sum + s;
      double v = t - sum;
      compensation += (sum - (t - v)) + (s - v);
      sum = t;
    }
    return sum + compensation;
  }
}
