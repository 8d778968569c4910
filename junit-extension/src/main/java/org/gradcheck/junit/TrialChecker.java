package org.gradcheck.junit;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.BiConsumer;
import org.apiguardian.api.API;
import org.gradcheck.CheckReport;
import org.gradcheck.GradientCheckFailure;
import org.gradcheck.GradientChecker;
import org.gradcheck.GradientFunction;
import org.gradcheck.HessianFunction;
import org.gradcheck.HessianVectorProduct;
import org.gradcheck.JacobianFunction;
import org.gradcheck.JacobianVectorProduct;
import org.gradcheck.KinkPolicy;
import org.gradcheck.ScalarFunction;
import org.gradcheck.Signature;
import org.gradcheck.VectorFunction;
import org.gradcheck.VectorJacobianProduct;
import org.gradcheck.generate.Generator;
import org.gradcheck.registry.DeclaredKink;
import org.gradcheck.registry.DerivativeForm;
import org.gradcheck.registry.GradientRule;
import org.opentest4j.TestAbortedException;

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
  private final BiConsumer<String, CheckReport> recorder;

  /**
   * Created by the extension for each trial.
   *
   * @param checker the configured checker
   * @param trial the trial
   * @param recorder receives every report with a label (empty for unlabelled checks)
   */
  @API(status = API.Status.INTERNAL)
  public TrialChecker(
      GradientChecker checker, GradientCheckTrial trial, BiConsumer<String, CheckReport> recorder) {
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
    recorder.accept("", Objects.requireNonNull(report, "report"));
    return report;
  }

  /**
   * Verifies a registry rule at this trial's point: drawn with the trial's seed from generator
   * (trial − 1) mod count of the rule, checked in every derivative form the rule provides, with the
   * rule's tolerance override applied over this checker's tolerance. Each report is recorded,
   * labelled with the rule, form and input kind, and returned in form order.
   *
   * <p>A point within a declared kink's margin is handled by the checker's {@link
   * org.gradcheck.Robustness#kinkPolicy()} — the same policy that governs the kinks it detects:
   * {@link KinkPolicy#SKIP} aborts the trial, {@link KinkPolicy#FAIL} fails it, both naming the
   * coordinate; {@link KinkPolicy#CHECK} checks the point like any other.
   *
   * @throws AssertionError if the rule has no generator, or its generator leaves its own domain, or
   *     (under {@link KinkPolicy#FAIL}) the point comes within a declared kink's margin
   * @throws org.opentest4j.TestAbortedException under {@link KinkPolicy#SKIP} for such a point
   */
  public List<CheckReport> verify(GradientRule rule) {
    Objects.requireNonNull(rule, "rule");
    String where = "rule '" + rule.name() + "'";
    List<Generator<double[]>> generators = rule.generators();
    if (generators.isEmpty()) {
      throw new AssertionError(
          where + " declares no input generator, so it cannot be verified; add one with inputs(…)");
    }
    Generator<double[]> generator = generators.get((trial.trial() - 1) % generators.size());
    double[] x = generator.generate(new SplittableRandom(trial.seed()));
    Optional<String> outside = generator.violation(x);
    if (outside.isPresent()) {
      throw new AssertionError(
          where + ": generator " + generator.kind() + " left its domain: " + outside.get());
    }
    KinkPolicy kinkPolicy = checker.robustness().kinkPolicy();
    for (DeclaredKink kink : rule.kinks()) {
      Optional<String> near = kink.approachedBy(x, rule.signature());
      if (near.isPresent() && kinkPolicy != KinkPolicy.CHECK) {
        String message =
            where
                + ": the point from generator "
                + generator.kind()
                + " is too close to a declared kink: "
                + near.get()
                + " (kinkPolicy "
                + kinkPolicy
                + ")";
        if (kinkPolicy == KinkPolicy.SKIP) {
          throw new TestAbortedException(message);
        }
        throw new AssertionError(message);
      }
    }
    GradientChecker ruleChecker =
        rule.tolerance()
            .map(t -> checker.toBuilder().tolerance(t.applyTo(checker.tolerance())).build())
            .orElse(checker);
    List<CheckReport> reports = new ArrayList<>();
    for (DerivativeForm form : rule.forms()) {
      CheckReport report = rule.check(ruleChecker, form, x);
      recorder.accept(rule.name() + " " + form + " at " + generator.kind(), report);
      reports.add(report);
    }
    return reports;
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
