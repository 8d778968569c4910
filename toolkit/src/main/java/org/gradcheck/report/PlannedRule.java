package org.gradcheck.report;

import java.util.Objects;
import org.apiguardian.api.API;
import org.gradcheck.registry.GradientRule;

/**
 * A rule to verify, with where it came from and what it must do.
 *
 * @param rule the rule
 * @param source where it came from, e.g. {@code built-in} or {@code provider com.acme.Rules}
 * @param expectation whether it must pass or (a known bug) must fail
 * @param lesson for a known bug, the mistake it teaches; otherwise empty
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.2")
public record PlannedRule(
    GradientRule rule, String source, Expectation expectation, String lesson) {
  /** Validates the fields. */
  public PlannedRule {
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(expectation, "expectation");
    Objects.requireNonNull(lesson, "lesson");
  }

  /**
   * A rule planned as it declares itself: a {@link GradientRule#knownBug()} must fail (be caught),
   * with its {@link GradientRule#mistake()} as the lesson; any other rule must pass.
   *
   * @param rule the rule
   * @param source where it came from
   * @return the planned rule
   * @since 0.2
   */
  public static PlannedRule of(GradientRule rule, String source) {
    return rule.knownBug().isPresent()
        ? new PlannedRule(rule, source, Expectation.MUST_FAIL, rule.mistake())
        : mustPass(rule, source);
  }

  /** A rule that must pass. */
  public static PlannedRule mustPass(GradientRule rule, String source) {
    return new PlannedRule(rule, source, Expectation.MUST_PASS, "");
  }
}
