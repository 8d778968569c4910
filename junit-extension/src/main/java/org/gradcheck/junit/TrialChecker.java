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
import org.gradcheck.KinkPolicy;
import org.gradcheck.generate.Generator;
import org.gradcheck.registry.DeclaredKink;
import org.gradcheck.registry.DerivativeForm;
import org.gradcheck.registry.GradientRule;
import org.opentest4j.TestAbortedException;

/**
 * What a {@link GradientCheck} trial offers beyond checking: the trial, rule verification at the
 * trial's point and recording of reports made elsewhere. The checks themselves are made through
 * {@link #checker()} — the same recording {@link GradientChecker} the extension injects for a
 * {@code GradientChecker} parameter — so every check form of {@code GradientChecker} is available
 * and recorded.
 *
 * <p>Every recorded report is asserted by the extension after the test method returns: one that did
 * not go as expected (it failed, or under {@link GradientChecker#expectFailure} it passed or failed
 * without an expected kind) fails the test with its full text, the seed and a rerun hint, and its
 * JSON is attached as a file; every report publishes a one-line summary (max errors, evaluations,
 * mode) as a report entry. The test need not assert anything itself. No method modifies its
 * arguments.
 */
@API(status = API.Status.EXPERIMENTAL)
public final class TrialChecker {
  private final GradientChecker checker;
  private final GradientChecker recording;
  private final GradientCheckTrial trial;
  private final BiConsumer<String, CheckReport> recorder;

  /**
   * Created by the extension for each trial.
   *
   * @param checker the configured checker (without a listener; {@link #checker()} adds one)
   * @param trial the trial
   * @param recorder receives every report with a label (empty for unlabelled checks)
   */
  @API(status = API.Status.INTERNAL)
  public TrialChecker(
      GradientChecker checker, GradientCheckTrial trial, BiConsumer<String, CheckReport> recorder) {
    this.checker = Objects.requireNonNull(checker, "checker");
    this.trial = Objects.requireNonNull(trial, "trial");
    this.recorder = Objects.requireNonNull(recorder, "recorder");
    this.recording = checker.withReportListener(report -> recorder.accept("", report));
  }

  /**
   * The trial's checker, configured from the annotation and seeded with the trial's seed, whose
   * every report is recorded — also those of checkers derived from it ({@link
   * GradientChecker#expectFailure}, {@link GradientChecker#toBuilder()}). The same checker the
   * extension injects for a {@code GradientChecker} parameter.
   *
   * <pre>{@code
   * checker.checker().checkVjp(layer::forward, layer::backward, x);
   * checker.checker().expectFailure(Finding.Kind.CONSTANT_FACTOR).checkVjp(f, buggy, x);
   * }</pre>
   *
   * @return the recording checker
   */
  public GradientChecker checker() {
    return recording;
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
   * rule's tolerance override applied over this checker's tolerance. A rule is expected to pass; a
   * rule declared a known bug ({@link GradientRule#knownBug()}) carries its expectation into every
   * report, so the trial passes when each form checked at its point fails with the declared kinds
   * and fails, saying what was found, when one does not. Each report is recorded, labelled with the
   * rule, form and input kind, and returned in form order.
   *
   * <p>A point within a declared kink's margin is handled by the checker's {@link
   * org.gradcheck.Robustness#kinkPolicy()} — the same policy that governs the kinks it detects:
   * {@link KinkPolicy#SKIP} aborts the trial, {@link KinkPolicy#FAIL} fails it, both naming the
   * coordinate; {@link KinkPolicy#CHECK} checks the point like any other.
   *
   * @throws AssertionError if the rule has no generator, or its generator leaves its own domain, or
   *     (under {@link KinkPolicy#FAIL}) the point comes within a declared kink's margin
   * @throws org.opentest4j.TestAbortedException under {@link KinkPolicy#SKIP} for such a point
   * @throws RuntimeException what the rule's input generator, function or derivative threw (the
   *     trial errors with it, as the registry's verification errors the point)
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
   * Records the report and throws {@link GradientCheckFailure} at once if it did not go as expected
   * ({@link CheckReport#assertAsExpected()}), for a test that must not go on after a failing check.
   */
  public CheckReport require(CheckReport report) {
    return record(report).assertAsExpected();
  }

  @Override
  public String toString() {
    return "TrialChecker[" + trial + ", " + checker + "]";
  }
}
