package org.gradcheck.hamcrest;

import static org.gradcheck.hamcrest.CloseToTest.mismatch;
import static org.gradcheck.hamcrest.GradientMatchers.passedVerification;
import static org.gradcheck.hamcrest.GradientMatchers.passesVerification;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import org.gradcheck.GradientChecker;
import org.gradcheck.Mode;
import org.gradcheck.reference.KnownBugs;
import org.gradcheck.reference.ReferenceRules;
import org.gradcheck.registry.GradientRegistry;
import org.gradcheck.registry.GradientRule;
import org.gradcheck.registry.VerificationConfig;
import org.hamcrest.Matcher;
import org.junit.jupiter.api.Test;

class RuleMatcherTest {
  private static final VerificationConfig THREE_POINTS =
      VerificationConfig.builder()
          .pointsPerRule(3)
          .seed(5)
          .checker(GradientChecker.builder().mode(Mode.FULL).build())
          .build();

  @Test
  void aCorrectRulePassesAndAKnownBugFailsNamingThePointsAndTheWorstEntry() {
    assertThat(ReferenceRules.sigmoid(3), passesVerification(THREE_POINTS));
    GradientRule bug = KnownBugs.SOFTMAX_DIAGONAL_ONLY.rule();
    assertThat(bug, not(passesVerification(THREE_POINTS)));
    Matcher<GradientRule> matcher = passesVerification(THREE_POINTS);
    assertThat(
        mismatch(matcher, bug),
        allOf(
            startsWith(
                "rule 'bug/softmax-diagonal-only' FAILED: 9 of 9 checks failed (3 points, seed 5)"),
            containsString("\n  point 0 (seed "),
            containsString("\nfirst failing check: JACOBIAN check (mode FULL) failed: "),
            containsString("∂y[")));
  }

  @Test
  void aRuleReportMatchesByItsVerdict() {
    assertThat(GradientRegistry.verify(ReferenceRules.tanh(2), THREE_POINTS), passedVerification());
    assertThat(
        GradientRegistry.verify(KnownBugs.SOFTMAX_DIAGONAL_ONLY.rule(), THREE_POINTS),
        not(passedVerification()));
  }

  @Test
  void theRuleMatchersDescribeThemselvesAndDefaultToTheDefaultConfig() {
    assertThat(
        org.hamcrest.StringDescription.toString(passesVerification()),
        equalTo("a rule passing verification"));
    assertThat(
        org.hamcrest.StringDescription.toString(passedVerification()),
        equalTo("a rule passing verification"));
    assertThat(ReferenceRules.tanh(2), passesVerification());
    assertThat(KnownBugs.SOFTMAX_DIAGONAL_ONLY.rule(), not(passesVerification()));
  }
}
