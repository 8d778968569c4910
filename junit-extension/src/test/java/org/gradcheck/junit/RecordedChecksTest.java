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
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import java.util.List;
import org.gradcheck.Finding;
import org.gradcheck.GradientChecker;
import org.gradcheck.Mode;
import org.gradcheck.property.GradientProperty;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.Event;

/**
 * Every report is recorded: checks made through an injected plain {@link GradientChecker} (and the
 * checkers derived from it) are asserted like {@link TrialChecker}'s, and an {@code expectFailure}
 * checker's reports must fail with the expected kinds.
 */
class RecordedChecksTest {

  @TestKit.Fixture
  static class InjectedChecker {
    @GradientCheck(trials = 2, mode = CheckMode.FULL, seed = "7")
    void right(GradientChecker checker, @Shape(4) @Range(min = -3, max = 3) double[] z) {
      checker.checkJacobian(Softmax::forward, Softmax::jacobian, z);
    }

    @GradientCheck(trials = 2, mode = CheckMode.FULL, seed = "7")
    void wrong(GradientChecker checker, @Shape(4) @Range(min = -3, max = 3) double[] z) {
      checker.checkJacobian(Softmax::forward, Softmax::diagonalOnlyJacobian, z); // not asserted
    }

    @GradientCheck(trials = 1, seed = "7")
    void wrongThroughADerivedChecker(GradientChecker checker, @Shape(4) double[] z) {
      checker.toBuilder()
          .mode(Mode.FULL)
          .build()
          .checkJacobian(Softmax::forward, Softmax::diagonalOnlyJacobian, z);
    }
  }

  @Test
  void aFailingCheckThroughAnInjectedPlainCheckerFailsTheTestWithSeedAndRerunHint() {
    EngineExecutionResults results = run(InjectedChecker.class);
    assertThat(
        names(results.testEvents().succeeded()),
        contains(startsWith("trial 1/2"), startsWith("trial 2/2")));
    List<Event> failed = results.testEvents().failed().list();
    assertThat(failed.size(), equalTo(3));
    for (Event e : failed) {
      assertThat(
          message(e),
          allOf(
              startsWith("gradient check failed in trial "),
              containsString("JACOBIAN"),
              containsString("Rerun just this trial with -Dgradcheck.seed=0x"),
              containsString("#wrong")));
    }
    assertThat(
        entries(results, "gradcheck"),
        allOf(hasItem(startsWith("PASSED JACOBIAN (FULL)")), hasItem(startsWith("FAILED"))));
  }

  @TestKit.Fixture
  static class ExpectedFailures {
    @GradientCheck(trials = 2, mode = CheckMode.FULL, seed = "7")
    void caughtAsExpected(GradientChecker checker, @Shape(4) @Range(min = -3, max = 3) double[] z) {
      checker
          .expectFailure(Finding.Kind.DIAGONAL_ONLY)
          .checkJacobian(Softmax::forward, Softmax::diagonalOnlyJacobian, z);
    }

    @GradientCheck(trials = 1, mode = CheckMode.FULL, seed = "7")
    void caughtThroughTheTrialChecker(TrialChecker checker, @Shape(4) double[] z) {
      checker
          .checker()
          .expectFailure()
          .checkJacobian(Softmax::forward, Softmax::diagonalOnlyJacobian, z);
    }

    @GradientCheck(trials = 1, mode = CheckMode.FULL, seed = "7")
    void passedInstead(GradientChecker checker, @Shape(4) @Range(min = -3, max = 3) double[] z) {
      checker
          .expectFailure(Finding.Kind.DIAGONAL_ONLY)
          .checkJacobian(Softmax::forward, Softmax::jacobian, z);
    }

    @GradientCheck(trials = 1, mode = CheckMode.FULL, seed = "7")
    void failedWithOtherKinds(
        GradientChecker checker, @Shape(4) @Range(min = -3, max = 3) double[] z) {
      checker
          .expectFailure(Finding.Kind.SIGN_FLIPPED)
          .checkJacobian(Softmax::forward, Softmax::diagonalOnlyJacobian, z);
    }
  }

  @Test
  void anExpectedFailureThatIsMetPassesAndOneThatIsNotFailsSayingWhatWasFound() {
    EngineExecutionResults results = run(ExpectedFailures.class);
    assertThat(results.testEvents().succeeded().count(), equalTo(3L));
    List<String> messages = results.testEvents().failed().map(TestKit::message).toList();
    assertThat(
        messages,
        containsInAnyOrder(
            allOf(
                startsWith("gradient check did not go as expected in trial 1/1 (seed 0x"),
                containsString("expected the check to fail with [DIAGONAL_ONLY], but it passed\n"),
                containsString("Rerun just this trial with -Dgradcheck.seed=")),
            allOf(
                startsWith("gradient check did not go as expected in trial 1/1 (seed 0x"),
                containsString(
                    "expected the check to fail with [SIGN_FLIPPED]; it failed, but"
                        + " [SIGN_FLIPPED] is not among its findings [DIAGONAL_ONLY"))));
    assertThat(
        entries(results, "gradcheck"),
        allOf(
            hasItem(startsWith("FAILED (as expected) JACOBIAN (FULL)")),
            hasItem(startsWith("PASSED (expected to fail with [DIAGONAL_ONLY]) JACOBIAN (FULL)"))));
  }

  @TestKit.Fixture
  static class PropertyThroughAPlainChecker {
    @GradientProperty(tries = 5, seed = "3", edgeCases = 0, maxShrinks = 5)
    void wrong(GradientChecker checker, @Shape(3) @Range(min = -2, max = 2) double[] z) {
      checker.checkJacobian(Softmax::forward, Softmax::diagonalOnlyJacobian, z);
    }

    @GradientProperty(tries = 5, seed = "3", edgeCases = 0)
    void caught(GradientChecker checker, @Shape(3) @Range(min = -2, max = 2) double[] z) {
      checker.expectFailure().checkJacobian(Softmax::forward, Softmax::diagonalOnlyJacobian, z);
    }
  }

  @Test
  void aPropertyChecksThroughTheInjectedCheckerAndIsFalsifiedByItsFailingReport() {
    EngineExecutionResults results = run(PropertyThroughAPlainChecker.class);
    List<String> failed = results.testEvents().failed().map(TestKit::message).toList();
    assertThat(failed.size(), equalTo(1));
    assertThat(
        failed.get(0),
        allOf(startsWith("property falsified at trial 1/5"), containsString("JACOBIAN")));
    List<String> passed = names(results.testEvents().succeeded());
    assertThat(passed, hasItem(startsWith("try 5/5")));
    assertThat(passed.size(), equalTo(5));
  }

  private static <T> org.hamcrest.Matcher<Iterable<? extends T>> containsInAnyOrder(
      org.hamcrest.Matcher<? super T> first, org.hamcrest.Matcher<? super T> second) {
    return org.hamcrest.Matchers.containsInAnyOrder(List.of(first, second));
  }
}
