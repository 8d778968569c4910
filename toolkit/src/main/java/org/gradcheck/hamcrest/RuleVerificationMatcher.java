package org.gradcheck.hamcrest;

import java.util.function.Function;
import org.gradcheck.registry.PointCheck;
import org.gradcheck.registry.RuleReport;
import org.hamcrest.Description;
import org.hamcrest.TypeSafeDiagnosingMatcher;

/**
 * A registry rule that passes verification, or a {@link RuleReport} that passed: the mismatch lists
 * the failing points and the worst entries of the first failing check.
 *
 * @param <T> GradientRule (verified on matching) or RuleReport
 */
final class RuleVerificationMatcher<T> extends TypeSafeDiagnosingMatcher<T> {
  private final Function<T, RuleReport> verification;

  RuleVerificationMatcher(Class<T> type, Function<T, RuleReport> verification) {
    super(type);
    this.verification = verification;
  }

  @Override
  protected boolean matchesSafely(T item, Description mismatch) {
    RuleReport report = verification.apply(item);
    if (report.passed()) {
      return true;
    }
    mismatch
        .appendText("rule '" + report.ruleName() + "' " + report.status())
        .appendText(": " + report.failures().size() + " of " + report.checks().size())
        .appendText(" checks failed (" + report.pointCount() + " points, seed " + report.seed())
        .appendText(")");
    int shown = 0;
    for (PointCheck failure : report.failures()) {
      if (shown++ == CloseTo.WORST_SHOWN) {
        mismatch.appendText("\n  …");
        break;
      }
      mismatch.appendText("\n  " + failure.summary());
    }
    report
        .firstFailure()
        .flatMap(PointCheck::checkReport)
        .ifPresent(
            first -> {
              mismatch.appendText("\nfirst failing check: ");
              ReportMismatch.describe(first, mismatch);
            });
    return false;
  }

  @Override
  public void describeTo(Description description) {
    description.appendText("a rule passing verification");
  }
}
