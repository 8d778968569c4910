package org.gradcheck.robust;

import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.apiguardian.api.API;

/**
 * Tells a kink from a gradient bug: computes the left and right derivatives of every output along
 * one input with extrapolated one-sided differences, each with an error bar, and reports a {@link
 * DetectedKink} when they disagree beyond both error bars. A kink closer to x than the smallest
 * step (about 1e-5·max(1, |x_j|)) is indistinguishable from one at x and is reported as one.
 */
@API(status = API.Status.EXPERIMENTAL)
public final class KinkDetector {
  private static final double EPS = Math.ulp(1.0);
  private static final int STEPS = 8;

  private final double firstStep;
  private final double margin;

  private KinkDetector(double firstStep, double margin) {
    this.firstStep = firstStep;
    this.margin = margin;
  }

  /** First step 1e-3·max(1, |x_j|), halved 7 times; a kink needs a gap of 10 error bars. */
  public static KinkDetector defaults() {
    return new KinkDetector(1e-3, 10);
  }

  /**
   * Looks for a kink of f at x along input {@code j}. {@code x} is not modified.
   *
   * @param label how reports name input j, e.g. {@code x[3]}
   * @return the kink with the largest gap between left and right derivative, or empty if f is
   *     differentiable along j as far as finite differences can tell, or if f cannot be evaluated
   *     near x (throws, or gives non-finite values)
   */
  public Optional<DetectedKink> detect(UnaryOperator<double[]> f, double[] x, int j, String label) {
    Objects.requireNonNull(f, "function");
    Objects.requireNonNull(x, "input x");
    if (j < 0 || j >= x.length) {
      throw new IllegalArgumentException("input " + j + " outside x of length " + x.length);
    }
    double[] base;
    double[][] right;
    double[][] left;
    double h0 = firstStep * Math.max(1.0, Math.abs(x[j]));
    try {
      base = f.apply(x.clone());
      right = OneSided.estimate(f, x, j, h0, STEPS, base);
      left = OneSided.estimate(f, x, j, -h0, STEPS, base);
    } catch (RuntimeException e) {
      return Optional.empty();
    }
    if (right == null || left == null) {
      return Optional.empty();
    }
    DetectedKink worst = null;
    double worstGap = 0;
    for (int i = 0; i < base.length; i++) {
      double r = right[0][i];
      double l = left[0][i];
      double bars = right[1][i] + left[1][i];
      double gap = Math.abs(r - l);
      double scale = Math.max(Math.abs(r), Math.abs(l));
      if (gap > margin * bars + 1e-7 * scale + 64 * EPS && gap / (bars + 1e-300) > worstGap) {
        worstGap = gap / (bars + 1e-300);
        worst = new DetectedKink(i, j, label, l, left[1][i], r, right[1][i]);
      }
    }
    return Optional.ofNullable(worst);
  }

  /** Extrapolated one-sided differences. */
  static final class OneSided {
    private OneSided() {}

    /**
     * Richardson extrapolation of (f(x + h e_j) − f(x)) / h for h = h0, h0/2, …; a negative h0
     * gives the left derivative. Returns {values, errors}, or null if f is not finite near x.
     */
    static double[][] estimate(
        UnaryOperator<double[]> f, double[] x, int j, double h0, int steps, double[] base) {
      int m = base.length;
      double[][] prev = new double[0][];
      double[] best = new double[m];
      double[] err = new double[m];
      java.util.Arrays.fill(err, Double.POSITIVE_INFINITY);
      double[] fmax = new double[m];
      double h = h0;
      double[] work = x.clone();
      for (int k = 0; k < steps; k++, h /= 2) {
        work[j] = x[j] + h;
        double step = work[j] - x[j];
        double[] y = f.apply(work.clone());
        if (y == null || y.length != m) {
          return null;
        }
        double[][] row = new double[k + 1][m];
        for (int i = 0; i < m; i++) {
          if (!Double.isFinite(y[i]) || !Double.isFinite(base[i])) {
            return null;
          }
          row[0][i] = (y[i] - base[i]) / step;
          fmax[i] = Math.max(fmax[i], Math.max(Math.abs(y[i]), Math.abs(base[i])));
        }
        double fac = 2;
        for (int p = 1; p <= k; p++, fac *= 2) {
          for (int i = 0; i < m; i++) {
            row[p][i] = (row[p - 1][i] * fac - prev[p - 1][i]) / (fac - 1);
            double e =
                Math.max(Math.abs(row[p][i] - row[p - 1][i]), Math.abs(row[p][i] - prev[p - 1][i]));
            if (e < err[i]) {
              err[i] = e;
              best[i] = row[p][i];
            }
          }
        }
        if (k == 0) {
          best = row[0].clone();
        }
        prev = row;
      }
      double hMin = Math.abs(h * 2);
      for (int i = 0; i < m; i++) {
        err[i] = Math.max(err[i], 4 * EPS * fmax[i] / hMin) + EPS * Math.abs(best[i]);
      }
      return new double[][] {best, err};
    }
  }
}
