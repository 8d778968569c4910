package org.gradcheck.junit;

import static org.gradcheck.junit.TestKit.entries;
import static org.gradcheck.junit.TestKit.message;
import static org.gradcheck.junit.TestKit.names;
import static org.gradcheck.junit.TestKit.run;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import java.util.List;
import org.gradcheck.KinkPolicy;
import org.gradcheck.registry.GradientRule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.Event;

/** {@link VerifyRegistry}: one invocation per rule and trial, verified by the extension. */
class VerifyRegistryTest {

  @TestKit.Fixture
  static class CorrectRules {
    @VerifyRegistry(providers = RuleFixtures.Correct.class)
    @GradientCheck(trials = 2, mode = CheckMode.FULL)
    void rules(GradientRule rule, GradientCheckTrial trial, TestReporter reporter) {
      reporter.publishEntry("rule", rule.name() + " " + trial.rule());
    }
  }

  @Test
  void everyRuleAndTrialIsAnInvocationThatVerifiesTheRuleInEveryForm() {
    EngineExecutionResults results = run(CorrectRules.class);
    assertThat(results.testEvents().succeeded().count(), equalTo(4L));
    List<String> names = names(results.testEvents().started());
    assertThat(names.get(0), equalTo("softmax: trial 1/2 (seed 0x5DEECE66D)"));
    assertThat(names.get(2), equalTo("sigmoid: trial 1/2 (seed 0x5DEECE66D)"));
    assertThat(
        entries(results, "rule"),
        contains("softmax softmax", "softmax softmax", "sigmoid sigmoid", "sigmoid sigmoid"));
    List<String> summaries = entries(results, "gradcheck");
    assertThat("softmax: 3 forms × 2 trials, sigmoid: its forms × 2", summaries.size() >= 8);
    assertThat(summaries, everyItem(containsString("PASSED")));
    assertThat(summaries.get(0), startsWith("softmax JACOBIAN at logits(4, σ="));
    assertThat(
        "trial 2 draws from the second generator",
        summaries.get(3),
        startsWith("softmax JACOBIAN at logits(4, ±1000"));
  }

  @TestKit.Fixture
  static class RulesByHand {
    @GradientCheck(trials = 2, mode = CheckMode.FULL)
    void verifiesRules(TrialChecker checker, TestReporter reporter) {
      List<org.gradcheck.CheckReport> reports =
          checker.verify(org.gradcheck.reference.ReferenceRules.softmax(3));
      reporter.publishEntry("forms", Integer.toString(reports.size()));
      checker.verify(RuleFixtures.diagonalOnly());
    }
  }

  @Test
  void aGradientCheckMethodCanVerifyRulesItselfThroughTheTrialChecker() {
    EngineExecutionResults results = run(RulesByHand.class);
    assertThat(entries(results, "forms"), contains("3", "3"));
    assertThat(results.testEvents().failed().count(), equalTo(2L));
    assertThat(
        entries(results, "gradcheck"),
        org.hamcrest.Matchers.hasItems(
            startsWith("softmax JACOBIAN at logits(3, σ=3.0): PASSED"),
            startsWith("wrong/softmax-diagonal-only JACOBIAN at logits(5, σ=3.0): FAILED")));
    assertThat(
        message(results.testEvents().failed().list().get(0)),
        allOf(
            startsWith("3 of 6 gradient checks failed in trial 1/2 (seed 0x5DEECE66D):"),
            containsString("finding: diagnosis: only the diagonal is right")));
  }

  @TestKit.Fixture
  static class WrongRule {
    @VerifyRegistry(providers = RuleFixtures.DiagonalOnly.class)
    @GradientCheck(mode = CheckMode.FULL)
    void rules() {}
  }

  @Test
  void aWrongRuleFailsItsOwnInvocationNamingTheRuleTheEntryAndTheRerunFilter() {
    EngineExecutionResults results = run(WrongRule.class);
    assertThat(results.testEvents().succeeded().count(), equalTo(1L));
    List<Event> failed = results.testEvents().failed().list();
    assertThat(failed, hasSize(1));
    assertThat(
        failed.get(0).getTestDescriptor().getDisplayName(),
        equalTo("wrong/softmax-diagonal-only: trial 1/1 (seed 0x5DEECE66D)"));
    assertThat(
        message(failed.get(0)),
        allOf(
            startsWith(
                "3 of 3 gradient checks failed in rule 'wrong/softmax-diagonal-only', trial 1/1"
                    + " (seed 0x5DEECE66D):"),
            containsString("wrong/softmax-diagonal-only JACOBIAN at logits(5"),
            containsString("∂y["),
            containsString("finding: diagnosis: only the diagonal is right"),
            containsString(
                "-Dgradcheck.seed=0x5DEECE66D -Dgradcheck.rules=wrong/softmax-diagonal-only")));
  }

  @TestKit.Fixture
  static class CaughtBugs {
    @VerifyRegistry(providers = RuleFixtures.CaughtBugs.class)
    @GradientCheck(mode = CheckMode.FULL)
    void rules() {}
  }

  @Test
  void aKnownBugRuleCaughtWithItsKindsPassesItsTrialsBuiltInOrUsers() {
    EngineExecutionResults results = run(CaughtBugs.class);
    assertThat(
        results.testEvents().failed().stream().map(TestKit::message).toList(), equalTo(List.of()));
    assertThat(
        names(results.testEvents().succeeded()),
        contains(
            "bug/softmax-diagonal-only: trial 1/1 (seed 0x5DEECE66D)",
            "mine/sigmoid-doubled: trial 1/1 (seed 0x5DEECE66D)"));
    assertThat(
        entries(results, "gradcheck"),
        everyItem(allOf(containsString("FAILED"), containsString("(as expected)"))));
  }

  @Test
  void aTrialWhosePointDoesNotShowTheBugFailsForATrialIsOnePoint() {
    EngineExecutionResults results = run(CaughtBugs.class, "gradcheck.trials", "2");
    assertThat(
        "σ′ doubled is 0 = 2·0 at the saturated logits of generator 2",
        results.testEvents().failed().stream().map(TestKit::message).toList(),
        org.hamcrest.Matchers.hasItem(
            allOf(
                startsWith("gradient check did not go as expected in rule 'mine/sigmoid-doubled'"),
                containsString("at logits(3, ±1000.0): expected the check to fail with"))));
  }

  @TestKit.Fixture
  static class MissedBugs {
    @VerifyRegistry(providers = RuleFixtures.MissedBugs.class)
    @GradientCheck(mode = CheckMode.FULL)
    void rules() {}
  }

  @Test
  void aKnownBugRuleNotCaughtOrCaughtWithOtherKindsFailsSayingWhatWasFound() {
    EngineExecutionResults results = run(MissedBugs.class);
    List<Event> failed = results.testEvents().failed().list();
    assertThat(failed, hasSize(2));
    assertThat(
        message(failed.get(0)),
        allOf(
            startsWith(
                "gradient check did not go as expected in rule 'mine/sigmoid-not-a-bug', trial"
                    + " 1/1"),
            containsString("expected the check to fail with [CONSTANT_FACTOR], but it passed")));
    assertThat(
        message(failed.get(1)),
        allOf(
            startsWith(
                "gradient check did not go as expected in rule 'mine/sigmoid-wrong-kind', trial"
                    + " 1/1"),
            containsString(
                "expected the check to fail with [SIGN_FLIPPED]; it failed, but [SIGN_FLIPPED] is"
                    + " not among its findings [CONSTANT_FACTOR")));
  }

  @TestKit.Fixture
  static class ThrowingRules {
    @VerifyRegistry(providers = RuleFixtures.Throwing.class)
    @GradientCheck(mode = CheckMode.FULL)
    void rules() {}
  }

  @Test
  void aThrowingGeneratorErrorsItsTrialWithItsExceptionAsAThrowingFunctionDoes() {
    EngineExecutionResults results = run(ThrowingRules.class);
    assertThat(
        names(results.testEvents().succeeded()), contains("sigmoid: trial 1/1 (seed 0x5DEECE66D)"));
    List<Event> failed = results.testEvents().failed().list();
    assertThat(
        names(results.testEvents().failed()),
        contains(
            "mine/broken-inputs: trial 1/1 (seed 0x5DEECE66D)",
            "mine/broken-forward: trial 1/1 (seed 0x5DEECE66D)"));
    List<Throwable> roots =
        failed.stream().map(TestKit::throwable).map(VerifyRegistryTest::root).toList();
    assertThat(
        roots.get(0).toString(),
        equalTo("java.lang.IllegalStateException: generator out of points"));
    assertThat(
        roots.get(1).toString(), equalTo("java.lang.IllegalStateException: forward out of order"));
    assertThat(
        "neither is an assertion failure: both errored",
        failed.stream().map(TestKit::throwable).noneMatch(t -> t instanceof AssertionError));
  }

  private static Throwable root(Throwable t) {
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t;
  }

  @Test
  void theRulesParameterNarrowsTheSelectionForARerun() {
    EngineExecutionResults results =
        run(
            WrongRule.class,
            "gradcheck.rules",
            "wrong/softmax-diagonal-only",
            "gradcheck.seed",
            "7");
    assertThat(
        names(results.testEvents().started()),
        contains("wrong/softmax-diagonal-only: trial 1/1 (seed 0x7)"));
    assertThat(
        message(results.testEvents().failed().list().get(0)),
        containsString("The seed came from the configuration parameter gradcheck.seed=0x7"));
  }

  @TestKit.Fixture
  static class KinkUnset {
    @VerifyRegistry(providers = RuleFixtures.Kinked.class, only = "abs")
    void rules() {}
  }

  @TestKit.Fixture
  static class KinkFail {
    @VerifyRegistry(
        providers = RuleFixtures.Kinked.class,
        only = {"abs", "abs/wrong"})
    @GradientCheck(kinkPolicy = KinkPolicy.FAIL)
    void rules() {}
  }

  @TestKit.Fixture
  @GradientCheckConfig(kinkPolicy = KinkPolicy.SKIP)
  static class KinkSkip {
    @VerifyRegistry(
        providers = RuleFixtures.Kinked.class,
        only = {"abs", "abs/wrong"})
    void rules() {}
  }

  @TestKit.Fixture
  @GradientCheckConfig(kinkPolicy = KinkPolicy.SKIP)
  static class KinkCheck {
    @VerifyRegistry(
        providers = RuleFixtures.Kinked.class,
        only = {"abs", "abs/wrong"})
    @GradientCheck(kinkPolicy = KinkPolicy.CHECK, mode = CheckMode.FULL)
    void rules() {}
  }

  private static final String NEAR_KINK =
      "is within 0.5 of the kink at 0.0 (|x| turns at 0) (kinkPolicy ";

  @Test
  void unsetTheKinkPolicyIsTheCheckersDefaultSkipAndAPointNearADeclaredKinkAbortsTheTrial() {
    EngineExecutionResults unset = run(KinkUnset.class);
    assertThat(unset.testEvents().failed().count(), equalTo(0L));
    assertThat(
        message(unset.testEvents().aborted().list().get(0)),
        allOf(
            startsWith("rule 'abs': the point from generator uniform"),
            containsString("is too close to a declared kink: x["),
            containsString(NEAR_KINK + "SKIP)")));
  }

  @Test
  void underSkipAPointNearADeclaredKinkAbortsTheTrialRightOrWrong() {
    EngineExecutionResults skip = run(KinkSkip.class);
    assertThat("abs and abs/wrong, neither compared", skip.testEvents().aborted().count(), is(2L));
    assertThat(skip.testEvents().failed().count(), equalTo(0L));
    assertThat(entries(skip, "gradcheck"), hasSize(0));
  }

  @Test
  void underFailAPointNearADeclaredKinkFailsNamingTheCoordinateRightOrWrong() {
    EngineExecutionResults fail = run(KinkFail.class);
    assertThat(fail.testEvents().failed().count(), equalTo(2L));
    assertThat(entries(fail, "gradcheck"), hasSize(0));
    assertThat(
        message(fail.testEvents().failed().list().get(0)),
        allOf(
            startsWith("rule 'abs': the point from generator uniform"),
            containsString("is too close to a declared kink: x["),
            containsString(NEAR_KINK + "FAIL)"),
            containsString("-Dgradcheck.rules=abs")));
    assertThat(
        message(fail.testEvents().failed().list().get(1)),
        startsWith("rule 'abs/wrong': the point from generator uniform"));

    EngineExecutionResults fromParameter = run(KinkUnset.class, "gradcheck.kinkPolicy", "fail");
    assertThat(
        message(fromParameter.testEvents().failed().list().get(0)),
        containsString(NEAR_KINK + "FAIL)"));
  }

  @Test
  void underCheckAPointNearADeclaredKinkIsComparedLikeAnyOther() {
    EngineExecutionResults check = run(KinkCheck.class);
    assertThat(
        "the method's CHECK beats the class's SKIP; |x| is smooth at 0.1…0.4 for the stencil",
        entries(check, "gradcheck"),
        contains(
            startsWith("abs JACOBIAN at uniform(2, [0.1, 0.4]): PASSED"),
            startsWith("abs/wrong JACOBIAN at uniform(2, [0.1, 0.4]): FAILED")));
    assertThat(check.testEvents().aborted().count(), equalTo(0L));
    assertThat(check.testEvents().failed().count(), equalTo(1L));
    assertThat(
        message(check.testEvents().failed().list().get(0)), not(containsString("declared kink")));
  }

  @TestKit.Fixture
  static class Ungenerated {
    @VerifyRegistry(providers = RuleFixtures.Kinked.class, only = "ungenerated")
    void rules() {}
  }

  @Test
  void aRuleWithoutAGeneratorFailsRatherThanPassingUnchecked() {
    EngineExecutionResults results = run(Ungenerated.class);
    assertThat(
        message(results.testEvents().failed().list().get(0)),
        startsWith(
            "rule 'ungenerated' declares no input generator, so it cannot be verified; add one"));
  }

  @TestKit.Fixture
  static class Discovered {
    @VerifyRegistry(prefix = "discovered/")
    void rules() {}
  }

  @Test
  void withoutProvidersTheRulesComeFromTheServiceLoader() {
    EngineExecutionResults results = run(Discovered.class);
    assertThat(
        names(results.testEvents().succeeded()),
        contains("discovered/tanh: trial 1/1 (seed 0x5DEECE66D)"));
  }

  @TestKit.Fixture
  static class UnknownName {
    @VerifyRegistry(providers = RuleFixtures.Correct.class, only = "softmaxx")
    void rules() {}
  }

  @TestKit.Fixture
  static class EmptySelection {
    @VerifyRegistry(providers = RuleFixtures.Correct.class, prefix = "nothing/")
    void rules() {}
  }

  @Test
  void anUnknownRuleNameOrAnEmptySelectionFailsTheTemplate() {
    assertThat(
        run(UnknownName.class).containerEvents().failed().stream().map(TestKit::message).toList(),
        contains(
            "@VerifyRegistry on UnknownName.rules(): only names rule 'softmaxx', which is not"
                + " registered; registered: [softmax, sigmoid]"));
    assertThat(
        run(EmptySelection.class).containerEvents().failed().stream()
            .map(TestKit::message)
            .toList(),
        contains(
            startsWith(
                "@VerifyRegistry on EmptySelection.rules() selects no rule (prefix 'nothing/'")));
    assertThat(
        run(CorrectRules.class, "gradcheck.rules", "tanh").containerEvents().failed().stream()
            .map(TestKit::message)
            .toList(),
        contains(startsWith("configuration parameter gradcheck.rules names rule 'tanh'")));
  }
}
