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
import static org.hamcrest.Matchers.startsWith;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.gradcheck.GradientChecker;
import org.gradcheck.Mode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.reporting.FileEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.Event;

/** Checks made through the injected checkers: verdicts, messages, report entries, files. */
class GradientCheckReportingTest {

  @TestKit.Fixture
  static class CorrectSoftmax {
    @GradientCheck(trials = 3, mode = CheckMode.FULL)
    void jacobian(GradientChecker checker, @Shape(4) @Range(min = -3, max = 3) double[] z) {
      checker.checkJacobian(Softmax::forward, Softmax::jacobian, z);
    }
  }

  @Test
  void aCorrectJacobianPassesEveryTrialAndPublishesASummaryPerCheck() {
    EngineExecutionResults results = run(CorrectSoftmax.class);
    assertThat(results.testEvents().succeeded().count(), equalTo(3L));
    assertThat(results.testEvents().failed().count(), equalTo(0L));
    List<String> names = names(results.testEvents().started());
    assertThat(names.get(0), equalTo("trial 1/3 (seed 0x5DEECE66D)"));
    List<String> summaries = entries(results, "gradcheck");
    assertThat(summaries, hasSize(3));
    assertThat(
        summaries,
        everyItem(
            allOf(
                startsWith("PASSED JACOBIAN (FULL): max abs error "),
                containsString("function evaluations"),
                containsString(", 16 compared, 0 failed"))));
    for (int k = 0; k < 3; k++) {
      String seed = TestKit.seedIn(names.get(k));
      assertThat("the checker runs with the trial's seed", summaries.get(k), containsString(seed));
    }
  }

  @TestKit.Fixture
  static class DiagonalOnlySoftmax {
    @GradientCheck(trials = 2, mode = CheckMode.FULL)
    void jacobian(GradientChecker checker, @Shape(4) @Range(min = -3, max = 3) double[] z) {
      checker.checkJacobian(Softmax::forward, Softmax::diagonalOnlyJacobian, z);
    }
  }

  @Test
  void aWrongJacobianFailsEveryTrialWithTheFullReportTheSeedAndTheRerunHint(@TempDir Path output)
      throws Exception {
    EngineExecutionResults results = TestKit.runWithOutput(DiagonalOnlySoftmax.class, output);
    List<Event> failed = results.testEvents().failed().list();
    assertThat(failed, hasSize(2));
    Event first = failed.get(0);
    String seed = TestKit.seedIn(first.getTestDescriptor().getDisplayName());
    assertThat(
        message(first),
        allOf(
            startsWith("gradient check failed in trial 1/2 (seed " + seed + "):"),
            containsString("gradient check FAILED: JACOBIAN"),
            containsString("gradient check FAILED: JACOBIAN, mode FULL"),
            containsString("\n  ∂y[2]/∂x[3]  "),
            containsString("totals: 16 compared, 12 failed"),
            containsString("finding: diagnosis: only the diagonal is right"),
            containsString("rule: pass when |analytic − numeric|"),
            containsString(
                "-Dtest='"
                    + DiagonalOnlySoftmax.class.getName()
                    + "#jacobian' -Dgradcheck.seed=")));
    assertThat(
        "the failing check is also summarised",
        entries(results, "gradcheck"),
        everyItem(startsWith("FAILED JACOBIAN (FULL)")));

    List<FileEntry> files =
        results
            .allEvents()
            .fileEntryPublished()
            .map(e -> e.getRequiredPayload(FileEntry.class))
            .toList();
    assertThat("one JSON report per failing trial", files, hasSize(2));
    FileEntry file = files.get(0);
    assertThat(file.getPath().getFileName().toString(), equalTo("gradcheck-failure-1.json"));
    assertThat(file.getMediaType().orElseThrow(), startsWith("application/json"));
    String json = Files.readString(file.getPath());
    assertThat(json, allOf(containsString("\"passed\":false"), containsString("\"JACOBIAN\"")));
  }

  @TestKit.Fixture
  static class PlainCheckerAsserts {
    @GradientCheck(mode = CheckMode.FULL)
    void jacobian(GradientChecker checker, @Shape(3) double[] z) {
      checker.checkJacobian(Softmax::forward, Softmax::diagonalOnlyJacobian, z).assertPassed();
    }

    @GradientCheck(mode = CheckMode.FULL)
    void requireStops(TrialChecker checker, @Shape(3) double[] z, TestReporter reporter) {
      checker.require(
          checker.checker().checkJacobian(Softmax::forward, Softmax::diagonalOnlyJacobian, z));
      reporter.publishEntry("reached", "after require");
    }
  }

  @Test
  void assertPassedOnThePlainCheckerAndRequireFailWithTheReportAndTheHint() {
    EngineExecutionResults results = run(PlainCheckerAsserts.class);
    List<Event> failed = results.testEvents().failed().list();
    assertThat(failed, hasSize(2));
    for (Event e : failed) {
      assertThat(
          message(e),
          allOf(
              startsWith("gradient check FAILED: JACOBIAN"),
              containsString("trial 1/1 (seed 0x5DEECE66D). Rerun just this trial")));
    }
    assertThat("require stops the test", entries(results, "reached"), hasSize(0));
    assertThat(
        "without an output directory the JSON becomes a report entry, once per failing report",
        entries(results, "gradcheck.json"),
        contains(containsString("\"passed\":false"), containsString("\"passed\":false")));
  }

  @TestKit.Fixture
  @GradientCheckConfig(atol = 1e-6, trials = 1)
  static class CheckerSettings {
    @GradientCheck(rtol = 1e-4)
    void configured(GradientChecker checker, GradientCheckTrial trial, TestReporter reporter) {
      reporter.publishEntry(
          "checker",
          "atol="
              + checker.tolerance().atol()
              + " rtol="
              + checker.tolerance().rtol()
              + " mode="
              + checker.mode()
              + " seedMatches="
              + (checker.seed() == trial.seed()));
    }

    @GradientCheck
    void defaults(GradientChecker checker, TestReporter reporter) {
      reporter.publishEntry(
          "defaults", "rtol=" + checker.tolerance().rtol() + " mode=" + checker.mode());
    }
  }

  @Test
  void theInjectedCheckerFollowsThePrecedenceAndTheTrialSeed() {
    EngineExecutionResults results = run(CheckerSettings.class, "gradcheck.mode", "fast");
    assertThat(
        entries(results, "checker"),
        contains("atol=1.0E-6 rtol=1.0E-4 mode=FAST seedMatches=true"));
    assertThat(
        "unset everywhere: the checker's own default",
        entries(results, "defaults"),
        contains("rtol=" + GradientChecker.defaults().tolerance().rtol() + " mode=FAST"));
    assertThat(
        "without the parameter, the checker's default mode",
        entries(run(CheckerSettings.class), "defaults"),
        contains(containsString("mode=" + Mode.AUTO)));
  }

  @TestKit.Fixture
  static class NumericMethods {
    @GradientCheck
    void unset(GradientChecker checker, TestReporter reporter) {
      publish(checker, reporter);
    }

    @GradientCheck(method = "classic")
    void classic(GradientChecker checker, TestReporter reporter) {
      publish(checker, reporter);
    }

    @GradientCheck(method = "Richardson")
    void richardson(GradientChecker checker, TestReporter reporter) {
      publish(checker, reporter);
    }

    private static void publish(GradientChecker checker, TestReporter reporter) {
      reporter.publishEntry(
          "method",
          checker.differentiator().method()
              + " | extrapolated="
              + checker.differentiator().richardsonExtrapolation().isPresent());
    }
  }

  @Test
  void theMethodAttributeSelectsTheNumericEngineByName() {
    List<String> methods = entries(run(NumericMethods.class), "method");
    assertThat(methods, hasSize(3));
    String classic = methods.stream().filter(m -> m.contains("order 2")).findFirst().orElseThrow();
    assertThat(classic, containsString("extrapolated=false"));
    assertThat(
        "default and richardson use the same stencil; only richardson extrapolates",
        methods.stream().filter(m -> m.endsWith("extrapolated=true")).count(),
        equalTo(1L));
  }

  @TestKit.Fixture
  static class KinkPolicies {
    @GradientCheck
    void policy(GradientChecker checker, TestReporter reporter) {
      reporter.publishEntry("kinks", String.valueOf(checker.robustness().kinkPolicy()));
    }
  }

  @Test
  void theKinkPolicyReachesTheCheckersKinkHandling() {
    assertThat(
        "unset: the checker's default",
        entries(run(KinkPolicies.class), "kinks"),
        contains(String.valueOf(GradientChecker.defaults().robustness().kinkPolicy())));
    assertThat(
        entries(run(KinkPolicies.class, "gradcheck.kinkPolicy", "skip"), "kinks"),
        contains("SKIP"));
    assertThat(
        entries(run(KinkPolicies.class, "gradcheck.kinkPolicy", "fail"), "kinks"),
        contains("FAIL"));
    assertThat(
        "CHECK reaches the checker as CHECK: no kink search, every entry compared",
        entries(run(KinkPolicies.class, "gradcheck.kinkPolicy", "check"), "kinks"),
        contains("CHECK"));
  }

  @TestKit.Fixture
  static class UnknownMethod {
    @GradientCheck(method = "magic")
    void check() {}
  }

  @Test
  void anUnknownNumericMethodIsRejectedListingTheKnownOnes() {
    EngineExecutionResults results = run(UnknownMethod.class);
    assertThat(
        results.containerEvents().failed().stream().map(TestKit::message).toList(),
        contains(
            equalTo(
                "numeric method 'magic' is unknown; known methods: [classic, default,"
                    + " richardson]")));
    assertThat(results.testEvents().started().count(), equalTo(0L));
  }
}
