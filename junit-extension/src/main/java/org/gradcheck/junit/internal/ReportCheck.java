package org.gradcheck.junit.internal;

import java.util.Locale;
import org.gradcheck.CheckReport;

/** A {@link CheckReport} as the extension records it. */
record ReportCheck(String label, CheckReport report) implements RecordedCheck {

  @Override
  public boolean passed() {
    return report.passed();
  }

  /** E.g. {@code PASSED JACOBIAN (FULL): max abs error 1.2e-13, max rel error 3.4e-11, 42 …}. */
  @Override
  public String summary() {
    return String.format(
        Locale.ROOT,
        "%s%s %s (%s): max abs error %.3g, max rel error %.3g, %d function evaluations, %d"
            + " compared, %d failed, seed %s",
        label.isEmpty() ? "" : label + ": ",
        report.passed() ? "PASSED" : "FAILED",
        report.kind(),
        report.mode(),
        report.maxAbsError(),
        report.maxRelError(),
        report.functionEvaluations(),
        report.comparedCount(),
        report.failedCount(),
        Seeds.format(report.seed()));
  }

  @Override
  public String text() {
    return (label.isEmpty() ? "" : label + ": ") + report;
  }

  @Override
  public String json() {
    return report.toJson();
  }
}
