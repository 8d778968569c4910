package org.gradcheck.float32;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.apiguardian.api.API;
import org.gradcheck.ComparedEntry;
import org.gradcheck.Signature;
import org.gradcheck.diagnosis.Diagnosis;
import org.gradcheck.numeric.NumericDifferentiationException;

/**
 * Checks the backward pass of a single-precision (float32) function. The numeric side runs
 * Ridders-extrapolated central differences on the float function itself, dividing by the step
 * actually taken after rounding x ± h to float, with an error bar that includes the function's own
 * float rounding noise, measured from fourth differences (so cancellation inside the function is
 * accounted for, not just ε_f·|f|; ε_f = 2⁻²³). An entry passes when
 *
 * <pre>|analytic − numeric| ≤ atol + rtol·|numeric| + 3·(numeric error) + 32·ε_f·(|analytic| + r)
 * </pre>
 *
 * where r is the largest |numeric| in the entry's row (the analytic side's own float rounding). A
 * float layer with a correct gradient passes; a wrong one (sign, factor, missing term) fails.
 */
@API(status = API.Status.EXPERIMENTAL)
public final class FloatGradientChecker {
  /** The float machine epsilon 2⁻²³. */
  public static final double FLOAT_EPS = Math.ulp(1.0f);

  private static final double CON = 1.4;
  private static final double CON2 = CON * CON;
  private static final int TABLEAU = 14;
  private static final double ERROR_FACTOR = 3;
  private static final double ANALYTIC_ULPS = 32;

  private final double atol;
  private final double rtol;

  private FloatGradientChecker(double atol, double rtol) {
    this.atol = atol;
    this.rtol = rtol;
  }

  /** atol = 0, rtol = 8·ε_f: the error bar and the float rounding allowance do the rest. */
  public static FloatGradientChecker defaults() {
    return new FloatGradientChecker(0, 8 * FLOAT_EPS);
  }

  /** The same checker with other absolute and relative tolerances (finite, ≥ 0). */
  public FloatGradientChecker withTolerance(double atol, double rtol) {
    if (!(atol >= 0) || !(rtol >= 0) || Double.isInfinite(atol) || Double.isInfinite(rtol)) {
      throw new IllegalArgumentException(
          "tolerances must be finite and ≥ 0, got atol = " + atol + ", rtol = " + rtol);
    }
    return new FloatGradientChecker(atol, rtol);
  }

  /** Checks a float loss against its float gradient at x (not modified). */
  public FloatCheckReport checkGradient(
      FloatScalarFunction loss, FloatVectorFunction gradient, float[] x) {
    Objects.requireNonNull(loss, "loss");
    Objects.requireNonNull(gradient, "gradient");
    FloatVectorFunction f = v -> new float[] {loss.apply(v)};
    FloatVectorJacobianProduct vjp =
        (v, g) -> {
          float[] grad = gradient.apply(v);
          if (grad == null) {
            return null;
          }
          float[] out = new float[grad.length];
          for (int j = 0; j < grad.length; j++) {
            out[j] = grad[j] * g[0];
          }
          return out;
        };
    return checkVjp(f, vjp, x, null);
  }

  /** Checks a float backward pass at x, every Jacobian entry, with flat labels. */
  public FloatCheckReport checkVjp(
      FloatVectorFunction f, FloatVectorJacobianProduct vjp, float[] x) {
    return checkVjp(f, vjp, x, null);
  }

  /**
   * Checks a float backward pass at x (not modified), every Jacobian entry: the analytic rows come
   * from vjp(x, e_i), the numeric columns from central differences along e_j.
   *
   * @param signature names and shapes for the report, or null for {@code x}/{@code y}
   * @throws IllegalArgumentException for null arguments, an empty or non-finite x, or a signature
   *     of the wrong size
   * @throws NumericDifferentiationException if f throws, returns null, changes its output length or
   *     is not finite at x
   * @throws IllegalStateException if the backward pass throws or returns null or a wrong length
   */
  public FloatCheckReport checkVjp(
      FloatVectorFunction f, FloatVectorJacobianProduct vjp, float[] x, Signature signature) {
    Objects.requireNonNull(f, "function");
    Objects.requireNonNull(vjp, "vjp");
    Objects.requireNonNull(x, "input x");
    if (x.length == 0) {
      throw new IllegalArgumentException("input x is empty; expected at least one coordinate");
    }
    for (int j = 0; j < x.length; j++) {
      if (!Float.isFinite(x[j])) {
        throw new IllegalArgumentException(
            "input x[" + j + "] = " + x[j] + " is not finite; expected a finite number");
      }
    }
    float[] base = call(f, x.clone(), "at the base point");
    for (int i = 0; i < base.length; i++) {
      if (!Float.isFinite(base[i])) {
        throw new NumericDifferentiationException(
            "function value f[" + i + "] = " + base[i] + " is not finite at the base point");
      }
    }
    int m = base.length;
    int n = x.length;
    if (m == 0) {
      throw new NumericDifferentiationException("the function returned an empty array");
    }
    Signature sig = signature == null ? Signature.anonymous(n, m) : signature;
    if (sig.inputSize() != n || sig.outputSize() != m) {
      throw new IllegalArgumentException(
          "signature has "
              + sig.inputSize()
              + " inputs and "
              + sig.outputSize()
              + " outputs, but x has length "
              + n
              + " and f returns "
              + m);
    }
    double[][] analytic = new double[m][];
    for (int i = 0; i < m; i++) {
      float[] g = new float[m];
      g[i] = 1;
      float[] row;
      try {
        row = vjp.apply(x.clone(), g);
      } catch (RuntimeException e) {
        throw new IllegalStateException(
            "the backward pass threw " + e + " for upstream e_" + i + " at x", e);
      }
      if (row == null || row.length != n) {
        throw new IllegalStateException(
            "the backward pass returned "
                + (row == null ? "null" : "length " + row.length)
                + " for upstream e_"
                + i
                + "; expected length "
                + n
                + " (the length of x)");
      }
      analytic[i] = new double[n];
      for (int j = 0; j < n; j++) {
        analytic[i][j] = row[j];
      }
    }
    double[][] numeric = new double[m][n];
    double[][] errors = new double[m][n];
    long evaluations = 1;
    for (int j : sig.differentiableInputIndices()) {
      evaluations += column(f, x, j, base, numeric, errors);
    }
    List<ComparedEntry> entries = new ArrayList<>();
    boolean passed = true;
    for (int i = 0; i < m; i++) {
      double rowScale = 0;
      for (int j : sig.differentiableInputIndices()) {
        rowScale = Math.max(rowScale, Math.abs(numeric[i][j]));
      }
      for (int j : sig.differentiableInputIndices()) {
        double a = analytic[i][j];
        double nv = numeric[i][j];
        double abs = Math.abs(a - nv);
        double allowed =
            atol
                + rtol * Math.abs(nv)
                + ERROR_FACTOR * errors[i][j]
                + ANALYTIC_ULPS * FLOAT_EPS * (Math.abs(a) + rowScale);
        ComparedEntry e =
            new ComparedEntry(
                i,
                j,
                sig.entryLabel(i, j),
                a,
                nv,
                errors[i][j],
                abs,
                nv == 0 ? (abs == 0 ? 0 : Double.POSITIVE_INFINITY) : abs / Math.abs(nv),
                allowed);
        passed &= e.withinTolerance();
        entries.add(e);
      }
    }
    double[] xd = new double[n];
    for (int j = 0; j < n; j++) {
      xd[j] = x[j];
    }
    Diagnosis diagnosis =
        passed ? new Diagnosis(List.of(), entries.size(), 0) : Diagnosis.of(entries, sig, xd);
    String rule =
        String.format(
            Locale.ROOT,
            "|analytic − numeric| ≤ %.3g + %.3g·|numeric| + %.0f·(numeric error) + %.0f·ε_f·(|analytic|"
                + " + max |numeric| in the row), ε_f = %.3g (relative to the numeric side)",
            atol,
            rtol,
            ERROR_FACTOR,
            ANALYTIC_ULPS,
            FLOAT_EPS);
    return new FloatCheckReport(passed, entries, evaluations, diagnosis, rule);
  }

  private static float[] call(FloatVectorFunction f, float[] at, String where) {
    float[] y;
    try {
      y = f.apply(at);
    } catch (RuntimeException e) {
      throw new NumericDifferentiationException("function threw " + e + " " + where, e);
    }
    if (y == null) {
      throw new NumericDifferentiationException("function returned null " + where);
    }
    return y;
  }

  /** Ridders-extrapolated central differences along e_j in float; returns evaluations used. */
  private static long column(
      FloatVectorFunction f, float[] x, int j, float[] base, double[][] values, double[][] errs) {
    int m = base.length;
    double h = 0.02 * Math.max(1.0, Math.abs(x[j]));
    double[][][] a = new double[TABLEAU][TABLEAU][];
    double[] err = new double[m];
    Arrays.fill(err, Double.MAX_VALUE);
    double[] best = new double[m];
    double[] fmax = new double[m];
    double[] asym = new double[m];
    double[] bestStep = new double[m];
    boolean[] done = new boolean[m];
    double[] noise = roundingNoise(f, x, j, base);
    long evaluations = 8;
    for (int k = 0; k < TABLEAU; k++) {
      if (k > 0) {
        h /= CON;
      }
      float xp = (float) (x[j] + h);
      float xm = (float) (x[j] - h);
      double hp = (double) xp - x[j];
      double hm = (double) x[j] - xm;
      float[] fp = evaluate(f, x, j, xp, m);
      float[] fm = evaluate(f, x, j, xm, m);
      evaluations += 2;
      double[] central = new double[m];
      for (int i = 0; i < m; i++) {
        central[i] = ((double) fp[i] - fm[i]) / (hp + hm);
        fmax[i] = Math.max(fmax[i], Math.max(Math.abs(fp[i]), Math.abs(fm[i])));
        double second = Math.abs((double) fp[i] - 2.0 * base[i] + fm[i]) / (hp * hm);
        asym[i] = Math.max(asym[i], Math.abs(hp - hm) / 2 * second);
      }
      a[0][k] = central;
      double fac = CON2;
      for (int p = 1; p <= k; p++, fac *= CON2) {
        double[] next = new double[m];
        for (int i = 0; i < m; i++) {
          next[i] = (a[p - 1][k][i] * fac - a[p - 1][k - 1][i]) / (fac - 1);
          if (done[i]) {
            continue;
          }
          double e =
              Math.max(Math.abs(next[i] - a[p - 1][k][i]), Math.abs(next[i] - a[p - 1][k - 1][i]));
          if (e <= err[i]) {
            err[i] = e;
            best[i] = next[i];
            bestStep[i] = hp + hm;
          }
        }
        a[p][k] = next;
      }
      if (k == 0) {
        best = central.clone();
        Arrays.fill(bestStep, hp + hm);
        continue;
      }
      boolean all = true;
      for (int i = 0; i < m; i++) {
        if (!done[i] && Math.abs(a[k][k][i] - a[k - 1][k - 1][i]) >= 2 * err[i]) {
          done[i] = true;
        }
        all &= done[i];
      }
      if (all) {
        break;
      }
    }
    for (int i = 0; i < m; i++) {
      double roundOff = Math.max(4 * FLOAT_EPS * fmax[i], 10 * noise[i]) / bestStep[i];
      values[i][j] = best[i];
      errs[i][j] = Math.max(err[i], roundOff) + asym[i] + FLOAT_EPS * Math.abs(best[i]);
    }
    return evaluations;
  }

  /**
   * The function's own rounding noise along e_j, from fourth differences over five points spaced δ
   * = 1e-3 and 3.7e-4 times max(1, |x_j|): the smooth part of f contributes about δ⁴ times the
   * fourth derivative (far below float precision) while rounding noise σ shows as about 8.4σ.
   * Catches functions whose rounding error is set by large intermediate values (cancellation)
   * rather than by |f|.
   */
  private static double[] roundingNoise(FloatVectorFunction f, float[] x, int j, float[] base) {
    int m = base.length;
    double[] noise = new double[m];
    for (double scale : new double[] {1e-3, 3.7e-4}) {
      double d = scale * Math.max(1.0, Math.abs(x[j]));
      float[] p1 = evaluate(f, x, j, (float) (x[j] + d), m);
      float[] p2 = evaluate(f, x, j, (float) (x[j] + 2 * d), m);
      float[] m1 = evaluate(f, x, j, (float) (x[j] - d), m);
      float[] m2 = evaluate(f, x, j, (float) (x[j] - 2 * d), m);
      for (int i = 0; i < m; i++) {
        double fourth = (double) p2[i] - 4.0 * p1[i] + 6.0 * base[i] - 4.0 * m1[i] + m2[i];
        noise[i] = Math.max(noise[i], Math.abs(fourth) / 8.4);
      }
    }
    return noise;
  }

  private static float[] evaluate(FloatVectorFunction f, float[] x, int j, float xj, int m) {
    float[] at = x.clone();
    at[j] = xj;
    float[] y = call(f, at, "at x[" + j + "] = " + xj);
    if (y.length != m) {
      throw new NumericDifferentiationException(
          "function result length changed from "
              + m
              + " at the base point to "
              + y.length
              + " at x["
              + j
              + "] = "
              + xj);
    }
    return y;
  }
}
