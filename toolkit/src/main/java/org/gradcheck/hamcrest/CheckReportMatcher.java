package org.gradcheck.hamcrest;

import java.util.Optional;
import org.gradcheck.CheckReport;
import org.gradcheck.ExpectedFailure;
import org.hamcrest.Description;
import org.hamcrest.TypeSafeDiagnosingMatcher;

/**
 * A {@link CheckReport} that passed, or (with an expected failure) one that failed with every
 * expected kind; the mismatch of a failing report lists its worst entries, that of an unmet
 * expectation says what was found instead.
 */
final class CheckReportMatcher extends TypeSafeDiagnosingMatcher<CheckReport> {
  private final ExpectedFailure expected; // null: the report must pass

  CheckReportMatcher(ExpectedFailure expected) {
    super(CheckReport.class);
    this.expected = expected;
  }

  @Override
  protected boolean matchesSafely(CheckReport report, Description mismatch) {
    if (expected == null) {
      if (!report.passed()) {
        ReportMismatch.describe(report, mismatch);
      }
      return report.passed();
    }
    Optional<String> unmet = expected.unmetBy(report);
    unmet.ifPresent(reason -> mismatch.appendText(reason + " (" + report.kind() + " check)"));
    return unmet.isEmpty();
  }

  @Override
  public void describeTo(Description description) {
    description.appendText(
        expected == null
            ? "a passing gradient check"
            : expected.kinds().isEmpty()
                ? "a failing gradient check"
                : "a gradient check failing with " + expected.kinds());
  }
}
