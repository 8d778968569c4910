package org.gradcheck.robust;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.apiguardian.api.API;
import org.gradcheck.numeric.FiniteDifferenceMethod;
import org.gradcheck.numeric.Line;

/**
 * A second opinion on a borderline entry: a Taylor test. For steps h = h0, h0/2, … it measures the
 * residual r(h) = |g(h) − g(−h) − 2h·a| of the directional function g(t) = vᵀf(x + t·u) against the
 * analytic value a = vᵀJu. If a is right, r shrinks at order 3 (central differences are second
 * order); if a is off by δ, r ≈ 2h·|δ| shrinks at order 1. Steps whose residual is buried in
 * round-off are ignored.
 *
 * <p>It runs on the numeric engine's pieces: the points x ± h·u come from {@link Line} (the same x
 * + t·u the engine evaluates), and g(h) − g(−h) is 2h times the engine's 2-point central stencil
 * ({@link FiniteDifferenceMethod#central(int, int)}), so r(h) = 2h·|D(h) − a| with D(h) that
 * stencil's estimate.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class StepSweep {
  private static final double EPS = Math.ulp(1.0);
  private static final int STEPS = 24;

  /** The 2-point central stencil: offsets ±1, coefficients ∓1/2, second order. */
  private static final FiniteDifferenceMethod CENTRAL = FiniteDifferenceMethod.central(2, 1);

  private StepSweep() {}

  /** The default sweep: h0 = 0.1·max(1, |x|∞ along u), halved 23 times. */
  public static StepSweep defaults() {
    return new StepSweep();
  }

  /**
   * Reviews one Jacobian entry ∂f_i/∂x_j with analytic value {@code analytic}; {@code observed} is
   * the disagreement the checker saw, |analytic − numeric|. {@code x} is not modified.
   *
   * @throws NullPointerException if f or x is null
   * @throws IllegalArgumentException if j is not an index of x, i not an output of f, or f returns
   *     null
   * @throws org.gradcheck.numeric.InvalidInputException if x is not finite
   * @throws java.util.concurrent.CancellationException if the thread is interrupted (its flag stays
   *     set)
   */
  public SecondOpinion review(
      UnaryOperator<double[]> f, double[] x, int i, int j, double analytic, double observed) {
    Objects.requireNonNull(x, "input x");
    if (j < 0 || j >= x.length) {
      throw new IllegalArgumentException("input " + j + " outside x of length " + x.length);
    }
    double[] u = new double[x.length];
    u[j] = 1;
    return review(f, x, u, i, null, analytic, observed);
  }

  /**
   * Reviews a directional value a = vᵀJu (FAST-mode probes). {@code x}, {@code u} and {@code v} are
   * not modified.
   *
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if u is zero or of another length than x, v's length is not
   *     the number of outputs, or f returns null
   * @throws org.gradcheck.numeric.InvalidInputException if x or u is not finite
   * @throws java.util.concurrent.CancellationException if the thread is interrupted (its flag stays
   *     set)
   */
  public SecondOpinion review(
      UnaryOperator<double[]> f,
      double[] x,
      double[] u,
      double[] v,
      double analytic,
      double observed) {
    Objects.requireNonNull(v, "v");
    return review(f, x, u, -1, v, analytic, observed);
  }

  private SecondOpinion review(
      UnaryOperator<double[]> f,
      double[] x,
      double[] u,
      int output,
      double[] v,
      double analytic,
      double observed) {
    Objects.requireNonNull(f, "function");
    Objects.requireNonNull(x, "input x");
    Objects.requireNonNull(u, "direction u");
    if (u.length != x.length) {
      throw new IllegalArgumentException(
          "direction u has length " + u.length + ", expected " + x.length);
    }
    if (!Double.isFinite(analytic)) {
      return new SecondOpinion(
          SecondOpinion.Verdict.TRUE_BUG,
          Double.NaN,
          Double.POSITIVE_INFINITY,
          "the analytic value " + analytic + " is not finite");
    }
    double scale = 1;
    double unorm = 0;
    for (int k = 0; k < x.length; k++) {
      if (u[k] != 0) {
        scale = Math.max(scale, Math.abs(x[k]));
        unorm = Math.max(unorm, Math.abs(u[k]));
      }
    }
    if (unorm == 0) {
      throw new IllegalArgumentException("direction u is zero");
    }
    Line line = Line.through(x, u);
    double[] grid = CENTRAL.grid();
    double[] weights = CENTRAL.coefficients();
    double h = 0.1 * scale / unorm;
    List<double[]> usable = new ArrayList<>(); // {h, |s|, s, noise}
    for (int s = 0; s < STEPS; s++, h /= 2) {
      if (Thread.currentThread().isInterrupted()) {
        throw new java.util.concurrent.CancellationException(
            "step sweep interrupted at h = " + h + "; the thread's interrupt flag is still set");
      }
      // Σ c_i g(g_i h) = (g(h) − g(−h))/2 exactly (the weights are ±1/2)
      double sum = 0;
      double magnitude = 0;
      for (int k = 0; k < grid.length; k++) {
        double g = project(f, line, grid[k] * h, output, v);
        if (!Double.isFinite(g)) {
          return new SecondOpinion(
              SecondOpinion.Verdict.INCONCLUSIVE,
              Double.NaN,
              Double.NaN,
              "the function is not finite at x ± " + h + "·u");
        }
        sum += weights[k] * g;
        magnitude += Math.abs(g);
      }
      // g(h) − g(−h) − 2h·a, bit for bit: doubling is exact
      double signed = 2 * (sum - h * analytic);
      double r = Math.abs(signed);
      double noise = 8 * EPS * (magnitude + 2 * h * Math.abs(analytic));
      if (r > 50 * noise) {
        usable.add(new double[] {h, r, signed, noise});
      }
    }
    if (usable.isEmpty()) {
      double bound = 50 * 16 * EPS * Math.max(1, Math.abs(analytic)) / (0.2 * scale / unorm);
      return verdict(
          bound < observed ? SecondOpinion.Verdict.FD_NOISE : SecondOpinion.Verdict.INCONCLUSIVE,
          Double.NaN,
          bound,
          "the Taylor residual stays at round-off level for every step down from h = "
              + fmt(0.1 * scale / unorm));
    }
    int last = usable.size() - 1;
    double[] small = usable.get(last);
    double order = Double.NaN;
    if (usable.size() >= 2) {
      List<Double> orders = new ArrayList<>();
      for (int k = Math.max(1, usable.size() - 3); k <= last; k++) {
        double[] a = usable.get(k - 1);
        double[] b = usable.get(k);
        orders.add(Math.log(a[1] / b[1]) / Math.log(a[0] / b[0]));
      }
      orders.sort(Double::compare);
      order = orders.get(orders.size() / 2);
    }
    double implied = small[1] / (2 * small[0]);
    if (usable.size() >= 2 && usable.get(last - 1)[0] == 2 * small[0]) {
      // s(h) = 2h·δ + c·h³: two consecutive steps (h, h/2) eliminate c and give δ directly
      double[] big = usable.get(last - 1);
      implied =
          Math.abs(8 * small[2] - big[2]) / (6 * big[0])
              + 2 * (big[3] + 8 * small[3]) / (6 * big[0]);
    }
    String residuals =
        "residual "
            + fmt(usable.get(0)[1])
            + " at h = "
            + fmt(usable.get(0)[0])
            + " down to "
            + fmt(small[1])
            + " at h = "
            + fmt(small[0])
            + ", order "
            + String.format(Locale.ROOT, "%.2f", order);
    if (order <= 1.5) {
      return verdict(
          SecondOpinion.Verdict.TRUE_BUG,
          order,
          implied,
          residuals
              + ": the error shrinks only at order 1, so the analytic value is off by about "
              + fmt(implied)
              + " — a true bug");
    }
    if (order >= 2.5 && implied < observed) {
      return verdict(
          SecondOpinion.Verdict.FD_NOISE,
          order,
          implied,
          residuals
              + ": the error shrinks at the method's order, so the analytic value is right to"
              + " within "
              + fmt(implied)
              + " and the disagreement of "
              + fmt(observed)
              + " was finite-difference noise");
    }
    return verdict(
        SecondOpinion.Verdict.INCONCLUSIVE,
        order,
        implied,
        residuals + ": round-off hides the regime that would decide");
  }

  private static SecondOpinion verdict(
      SecondOpinion.Verdict v, double order, double bound, String text) {
    return new SecondOpinion(v, order, bound, text);
  }

  /** g(t) = vᵀf(x + t·u), or f_output(x + t·u) when v is null. */
  private static double project(
      UnaryOperator<double[]> f, Line line, double t, int output, double[] v) {
    double[] y = f.apply(line.point(t));
    if (y == null) {
      throw new IllegalArgumentException("the function returned null at x + " + t + "·u");
    }
    if (v == null) {
      if (output < 0 || output >= y.length) {
        throw new IllegalArgumentException(
            "output " + output + " outside the function's " + y.length + " outputs");
      }
      return y[output];
    }
    if (v.length != y.length) {
      throw new IllegalArgumentException(
          "v has length " + v.length + ", expected " + y.length + " (the number of outputs)");
    }
    double s = 0;
    for (int k = 0; k < y.length; k++) {
      s += v[k] * y[k];
    }
    return s;
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.3g", v);
  }
}
