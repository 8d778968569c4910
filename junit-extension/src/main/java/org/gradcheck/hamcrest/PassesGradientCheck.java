package org.gradcheck.hamcrest;

import org.gradcheck.CheckReport;
import org.hamcrest.Description;
import org.hamcrest.TypeSafeDiagnosingMatcher;

/** A {@link CheckReport} that passed. */
final class PassesGradientCheck extends TypeSafeDiagnosingMatcher<CheckReport> {

  PassesGradientCheck() {
    super(CheckReport.class);
  }

  @Override
  protected boolean matchesSafely(CheckReport report, Description mismatch) {
    if (report.passed()) {
      return true;
    }
    ReportMismatch.describe(report, mismatch);
    return false;
  }

  @Override
  public void describeTo(Description description) {
    description.appendText("a passing gradient check");
  }
}
