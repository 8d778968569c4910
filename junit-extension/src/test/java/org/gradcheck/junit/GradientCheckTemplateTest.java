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
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.ejml.data.DMatrixRMaj;
import org.gradcheck.KinkPolicy;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.Event;
import org.opentest4j.AssertionFailedError;

/** The template mechanics of {@link GradientCheck}: trials, seeds, names, precedence, misuse. */
class GradientCheckTemplateTest {

  @TestKit.Fixture
  static class ThreeTrials {
    @GradientCheck(trials = 3)
    void check(GradientCheckTrial trial, TestReporter reporter) {
      reporter.publishEntry("seed", trial.seedText());
      reporter.publishEntry("trial", trial.trial() + "/" + trial.trials());
    }
  }

  @Test
  void eachTrialIsAnInvocationNamedByTrialAndSeed() {
    EngineExecutionResults results = run(ThreeTrials.class);
    assertThat(results.testEvents().succeeded().count(), equalTo(3L));
    List<String> names = names(results.testEvents().started());
    List<String> seeds = entries(results, "seed");
    assertThat(names.get(0), equalTo("trial 1/3 (seed 0x5DEECE66D)"));
    assertThat(seeds, hasSize(3));
    for (int k = 0; k < 3; k++) {
      assertThat(names.get(k), equalTo("trial " + (k + 1) + "/3 (seed " + seeds.get(k) + ")"));
    }
    assertThat("seeds differ between trials", seeds.stream().distinct().count(), equalTo(3L));
    assertThat(entries(results, "trial"), contains("1/3", "2/3", "3/3"));
  }

  @Test
  void theSeedParameterOverridesEverySeedAndRunsOneTrial() {
    EngineExecutionResults all = run(ThreeTrials.class);
    String secondSeed = entries(all, "seed").get(1);
    EngineExecutionResults rerun = run(ThreeTrials.class, "gradcheck.seed", secondSeed);
    assertThat(
        names(rerun.testEvents().started()), contains("trial 1/1 (seed " + secondSeed + ")"));
    assertThat(entries(rerun, "seed"), contains(secondSeed));
  }

  @TestKit.Fixture
  static class RandomInputs {
    @GradientCheck(trials = 2)
    void check(
        RandomGenerator generator,
        SplittableRandom splittable,
        Random random,
        @Shape(4) double[] x,
        @Shape(rows = 2, cols = 3) @Range(min = 5, max = 6) DMatrixRMaj w,
        @Shape(3) DMatrixRMaj column,
        @Range(min = 2, max = 3) double scale,
        TestReporter reporter) {
      if (generator != splittable) {
        throw new AssertionError("RandomGenerator and SplittableRandom differ in one trial");
      }
      if (x.length != 4 || w.numRows != 2 || w.numCols != 3) {
        throw new AssertionError("wrong shapes " + x.length + ", " + w.numRows + "×" + w.numCols);
      }
      if (column.numRows != 3 || column.numCols != 1) {
        throw new AssertionError("@Shape(3) DMatrixRMaj is not a 3×1 column");
      }
      for (double v : x) {
        if (v < -1 || v > 1) {
          throw new AssertionError("x outside the default range [-1, 1]: " + v);
        }
      }
      for (double v : w.data) {
        if (v < 5 || v > 6) {
          throw new AssertionError("w outside @Range [5, 6]: " + v);
        }
      }
      if (scale < 2 || scale > 3) {
        throw new AssertionError("scale outside @Range [2, 3]: " + scale);
      }
      reporter.publishEntry(
          "values",
          generator.nextLong()
              + " "
              + random.nextLong()
              + " "
              + Arrays.toString(x)
              + " "
              + Arrays.toString(w.data)
              + " "
              + scale);
    }
  }

  @Test
  void injectedRandomnessAndGeneratedInputsAreReproducibleFromTheTrialSeed() {
    EngineExecutionResults first = run(RandomInputs.class);
    assertThat(failures(first), first.testEvents().succeeded().count(), equalTo(2L));
    List<String> values = entries(first, "values");
    assertThat(values, hasSize(2));
    assertThat("two trials draw different inputs", values.get(0), not(equalTo(values.get(1))));
    assertThat(
        "same seeds, same inputs", entries(run(RandomInputs.class), "values"), equalTo(values));
    String secondSeed = TestKit.seedIn(names(first.testEvents().started()).get(1));
    assertThat(
        "rerunning trial 2 by its seed reproduces its inputs",
        entries(run(RandomInputs.class, "gradcheck.seed", secondSeed), "values"),
        contains(values.get(1)));
  }

  @TestKit.Fixture
  static class Domains {
    @GradientCheck(trials = 3)
    void check(
        @Shape(4) @DrawnFrom(InputDomain.SIMPLEX) double[] p,
        @Shape(rows = 3, cols = 4) @DrawnFrom(InputDomain.ONE_HOT) DMatrixRMaj labels,
        @Shape(5) @DrawnFrom(value = InputDomain.LOGITS, scale = 0.5) double[] z,
        @Shape(5) @DrawnFrom(value = InputDomain.EXTREME_LOGITS, scale = 50) double[] extreme,
        @Shape(3) @DrawnFrom(InputDomain.POSITIVE) @Range(min = 0.5, max = 2) double[] s) {
      double sum = 0;
      for (double v : p) {
        if (v < 0) {
          throw new AssertionError("simplex point with a negative entry " + Arrays.toString(p));
        }
        sum += v;
      }
      if (Math.abs(sum - 1) > 1e-12) {
        throw new AssertionError("simplex point sums to " + sum);
      }
      for (int r = 0; r < 3; r++) {
        double rowSum = 0;
        int ones = 0;
        for (int c = 0; c < 4; c++) {
          rowSum += labels.get(r, c);
          ones += labels.get(r, c) == 1.0 ? 1 : 0;
        }
        if (ones != 1 || rowSum != 1.0) {
          throw new AssertionError("row " + r + " of the labels is not one-hot: " + labels);
        }
      }
      for (double v : z) {
        if (Math.abs(v) > 6 * 0.5) {
          throw new AssertionError("logit beyond 6·scale: " + v);
        }
      }
      if (Arrays.stream(extreme).max().orElseThrow() < 49) {
        throw new AssertionError("no saturating logit in " + Arrays.toString(extreme));
      }
      for (double v : s) {
        if (v < 0.5 || v > 2) {
          throw new AssertionError("positive value outside [0.5, 2]: " + v);
        }
      }
    }
  }

  @Test
  void drawnFromPicksTheToolkitsGeneratorsRowByRowForMatrices() {
    EngineExecutionResults results = run(Domains.class);
    assertThat(failures(results), results.testEvents().succeeded().count(), equalTo(3L));
  }

  private static String failures(EngineExecutionResults results) {
    return results.allEvents().failed().stream().map(TestKit::message).toList().toString();
  }

  // --- precedence ---------------------------------------------------------------------------

  @TestKit.Fixture
  @GradientCheckConfig(trials = 2, seed = "0x10", name = "{displayName}: {trial} of {trials}")
  static class ClassConfigured {
    @GradientCheck
    void inherits(GradientCheckTrial trial, TestReporter reporter) {
      reporter.publishEntry("inherits", trial.trials() + " " + trial.seedText());
    }

    @GradientCheck(trials = 1, seed = "17", name = "{trial}/{trials} {seed}")
    void overrides(GradientCheckTrial trial, TestReporter reporter) {
      reporter.publishEntry("overrides", trial.trials() + " " + trial.seedText());
    }

    @Nested
    @GradientCheckConfig(seed = "0x20")
    class Inner {
      @GradientCheck
      void nested(GradientCheckTrial trial, TestReporter reporter) {
        reporter.publishEntry("nested", trial.trials() + " " + trial.seedText());
      }
    }
  }

  @TestKit.Fixture
  static class Unconfigured {
    @GradientCheck
    void plain(GradientCheckTrial trial, TestReporter reporter) {
      reporter.publishEntry("plain", trial.trials() + " " + trial.seedText());
    }
  }

  @Test
  void methodAttributesBeatClassConfigWhichBeatsConfigurationParametersWhichBeatDefaults() {
    EngineExecutionResults results = run(ClassConfigured.class, "gradcheck.trials", "5");
    assertThat(entries(results, "inherits"), contains(startsWith("2 0x10"), startsWith("2 0x")));
    assertThat(entries(results, "overrides"), contains("1 0x11"));
    assertThat(
        "inner class's seed, outer class's trials",
        entries(results, "nested"),
        contains(equalTo("2 0x20"), startsWith("2 0x")));
    assertThat(
        names(results.testEvents().started()),
        allOf(
            org.hamcrest.Matchers.hasItem("inherits(GradientCheckTrial, TestReporter): 1 of 2"),
            org.hamcrest.Matchers.hasItem("1/1 0x11")));

    assertThat(
        "configuration parameter beats the default",
        entries(run(Unconfigured.class, "gradcheck.trials", "5"), "plain"),
        hasSize(5));
    assertThat(
        "defaults: one trial with seed 0x5DEECE66D",
        entries(run(Unconfigured.class), "plain"),
        contains("1 0x5DEECE66D"));
  }

  @Test
  void theSeedOverrideBeatsMethodAndClassSeeds() {
    EngineExecutionResults results = run(ClassConfigured.class, "gradcheck.seed", "99");
    assertThat(entries(results, "inherits"), contains("1 0x63"));
    assertThat(entries(results, "overrides"), contains("1 0x63"));
    assertThat(entries(results, "nested"), contains("1 0x63"));
  }

  // --- failures carry the seed and the rerun hint ---------------------------------------------

  @TestKit.Fixture
  static class FailingAssertion {
    @GradientCheck(trials = 2)
    void check(GradientCheckTrial trial) {
      if (trial.trial() == 2) {
        throw new AssertionFailedError("expected 1.0 but was 2.0");
      }
    }

    @GradientCheck
    void crashes() {
      throw new IllegalStateException("layer not initialised");
    }
  }

  @Test
  void aFailingTrialSaysWhichSeedAndHowToRerunIt() {
    EngineExecutionResults results = run(FailingAssertion.class);
    List<Event> failed = results.testEvents().failed().list();
    assertThat(failed, hasSize(2));
    Event assertion =
        failed.stream()
            .filter(e -> e.getTestDescriptor().getDisplayName().startsWith("trial 2/2"))
            .findFirst()
            .orElseThrow();
    String seed = TestKit.seedIn(assertion.getTestDescriptor().getDisplayName());
    assertThat(
        message(assertion),
        allOf(
            startsWith("expected 1.0 but was 2.0"),
            containsString("trial 2/2 (seed " + seed + ")"),
            containsString(
                "-Dtest='"
                    + FailingAssertion.class.getName()
                    + "#check' -Dgradcheck.seed="
                    + seed)));
    assertThat(
        "the original assertion is the cause",
        TestKit.throwable(assertion).getCause(),
        instanceOf(AssertionFailedError.class));

    Event crash =
        failed.stream()
            .filter(e -> TestKit.throwable(e) instanceof IllegalStateException)
            .findFirst()
            .orElseThrow();
    assertThat(
        "an exception keeps its type and gains the hint",
        message(crash),
        allOf(startsWith("layer not initialised"), containsString("-Dgradcheck.seed=0x5DEECE66D")));
  }

  @Test
  void underTheSeedOverrideTheHintSaysWhereTheSeedCameFrom() {
    EngineExecutionResults results = run(FailingAssertion.class, "gradcheck.seed", "0x7");
    assertThat(
        results.testEvents().failed().stream().map(TestKit::message).toList(),
        everyItem(containsString("gradcheck.seed=0x7; remove it to run every trial")));
  }

  // --- misuse -------------------------------------------------------------------------------

  @TestKit.Fixture
  static class TwoKinkPolicies {
    @GradientCheck(kinkPolicy = {KinkPolicy.SKIP, KinkPolicy.FAIL})
    void check() {}
  }

  @TestKit.Fixture
  @GradientCheckConfig(kinkPolicy = {KinkPolicy.CHECK, KinkPolicy.CHECK})
  static class TwoKinkPoliciesOnTheClass {
    @GradientCheck
    void check() {}
  }

  @TestKit.Fixture
  static class ZeroTrials {
    @GradientCheck(trials = 0)
    void check() {}
  }

  @TestKit.Fixture
  static class NegativeRtol {
    @GradientCheck(rtol = -0.5)
    void check() {}
  }

  @TestKit.Fixture
  @GradientCheckConfig(rtol = 1.5)
  static class HugeRtol {
    @GradientCheck
    void check() {}
  }

  @TestKit.Fixture
  static class BadSeed {
    @GradientCheck(seed = "0xZZ")
    void check() {}
  }

  @TestKit.Fixture
  static class UnshapedArray {
    @GradientCheck
    void check(double[] x) {}
  }

  @TestKit.Fixture
  static class ShapeOnString {
    @GradientCheck
    void check(@Shape(3) String x) {}
  }

  @TestKit.Fixture
  static class MatrixShapeOnArray {
    @GradientCheck
    void check(@Shape(rows = 2, cols = 2) double[] x) {}
  }

  @TestKit.Fixture
  static class EmptyRange {
    @GradientCheck
    void check(@Shape(2) @Range(min = 1, max = 1) double[] x) {}
  }

  @TestKit.Fixture
  static class DoubleAnnotated {
    @Test
    @GradientCheck
    void check(GradientCheckTrial trial) {}
  }

  @TestKit.Fixture
  static class RangeOnSimplex {
    @GradientCheck
    void check(@Shape(3) @DrawnFrom(InputDomain.SIMPLEX) @Range(min = 0, max = 1) double[] p) {}
  }

  @TestKit.Fixture
  static class ScaleOnUniform {
    @GradientCheck
    void check(@Shape(3) @DrawnFrom(value = InputDomain.UNIFORM, scale = 2) double[] x) {}
  }

  @TestKit.Fixture
  static class NonPositiveRange {
    @GradientCheck
    void check(@Shape(3) @DrawnFrom(InputDomain.POSITIVE) @Range(min = 0, max = 1) double[] x) {}
  }

  @TestKit.Fixture
  static class Unresolvable {
    @GradientCheck(trials = 2)
    void check(String label) {}
  }

  private static String templateFailure(Class<?> fixture, String... parameters) {
    EngineExecutionResults results = run(fixture, parameters);
    List<Event> failed = results.containerEvents().failed().list();
    assertThat("one failed template for " + fixture.getSimpleName(), failed, hasSize(1));
    assertThat(TestKit.throwable(failed.get(0)), instanceOf(ExtensionConfigurationException.class));
    assertThat(results.testEvents().started().count(), equalTo(0L));
    return message(failed.get(0));
  }

  @Test
  void misuseFailsTheTemplateOnceWithAMessageNamingTheProblem() {
    assertThat(
        templateFailure(ZeroTrials.class),
        equalTo("@GradientCheck on ZeroTrials.check(): trials = 0, but trials must be ≥ 1"));
    assertThat(
        templateFailure(NegativeRtol.class),
        containsString("rtol = -0.5, but a tolerance must be a finite number ≥ 0"));
    assertThat(
        templateFailure(HugeRtol.class),
        allOf(
            containsString("@GradientCheckConfig on " + HugeRtol.class.getName()),
            containsString("rtol = 1.5, but a relative tolerance of 100% or more")));
    assertThat(
        templateFailure(TwoKinkPolicies.class),
        equalTo(
            "@GradientCheck on TwoKinkPolicies.check(): kinkPolicy = {SKIP, FAIL}, but at most"
                + " one value may be given: one of SKIP, FAIL, CHECK, or none to inherit"));
    assertThat(
        templateFailure(TwoKinkPoliciesOnTheClass.class),
        equalTo(
            "@GradientCheckConfig on "
                + TwoKinkPoliciesOnTheClass.class.getName()
                + ": kinkPolicy = {CHECK, CHECK}, but at most one value may be given: one of"
                + " SKIP, FAIL, CHECK, or none to inherit"));
    assertThat(
        templateFailure(Unconfigured.class, "gradcheck.kinkPolicy", "inherit"),
        equalTo(
            "configuration parameter gradcheck.kinkPolicy = 'inherit': expected one of skip,"
                + " fail, check"));
    assertThat(templateFailure(BadSeed.class), containsString("'0xZZ' is not a seed"));
    assertThat(
        templateFailure(Unconfigured.class, "gradcheck.trials", "ten"),
        equalTo("configuration parameter gradcheck.trials = 'ten': not an integer"));
    assertThat(
        templateFailure(Unconfigured.class, "gradcheck.mode", "fastest"),
        containsString("expected one of auto, full, fast, sampled"));
    assertThat(
        templateFailure(Unconfigured.class, "gradcheck.atol", "-1"),
        containsString("configuration parameter gradcheck.atol: atol = -1.0"));
    assertThat(
        templateFailure(UnshapedArray.class),
        allOf(
            containsString("(double[]) of UnshapedArray.check(double[])"),
            containsString("needs @Shape")));
    assertThat(
        templateFailure(ShapeOnString.class),
        containsString("@Shape/@Range/@DrawnFrom apply only to double[], DMatrixRMaj"));
    assertThat(
        run(DoubleAnnotated.class).containerEvents().failed().stream()
            .map(TestKit::message)
            .toList(),
        contains(
            "DoubleAnnotated.check(GradientCheckTrial) is annotated with both @GradientCheck and @Test;"
                + " @GradientCheck is already a test template, remove @Test"));
    assertThat(
        templateFailure(RangeOnSimplex.class),
        containsString("@Range does not apply to @DrawnFrom(SIMPLEX)"));
    assertThat(
        templateFailure(ScaleOnUniform.class),
        containsString("scale applies only to LOGITS and EXTREME_LOGITS, not UNIFORM"));
    assertThat(
        templateFailure(NonPositiveRange.class),
        containsString("@DrawnFrom(POSITIVE) needs @Range with min > 0, got min = 0.0"));
    assertThat(
        templateFailure(MatrixShapeOnArray.class),
        containsString("a double[] is a vector: write @Shape(n)"));
    assertThat(
        templateFailure(EmptyRange.class),
        containsString("@Range(min = 1.0, max = 1.0) needs finite min < max"));
  }

  @Test
  void anUnresolvableParameterSaysWhatCanBeInjected() {
    EngineExecutionResults results = run(Unresolvable.class);
    List<Event> failed = results.testEvents().failed().list();
    assertThat(failed, hasSize(2));
    assertThat(TestKit.throwable(failed.get(0)), instanceOf(ParameterResolutionException.class));
    assertThat(
        message(failed.get(0)),
        allOf(
            containsString("java.lang.String"),
            containsString("in method [void"),
            containsString(
                "]. @GradientCheck injects TrialChecker, GradientChecker, RandomGenerator")));
  }
}
