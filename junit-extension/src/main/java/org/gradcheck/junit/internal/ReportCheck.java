package org.gradcheck.junit.internal;

import java.util.Locale;
import org.gradcheck.CheckReport;

/**
 * A {@link CheckReport} as the extension records it: a pass publishes {@link #summary()}, a failure
 * fails the test with {@link #text()} and attaches {@link #json()}.
 *
 * @param label what was checked, e.g. {@code softmax VJP at logits(5, σ=3.0)}; empty if unnamed
 * @param report the report
 */
record ReportCheck(String label, CheckReport report) {

  /** True if the check passed. */
  boolean passed() {
    return report.passed();
  }

  /**
   * True if the check went as the test expects ({@link CheckReport#asExpected()}): it passed, or it
   * failed with the kinds of its expectation. A check that is not as expected fails the trial.
   */
  boolean asExpected() {
    return report.asExpected();
  }

  /** True if the report carries an expected failure. */
  boolean expectsFailure() {
    return report.expectation().isPresent();
  }

  /**
   * E.g. {@code PASSED JACOBIAN (FULL): max abs error 1.2e-13, max rel error 3.4e-11, 42 …}; a
   * report under an expectation says after its verdict whether it was met.
   */
  String summary() {
    return String.format(
        Locale.ROOT,
        "%s%s%s %s (%s): max abs error %.3g, max rel error %.3g, %d function evaluations, %d"
            + " compared, %d failed, seed %s",
        label.isEmpty() ? "" : label + ": ",
        report.passed() ? "PASSED" : "FAILED",
        report.expectation().map(e -> asExpected() ? " (as expected)" : " (" + e + ")").orElse(""),
        report.kind(),
        report.mode(),
        report.maxAbsError(),
        report.maxRelError(),
        report.functionEvaluations(),
        report.comparedCount(),
        report.failedCount(),
        Seeds.format(report.seed()));
  }

  /**
   * The full report a person reads, after the label and, for a report that did not meet its
   * expectation, what was expected and found instead.
   */
  String text() {
    String unmet =
        report.expectation().flatMap(e -> e.unmetBy(report)).map(m -> m + "\n").orElse("");
    return (label.isEmpty() ? "" : label + ": ") + unmet + report;
  }

  /** The report as JSON. */
  String json() {
    return report.toJson();
  }
}
