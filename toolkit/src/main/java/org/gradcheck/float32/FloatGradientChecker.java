package org.gradcheck.float32;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.apiguardian.api.API;
import org.gradcheck.ComparedEntry;
import org.gradcheck.Signature;
import org.gradcheck.diagnosis.Diagnosis;
import org.gradcheck.numeric.Line;
import org.gradcheck.numeric.NoiseLevel;
import org.gradcheck.numeric.NumericDifferentiationException;
import org.gradcheck.numeric.NumericDifferentiator;

/**
 * Checks the backward pass of a single-precision (float32) function. The numeric side is the
 * numeric engine ({@link NumericDifferentiator#richardson()}) run on the float function wrapped as
 * a double one: the engine evaluates only at float-representable points ({@link
 * NumericDifferentiator#withInputPrecision(int)} with 24 bits, steps above 64 float spacings) and
 * declares float rounding ε_f·|f| as the noise of every value ({@link NoiseLevel}), so its error
 * bar covers the function's own rounding, including cancellation inside it that the engine measures
 * from the stencil's highest difference (ε_f = 2⁻²³). An entry passes when
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

  /**
   * The numeric engine for float functions: Ridders-extrapolated 7-point central stencils that
   * evaluate only at float-representable points (steps stay above 64 float spacings) and carry
   * float rounding, ε_f·|f|, as the declared noise of every value; measured noise up to 1000 times
   * that (cancellation inside the function) enters the error bar too.
   */
  private static final NumericDifferentiator ENGINE =
      NumericDifferentiator.richardson()
          .withNoise(NoiseLevel.relative(FLOAT_EPS))
          .withInputPrecision(Line.FLOAT_PRECISION);

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
   * @throws java.util.concurrent.CancellationException if the thread is interrupted while the
   *     numeric side runs (its interrupt flag stays set)
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
    double[] xd = new double[n];
    for (int j = 0; j < n; j++) {
      xd[j] = x[j];
    }
    // the base point here and once more inside the engine
    long[] evaluations = {2};
    int[] columns = sig.differentiableInputIndices();
    ENGINE.forEachColumn(
        widened(f),
        xd,
        columns,
        (j, d) -> {
          for (int i = 0; i < m; i++) {
            numeric[i][j] = d.values()[i];
            errors[i][j] = d.errors()[i] + FLOAT_EPS * Math.abs(d.values()[i]);
          }
          evaluations[0] += d.evaluations();
        });
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
    return new FloatCheckReport(passed, entries, evaluations[0], diagnosis, rule);
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

  /**
   * The float function as a double one for the engine: inputs are rounded to float (the engine
   * already hands over float-representable points, see {@link Line#FLOAT_PRECISION}), outputs are
   * widened exactly. A null result passes through for the engine to report.
   */
  private static UnaryOperator<double[]> widened(FloatVectorFunction f) {
    return xd -> {
      float[] xf = new float[xd.length];
      for (int k = 0; k < xd.length; k++) {
        xf[k] = (float) xd[k];
      }
      float[] y = f.apply(xf);
      if (y == null) {
        return null;
      }
      double[] out = new double[y.length];
      for (int i = 0; i < y.length; i++) {
        out[i] = y[i];
      }
      return out;
    };
  }
}
