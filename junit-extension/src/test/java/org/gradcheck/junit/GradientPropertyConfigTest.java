package org.gradcheck.junit;

import static org.gradcheck.junit.TestKit.entries;
import static org.gradcheck.junit.TestKit.message;
import static org.gradcheck.junit.TestKit.names;
import static org.gradcheck.junit.TestKit.run;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;

import java.util.List;
import org.gradcheck.GradientChecker;
import org.gradcheck.KinkPolicy;
import org.gradcheck.property.GradientProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.Event;

/**
 * {@link GradientCheckConfig} and the {@code gradcheck.*} configuration parameters reach the
 * checker injected into a {@link GradientProperty} method exactly as they reach a {@link
 * GradientCheck} method's, with the same precedence and the same errors.
 */
class GradientPropertyConfigTest {

  static void publish(GradientChecker checker, TestReporter reporter) {
    reporter.publishEntry(
        "checker",
        "mode="
            + checker.mode()
            + " kinks="
            + checker.robustness().kinkPolicy()
            + " atol="
            + checker.tolerance().atol()
            + " rtol="
            + checker.tolerance().rtol());
  }

  @TestKit.Fixture
  @GradientCheckConfig(mode = CheckMode.FAST, kinkPolicy = KinkPolicy.FAIL, atol = 1e-6, rtol = 0.5)
  static class Configured {
    @GradientProperty(tries = 2, seed = "1", rtol = 1e-3)
    void property(GradientChecker checker, @Shape(2) double[] x, TestReporter reporter) {
      publish(checker, reporter);
    }
  }

  @TestKit.Fixture
  @GradientCheckConfig(seed = "0x42")
  static class Unconfigured {
    @GradientProperty(tries = 2)
    void property(GradientChecker checker, @Shape(2) double[] x, TestReporter reporter) {
      publish(checker, reporter);
    }
  }

  @Test
  void theClassConfigReachesThePropertysCheckerAndItsOwnAttributeWins() {
    EngineExecutionResults results = run(Configured.class);
    assertThat(
        entries(results, "checker"),
        contains(
            "mode=FAST kinks=FAIL atol=1.0E-6 rtol=0.001",
            "mode=FAST kinks=FAIL atol=1.0E-6 rtol=0.001"));
  }

  @Test
  void theConfigurationParametersReachThePropertysCheckerAndTheClassConfigBeatsThem() {
    EngineExecutionResults results =
        run(
            Configured.class,
            "gradcheck.mode",
            "full",
            "gradcheck.kinkPolicy",
            "skip",
            "gradcheck.atol",
            "1e-9");
    assertThat(
        "the class config beats the parameters",
        entries(results, "checker").get(0),
        equalTo("mode=FAST kinks=FAIL atol=1.0E-6 rtol=0.001"));
    EngineExecutionResults parameters =
        run(
            Unconfigured.class,
            "gradcheck.mode",
            "fast",
            "gradcheck.kinkPolicy",
            "fail",
            "gradcheck.atol",
            "1e-9",
            "gradcheck.rtol",
            "0.25");
    assertThat(
        entries(parameters, "checker").get(0),
        equalTo("mode=FAST kinks=FAIL atol=1.0E-9 rtol=0.25"));
    GradientChecker defaults = GradientChecker.defaults();
    assertThat(
        "set nowhere: the checker's defaults",
        entries(run(Unconfigured.class), "checker").get(0),
        equalTo(
            "mode="
                + defaults.mode()
                + " kinks="
                + defaults.robustness().kinkPolicy()
                + " atol="
                + defaults.tolerance().atol()
                + " rtol="
                + defaults.tolerance().rtol()));
  }

  @Test
  void theClassConfigSeedIsThePropertysBaseSeedAndGradcheckSeedOverridesIt() {
    List<String> tries = names(run(Unconfigured.class).testEvents().started());
    assertThat(tries.get(0), equalTo("try 1/2 (seed 0x42)"));
    List<String> alone =
        names(run(Unconfigured.class, "gradcheck.seed", "0x7").testEvents().started());
    assertThat(alone, contains("try 1/1 (seed 0x7)"));
  }

  @Test
  void aBadConfigurationParameterFailsThePropertyAsItFailsAGradientCheck() {
    EngineExecutionResults results = run(Unconfigured.class, "gradcheck.mode", "sideways");
    List<Event> failed = results.containerEvents().failed().list();
    assertThat(failed, hasSize(1));
    assertThat(
        message(failed.get(0)),
        equalTo(
            "configuration parameter gradcheck.mode = 'sideways': expected one of auto, full,"
                + " fast, sampled"));
    List<Event> method =
        run(Unconfigured.class, "gradcheck.method", "secant").containerEvents().failed().list();
    assertThat(method, hasSize(1));
    assertThat(
        message(method.get(0)),
        startsWith("numeric method 'secant' is unknown; known methods: [classic, default,"));
  }
}
