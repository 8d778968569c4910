package org.gradcheck.report;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.apiguardian.api.API;
import org.gradcheck.CheckReport;

/**
 * Every gradient check a test run made (e.g. the {@code @GradientCheck}, {@code @GradientProperty}
 * and {@code @VerifyRegistry} tests of one {@code mvn test}), grouped by test — what {@link
 * TestRunHtmlReport} and {@link TestRunJsonReport} render.
 *
 * @param provenance tool, JVM and the time the run started
 * @param tests the tests that made at least one check, in the order they started
 * @param elapsedMillis wall-clock time of the whole run
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.2")
public record TestRunReport(Provenance provenance, List<TestCase> tests, long elapsedMillis) {

  /** Copies the tests. */
  public TestRunReport {
    Objects.requireNonNull(provenance, "provenance");
    tests = List.copyOf(tests);
  }

  /** Every check of every test, in order. */
  public List<RecordedCheck> checks() {
    return tests.stream().flatMap(t -> t.checks().stream()).toList();
  }

  /**
   * True when at least one check was made and every check went as expected: passed, or failed with
   * the kinds its checker expected ({@code checker.expectFailure(...)}).
   */
  public boolean verified() {
    List<RecordedCheck> all = checks();
    return !all.isEmpty() && all.stream().allMatch(RecordedCheck::asExpected);
  }

  /**
   * The one-line verdict of the run, e.g. {@code NOT VERIFIED: 1 of 7 gradient checks failed, in 5
   * tests (2.3 s)}; "did not go as expected" when a check expected to fail passed instead.
   */
  public String summary() {
    List<RecordedCheck> all = checks();
    long failed = all.stream().filter(c -> !c.asExpected()).count();
    boolean anUnexpectedPass = all.stream().anyMatch(c -> !c.asExpected() && c.report().passed());
    long expectedFailures =
        all.stream().filter(c -> c.asExpected() && !c.report().passed()).count();
    String outcome;
    if (failed > 0) {
      outcome = anUnexpectedPass ? "did not go as expected" : "failed";
    } else if (expectedFailures > 0) {
      outcome = "went as expected (" + expectedFailures + " failed as expected)";
    } else {
      outcome = "passed";
    }
    return String.format(
        Locale.ROOT,
        "%s: %d of %d gradient checks %s, in %d tests (%.1f s)",
        verified() ? "VERIFIED" : "NOT VERIFIED",
        failed > 0 ? failed : all.size(),
        all.size(),
        outcome,
        tests.size(),
        elapsedMillis / 1000.0);
  }

  /**
   * One test (e.g. one trial of a {@code @GradientCheck} method) and the checks it made.
   *
   * @param uniqueId the test's unique id on its platform
   * @param path display names from the outermost container (the test class) down to the test
   *     itself, e.g. {@code [SoftmaxTest, jacobian(TrialChecker, double[]), trial 1/3 (seed
   *     0x5DEECE66D)]}; never empty
   * @param result how the test ended, e.g. {@code SUCCESSFUL}, {@code FAILED} or {@code ABORTED}
   * @param checks the checks it made, in the order they were made
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.2")
  public record TestCase(
      String uniqueId, List<String> path, String result, List<RecordedCheck> checks) {
    /** Copies the lists; the path must not be empty. */
    public TestCase {
      Objects.requireNonNull(uniqueId, "uniqueId");
      Objects.requireNonNull(result, "result");
      path = List.copyOf(path);
      checks = List.copyOf(checks);
      if (path.isEmpty()) {
        throw new IllegalArgumentException("the path of test " + uniqueId + " is empty");
      }
    }

    /** The test's own display name, the last of its path. */
    public String displayName() {
      return path.get(path.size() - 1);
    }

    /**
     * PASSED if every check went as expected (see {@link RecordedCheck#asExpected()}), else FAILED.
     */
    public Verdict verdict() {
      return checks.stream().allMatch(RecordedCheck::asExpected) ? Verdict.PASSED : Verdict.FAILED;
    }
  }

  /**
   * One check a test made.
   *
   * @param label what was checked, e.g. {@code softmax VJP at logits(5, σ=3.0)}; empty if unnamed
   * @param report the checker's report
   * @param stepCurve the error-versus-step curve of the worst Jacobian entry, or {@code null} when
   *     it could not be measured (the check's function is not known to the report, or no entry was
   *     compared individually)
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.2")
  public record RecordedCheck(String label, CheckReport report, StepCurve stepCurve) {
    /** Validates the label and report. */
    public RecordedCheck {
      Objects.requireNonNull(label, "label");
      Objects.requireNonNull(report, "report");
    }

    /** PASSED or FAILED: what the check found, whatever was expected of it. */
    public Verdict verdict() {
      return report.passed() ? Verdict.PASSED : Verdict.FAILED;
    }

    /**
     * MUST_FAIL if the check was made by a checker that expected a failure ({@code
     * checker.expectFailure(...)}), else MUST_PASS.
     */
    public Expectation expectation() {
      return report.expectation().isPresent() ? Expectation.MUST_FAIL : Expectation.MUST_PASS;
    }

    /** True if the check passed, or failed with every kind its checker expected. */
    public boolean asExpected() {
      return report.asExpected();
    }

    /** The largest |analytic − numeric| / allowed of the check (≤ 1 passes), NaN if none. */
    public double worstMargin() {
      return PointOutcome.worstMargin(report);
    }
  }
}
