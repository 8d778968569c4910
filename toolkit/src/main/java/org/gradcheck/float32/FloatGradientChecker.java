package org.gradcheck.float32;

import java.util.Objects;
import org.apiguardian.api.API;
import org.ejml.data.DMatrixRMaj;
import org.gradcheck.CheckReport;
import org.gradcheck.GradientChecker;
import org.gradcheck.GradientFunction;
import org.gradcheck.InvalidCheckInputException;
import org.gradcheck.JacobianFunction;
import org.gradcheck.JacobianVectorProduct;
import org.gradcheck.Precision;
import org.gradcheck.Signature;
import org.gradcheck.VectorFunction;
import org.gradcheck.VectorJacobianProduct;

/**
 * Checks the derivatives of single-precision (float32) functions, in every form and mode of {@link
 * GradientChecker}: a thin configuration over a {@link GradientChecker} of {@link
 * Precision#FLOAT32}, whose pipeline runs unchanged on the float functions seen as double ones (x
 * rounded to float, outputs widened exactly; every guard, the kink search and the diagnosis apply).
 * The numeric engine evaluates only at float-representable points and counts float rounding ε_f·|f|
 * as the noise of every value, so its error bar covers the function's own rounding; rtol is at
 * least 40·ε_f for the analytic side's rounding. The result is a {@link CheckReport} whose {@link
 * CheckReport#precision()} is {@link Precision#FLOAT32}.
 *
 * <pre>{@code
 * FloatGradientChecker.defaults().checkVjp(layer::forward, layer::backward, x).assertPassed();
 * FloatGradientChecker.of(GradientChecker.builder().mode(Mode.FAST).build()).checkJvp(f, jvp, x);
 * }</pre>
 *
 * <p>Immutable and thread-safe as the underlying checker. No argument is modified.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class FloatGradientChecker {
  /** The float machine epsilon 2⁻²³. */
  public static final double FLOAT_EPS = Precision.FLOAT32.epsilon();

  private final GradientChecker checker;

  private FloatGradientChecker(GradientChecker checker) {
    this.checker = checker;
  }

  /** The float checker over {@link GradientChecker#defaults()}. */
  public static FloatGradientChecker defaults() {
    return of(GradientChecker.defaults());
  }

  /**
   * The float checker with every setting of {@code checker} (mode, seed, probes, robustness, …) but
   * {@link Precision#FLOAT32}; {@code checker} itself is not modified.
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.2")
  public static FloatGradientChecker of(GradientChecker checker) {
    Objects.requireNonNull(checker, "checker");
    return new FloatGradientChecker(
        checker.precision() == Precision.FLOAT32
            ? checker
            : checker.toBuilder().precision(Precision.FLOAT32).build());
  }

  /** The underlying checker, of {@link Precision#FLOAT32}. */
  @API(status = API.Status.EXPERIMENTAL, since = "0.2")
  public GradientChecker checker() {
    return checker;
  }

  /**
   * The same checker with other absolute and relative tolerances (finite, ≥ 0; rtol is still at
   * least {@link Precision#minimumRtol()}).
   *
   * @throws IllegalArgumentException for a negative, infinite or NaN tolerance
   */
  public FloatGradientChecker withTolerance(double atol, double rtol) {
    return of(checker.toBuilder().atol(atol).rtol(rtol).build());
  }

  // ---- first order -------------------------------------------------------------------------

  /** Checks an analytic float Jacobian (m rows of length n) of {@code f} at {@code x}. */
  @API(status = API.Status.EXPERIMENTAL, since = "0.2")
  public CheckReport checkJacobian(
      FloatVectorFunction f, FloatJacobianFunction jacobian, float[] x) {
    return checkJacobian(f, jacobian, x, null);
  }

  /** Checks an analytic float Jacobian with named, shaped inputs and outputs (null: anonymous). */
  @API(status = API.Status.EXPERIMENTAL, since = "0.2")
  public CheckReport checkJacobian(
      FloatVectorFunction f, FloatJacobianFunction jacobian, float[] x, Signature signature) {
    return checker.checkJacobian(widened(f), widened(jacobian, "Jacobian"), widened(x), signature);
  }

  /** Checks a float backward pass (x, g) → Jᵀg of {@code f} at {@code x}. */
  public CheckReport checkVjp(FloatVectorFunction f, FloatVectorJacobianProduct vjp, float[] x) {
    return checkVjp(f, vjp, x, null);
  }

  /** Checks a float backward pass with named, shaped inputs and outputs (null: anonymous). */
  public CheckReport checkVjp(
      FloatVectorFunction f, FloatVectorJacobianProduct vjp, float[] x, Signature signature) {
    VectorJacobianProduct wide = vjp == null ? null : (xd, g) -> widened(vjp, xd, g);
    return checker.checkVjp(widened(f), wide, widened(x), signature);
  }

  /** Checks a float forward-mode product (x, u) → J·u of {@code f} at {@code x}. */
  @API(status = API.Status.EXPERIMENTAL, since = "0.2")
  public CheckReport checkJvp(FloatVectorFunction f, FloatJacobianVectorProduct jvp, float[] x) {
    return checkJvp(f, jvp, x, null);
  }

  /**
   * Checks a float forward-mode product with named, shaped inputs and outputs (null: anonymous).
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.2")
  public CheckReport checkJvp(
      FloatVectorFunction f, FloatJacobianVectorProduct jvp, float[] x, Signature signature) {
    return checker.checkJvp(widened(f), widened(jvp), widened(x), signature);
  }

  /** Checks the float gradient of a float scalar function (a loss) at {@code x}. */
  public CheckReport checkGradient(
      FloatScalarFunction loss, FloatVectorFunction gradient, float[] x) {
    return checkGradient(loss, gradient, x, null);
  }

  /** Checks a float gradient with named, shaped inputs (null: anonymous; one scalar output). */
  @API(status = API.Status.EXPERIMENTAL, since = "0.2")
  public CheckReport checkGradient(
      FloatScalarFunction loss, FloatVectorFunction gradient, float[] x, Signature signature) {
    return checker.checkGradient(
        loss == null ? null : xd -> loss.apply(narrowed(xd)),
        asGradient(gradient),
        widened(x),
        signature);
  }

  // ---- second order ------------------------------------------------------------------------

  /** Checks a float Hessian (n rows of length n) against the numeric Jacobian of the gradient. */
  @API(status = API.Status.EXPERIMENTAL, since = "0.2")
  public CheckReport checkHessian(
      FloatVectorFunction gradient, FloatJacobianFunction hessian, float[] x) {
    return checkHessian(gradient, hessian, x, null);
  }

  /** Checks a float Hessian with named inputs (null: anonymous); only the inputs are used. */
  @API(status = API.Status.EXPERIMENTAL, since = "0.2")
  public CheckReport checkHessian(
      FloatVectorFunction gradient, FloatJacobianFunction hessian, float[] x, Signature signature) {
    JacobianFunction wide = widened(hessian, "Hessian");
    return checker.checkHessian(
        asGradient(gradient), wide == null ? null : wide::jacobian, widened(x), signature);
  }

  /** Checks a float Hessian-vector product (x, v) → ∇²f(x)·v against the numeric one. */
  @API(status = API.Status.EXPERIMENTAL, since = "0.2")
  public CheckReport checkHessianVectorProduct(
      FloatVectorFunction gradient, FloatJacobianVectorProduct hvp, float[] x) {
    return checkHessianVectorProduct(gradient, hvp, x, null);
  }

  /** Checks a float Hessian-vector product with named inputs (null: anonymous). */
  @API(status = API.Status.EXPERIMENTAL, since = "0.2")
  public CheckReport checkHessianVectorProduct(
      FloatVectorFunction gradient,
      FloatJacobianVectorProduct hvp,
      float[] x,
      Signature signature) {
    JacobianVectorProduct wide = widened(hvp);
    return checker.checkHessianVectorProduct(
        asGradient(gradient), wide == null ? null : wide::apply, widened(x), signature);
  }

  @Override
  public String toString() {
    return "FloatGradientChecker[" + checker + "]";
  }

  // ---- adapters: float functions seen as double ones --------------------------------------
  // A null function stays null (the checker names it); a null result passes through for the
  // pipeline to report; an exception propagates to the pipeline's guards unchanged.

  private static VectorFunction widened(FloatVectorFunction f) {
    return f == null ? null : xd -> widened(f.apply(narrowed(xd)));
  }

  private static GradientFunction asGradient(FloatVectorFunction gradient) {
    VectorFunction wide = widened(gradient);
    return wide == null ? null : wide::apply;
  }

  private static JacobianVectorProduct widened(FloatJacobianVectorProduct jvp) {
    return jvp == null ? null : (xd, u) -> widened(jvp.apply(narrowed(xd), narrowed(u)));
  }

  private static double[] widened(FloatVectorJacobianProduct vjp, double[] xd, double[] g) {
    return widened(vjp.apply(narrowed(xd), narrowed(g)));
  }

  private static JacobianFunction widened(FloatJacobianFunction jacobian, String what) {
    return jacobian == null ? null : xd -> matrix(jacobian.jacobian(narrowed(xd)), what);
  }

  /** The rows as an m×n matrix (n: the first row's length); null stays null. */
  private static DMatrixRMaj matrix(float[][] rows, String what) {
    if (rows == null) {
      return null;
    }
    int n = rows.length == 0 || rows[0] == null ? 0 : rows[0].length;
    DMatrixRMaj out = new DMatrixRMaj(rows.length, n);
    for (int i = 0; i < rows.length; i++) {
      if (rows[i] == null || rows[i].length != n) {
        throw new InvalidCheckInputException(
            "the "
                + what
                + "'s row "
                + i
                + " is "
                + (rows[i] == null ? "null" : "of length " + rows[i].length)
                + "; expected length "
                + n
                + " as row 0 (one entry per input)");
      }
      for (int j = 0; j < n; j++) {
        out.unsafe_set(i, j, rows[i][j]);
      }
    }
    return out;
  }

  /** The float values widened exactly; null stays null. */
  static double[] widened(float[] v) {
    if (v == null) {
      return null;
    }
    double[] out = new double[v.length];
    for (int k = 0; k < v.length; k++) {
      out[k] = v[k];
    }
    return out;
  }

  /** The values rounded to float (exact for x, which the checker has rounded already). */
  private static float[] narrowed(double[] v) {
    float[] out = new float[v.length];
    for (int k = 0; k < v.length; k++) {
      out[k] = (float) v[k];
    }
    return out;
  }
}
