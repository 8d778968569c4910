package org.gradcheck.hamcrest;

import org.gradcheck.CheckReport;
import org.gradcheck.registry.GradientRegistry;
import org.gradcheck.registry.GradientRule;
import org.gradcheck.registry.PointCheck;
import org.gradcheck.registry.RuleReport;
import org.gradcheck.registry.VerificationConfig;
import org.hamcrest.Description;
import org.hamcrest.TypeSafeDiagnosingMatcher;

/**
 * A passing gradient check: a {@link CheckReport} that passed, a {@link RuleReport} that passed, or
 * a {@link GradientRule} that passes {@link GradientRegistry#verify} under a configuration.
 */
final class PassesGradientCheck extends TypeSafeDiagnosingMatcher<Object> {
  private final VerificationConfig config;

  PassesGradientCheck(VerificationConfig config) {
    super(Object.class);
    this.config = config;
  }

  @Override
  protected boolean matchesSafely(Object item, Description mismatch) {
    if (item instanceof CheckReport report) {
      if (!report.passed()) {
        ReportMismatch.describe(report, mismatch);
      }
      return report.passed();
    }
    if (item instanceof GradientRule rule) {
      return matchesRule(GradientRegistry.verify(rule, config), mismatch);
    }
    if (item instanceof RuleReport report) {
      return matchesRule(report, mismatch);
    }
    mismatch
        .appendText("was a ")
        .appendText(item.getClass().getName())
        .appendText(", which is neither a CheckReport, a GradientRule nor a RuleReport");
    return false;
  }

  private static boolean matchesRule(RuleReport report, Description mismatch) {
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
    description.appendText("a passing gradient check");
  }
}
