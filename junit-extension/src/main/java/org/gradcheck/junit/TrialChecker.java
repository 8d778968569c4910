package org.gradcheck.junit;

import java.util.Objects;
import java.util.function.Consumer;
import org.apiguardian.api.API;
import org.gradcheck.CheckReport;
import org.gradcheck.GradientCheckFailure;
import org.gradcheck.GradientChecker;
import org.gradcheck.GradientFunction;
import org.gradcheck.HessianFunction;
import org.gradcheck.HessianVectorProduct;
import org.gradcheck.JacobianFunction;
import org.gradcheck.JacobianVectorProduct;
import org.gradcheck.ScalarFunction;
import org.gradcheck.Signature;
import org.gradcheck.VectorFunction;
import org.gradcheck.VectorJacobianProduct;

/**
 * The checker of one {@link GradientCheck} trial: a {@link GradientChecker} configured from the
 * annotation and seeded with the trial's seed, whose every report the extension sees. After the
 * test method returns, a failing report fails the test with its full text, the seed and a rerun
 * hint, and its JSON is attached as a file; a passing report publishes a one-line summary (max
 * errors, evaluations, mode) as a report entry. The test need not assert anything itself.
 *
 * <p>The check methods are those of {@link GradientChecker}; none modifies its arguments.
 */
@API(status = API.Status.EXPERIMENTAL)
public final class TrialChecker {
  private final GradientChecker checker;
  private final GradientCheckTrial trial;
  private final Consumer<CheckReport> recorder;

  /**
   * Created by the extension for each trial.
   *
   * @param checker the configured checker
   * @param trial the trial
   * @param recorder receives every report
   */
  @API(status = API.Status.INTERNAL)
  public TrialChecker(
      GradientChecker checker, GradientCheckTrial trial, Consumer<CheckReport> recorder) {
    this.checker = Objects.requireNonNull(checker, "checker");
    this.trial = Objects.requireNonNull(trial, "trial");
    this.recorder = Objects.requireNonNull(recorder, "recorder");
  }

  /** The configured checker itself; checks made directly through it are not recorded. */
  public GradientChecker checker() {
    return checker;
  }

  /** The trial this checker belongs to. */
  public GradientCheckTrial trial() {
    return trial;
  }

  /**
   * Records a report made elsewhere (e.g. by another checker) as if this checker had made it, and
   * returns it; recording the same report twice has no further effect.
   */
  public CheckReport record(CheckReport report) {
    recorder.accept(Objects.requireNonNull(report, "report"));
    return report;
  }

  /**
   * Records the report and throws {@link GradientCheckFailure} at once if it failed, for a test
   * that must not go on after a failing check.
   */
  public CheckReport require(CheckReport report) {
    return record(report).assertPassed();
  }

  /** See {@link GradientChecker#checkJacobian(VectorFunction, JacobianFunction, double[])}. */
  public CheckReport checkJacobian(VectorFunction f, JacobianFunction jacobian, double[] x) {
    return record(checker.checkJacobian(f, jacobian, x));
  }

  /**
   * See {@link GradientChecker#checkJacobian(VectorFunction, JacobianFunction, double[],
   * Signature)}.
   */
  public CheckReport checkJacobian(
      VectorFunction f, JacobianFunction jacobian, double[] x, Signature signature) {
    return record(checker.checkJacobian(f, jacobian, x, signature));
  }

  /** See {@link GradientChecker#checkVjp(VectorFunction, VectorJacobianProduct, double[])}. */
  public CheckReport checkVjp(VectorFunction f, VectorJacobianProduct vjp, double[] x) {
    return record(checker.checkVjp(f, vjp, x));
  }

  /**
   * See {@link GradientChecker#checkVjp(VectorFunction, VectorJacobianProduct, double[],
   * Signature)}.
   */
  public CheckReport checkVjp(
      VectorFunction f, VectorJacobianProduct vjp, double[] x, Signature signature) {
    return record(checker.checkVjp(f, vjp, x, signature));
  }

  /** See {@link GradientChecker#checkJvp(VectorFunction, JacobianVectorProduct, double[])}. */
  public CheckReport checkJvp(VectorFunction f, JacobianVectorProduct jvp, double[] x) {
    return record(checker.checkJvp(f, jvp, x));
  }

  /**
   * See {@link GradientChecker#checkJvp(VectorFunction, JacobianVectorProduct, double[],
   * Signature)}.
   */
  public CheckReport checkJvp(
      VectorFunction f, JacobianVectorProduct jvp, double[] x, Signature signature) {
    return record(checker.checkJvp(f, jvp, x, signature));
  }

  /** See {@link GradientChecker#checkGradient(ScalarFunction, GradientFunction, double[])}. */
  public CheckReport checkGradient(ScalarFunction f, GradientFunction gradient, double[] x) {
    return record(checker.checkGradient(f, gradient, x));
  }

  /**
   * See {@link GradientChecker#checkGradient(ScalarFunction, GradientFunction, double[],
   * Signature)}.
   */
  public CheckReport checkGradient(
      ScalarFunction f, GradientFunction gradient, double[] x, Signature signature) {
    return record(checker.checkGradient(f, gradient, x, signature));
  }

  /** See {@link GradientChecker#checkHessian(GradientFunction, HessianFunction, double[])}. */
  public CheckReport checkHessian(GradientFunction gradient, HessianFunction hessian, double[] x) {
    return record(checker.checkHessian(gradient, hessian, x));
  }

  /**
   * See {@link GradientChecker#checkHessian(GradientFunction, HessianFunction, double[],
   * Signature)}.
   */
  public CheckReport checkHessian(
      GradientFunction gradient, HessianFunction hessian, double[] x, Signature signature) {
    return record(checker.checkHessian(gradient, hessian, x, signature));
  }

  /**
   * See {@link GradientChecker#checkHessianVectorProduct(GradientFunction, HessianVectorProduct,
   * double[])}.
   */
  public CheckReport checkHessianVectorProduct(
      GradientFunction gradient, HessianVectorProduct hvp, double[] x) {
    return record(checker.checkHessianVectorProduct(gradient, hvp, x));
  }

  /**
   * See {@link GradientChecker#checkHessianVectorProduct(GradientFunction, HessianVectorProduct,
   * double[], Signature)}.
   */
  public CheckReport checkHessianVectorProduct(
      GradientFunction gradient, HessianVectorProduct hvp, double[] x, Signature signature) {
    return record(checker.checkHessianVectorProduct(gradient, hvp, x, signature));
  }

  @Override
  public String toString() {
    return "TrialChecker[" + trial + ", " + checker + "]";
  }
}
