package org.gradcheck.junit;

import static org.gradcheck.junit.TestKit.message;
import static org.gradcheck.junit.TestKit.names;
import static org.gradcheck.junit.TestKit.run;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.startsWith;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.gradcheck.GradientChecker;
import org.gradcheck.generate.Generator;
import org.gradcheck.generate.Generators;
import org.gradcheck.property.From;
import org.gradcheck.property.GradientProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.Event;

/**
 * {@link GradientProperty} both ways on fixed seeds: wrong rules are falsified and shrink to the
 * smallest counterexample, right ones hold; the failure database replays; a try reruns alone from
 * its seed; misuse fails the template with a message naming the problem.
 */
class GradientPropertyTest {
  @TempDir Path database;

  // --- fixtures ------------------------------------------------------------------------------

  /** Cross-entropy over 2..10 classes: logits and simplex labels of the drawn size. */
  static Generator<double[][]> classes() {
    return Generators.sizes(2, 10)
        .flatMap(
            n ->
                Generators.combine(
                    Generators.logits(n, 3),
                    Generators.simplex(n),
                    (z, p) -> new double[][] {z, p}));
  }

  static double loss(double[] z, double[] p) {
    double[] q = Softmax.forward(z);
    double loss = 0;
    for (int i = 0; i < z.length; i++) {
      loss -= p[i] * Math.log(q[i]);
    }
    return loss;
  }

  /** q·Σp − p (right), or q − 1 (wrong). */
  static double[] lossGradient(double[] z, double[] p, boolean right) {
    double[] q = Softmax.forward(z);
    double sum = 0;
    for (double v : p) {
      sum += v;
    }
    double[] g = new double[z.length];
    for (int i = 0; i < z.length; i++) {
      g[i] = right ? q[i] * sum - p[i] : q[i] - 1;
    }
    return g;
  }

  @TestKit.Fixture
  static class WrongCrossEntropy {
    static Generator<double[][]> classes() {
      return GradientPropertyTest.classes();
    }

    @GradientProperty(tries = 200, seed = "0x5EED")
    void crossEntropy(GradientChecker checker, @From("classes") double[][] zp) {
      double[] p = zp[1];
      checker.checkGradient(z -> loss(z, p), z -> lossGradient(z, p, false), zp[0]);
    }
  }

  @TestKit.Fixture
  static class RightCrossEntropy {
    static Generator<double[][]> classes() {
      return GradientPropertyTest.classes();
    }

    @GradientProperty(tries = 1000, seed = "0x5EED")
    void crossEntropy(GradientChecker checker, @From("classes") double[][] zp) {
      double[] p = zp[1];
      checker.checkGradient(z -> loss(z, p), z -> lossGradient(z, p, true), zp[0]);
    }
  }

  @TestKit.Fixture
  static class DiagonalSoftmax {
    Generator<double[]> logits() {
      return Generators.sizes(1, 8).flatMap(n -> Generators.logits(n, 3));
    }

    @GradientProperty(tries = 100, seed = "42")
    void softmax(GradientChecker checker, @From("logits") double[] z) {
      checker.checkJacobian(Softmax::forward, Softmax::diagonalOnlyJacobian, z);
    }
  }

  /** W (r×c), u (r×1), x (c×1) of L(W) = uᵀ W x, with r and c drawn in 1..4. */
  static Generator<DMatrixRMaj[]> dense() {
    return Generators.combine(
            Generators.sizes(1, 4), Generators.sizes(1, 4), (r, c) -> new int[] {r, c})
        .flatMap(
            rc ->
                Generators.combine(
                    Generators.matrices(rc[0], rc[1], -1, 1),
                    Generators.matrices(rc[0], 1, -1, 1),
                    Generators.matrices(rc[1], 1, -1, 1),
                    (w, u, x) -> new DMatrixRMaj[] {w, u, x}));
  }

  @TestKit.Fixture
  static class SquareOnlyDense {
    static Generator<DMatrixRMaj[]> dense() {
      return GradientPropertyTest.dense();
    }

    @GradientProperty(tries = 100, seed = "7")
    void weightGradient(GradientChecker checker, @From("dense") DMatrixRMaj[] wux) {
      int rows = wux[0].numRows;
      int cols = wux[0].numCols;
      double[] u = wux[1].data;
      double[] x = wux[2].data;
      checker.checkGradient(
          w -> {
            double loss = 0;
            for (int i = 0; i < rows; i++) {
              for (int j = 0; j < cols; j++) {
                loss += u[i] * w[i * cols + j] * x[j];
              }
            }
            return loss;
          },
          w -> {
            double[] dw = new double[rows * cols];
            for (int i = 0; i < rows; i++) {
              for (int j = 0; j < cols; j++) {
                int at = i * rows + j; // bug: the row stride is cols, not rows
                if (at < dw.length) {
                  dw[at] = u[i] * x[j];
                }
              }
            }
            return dw;
          },
          wux[0].data.clone());
    }
  }

  /** Σ w_i · LN(x)_i, LN(x) = (x − μ)/√(var + ε), ε = 1e-7. */
  static double layerNormLoss(double[] x) {
    double[] w = {1.0, -2.0, 0.5, 3.0};
    double mean = (x[0] + x[1] + x[2] + x[3]) / 4;
    double var = 0;
    for (double v : x) {
      var += (v - mean) * (v - mean) / 4;
    }
    double loss = 0;
    for (int i = 0; i < 4; i++) {
      loss += w[i] * (x[i] - mean) / Math.sqrt(var + 1e-7);
    }
    return loss;
  }

  /** The layer-norm gradient with ε dropped: wrong only for near-constant x. */
  static double[] layerNormGradientWithoutEpsilon(double[] x) {
    double[] w = {1.0, -2.0, 0.5, 3.0};
    double mean = (x[0] + x[1] + x[2] + x[3]) / 4;
    double var = 0;
    for (double v : x) {
      var += (v - mean) * (v - mean) / 4;
    }
    double sigma = Math.sqrt(var);
    double meanW = (w[0] + w[1] + w[2] + w[3]) / 4;
    double meanWx = 0;
    for (int i = 0; i < 4; i++) {
      meanWx += w[i] * (x[i] - mean) / sigma / 4;
    }
    double[] g = new double[4];
    for (int i = 0; i < 4; i++) {
      g[i] = (w[i] - meanW - (x[i] - mean) / sigma * meanWx) / sigma;
    }
    return g;
  }

  /** The same layer-norm property under three search settings. */
  abstract static class LayerNorm {
    void check(GradientChecker checker, double[] x) {
      checker.checkGradient(
          GradientPropertyTest::layerNormLoss,
          GradientPropertyTest::layerNormGradientWithoutEpsilon,
          x);
    }
  }

  @TestKit.Fixture
  static class LayerNormRandomOnly extends LayerNorm {
    @GradientProperty(tries = 200, seed = "9", edgeCases = 0, rtol = 1e-2)
    void layerNorm(GradientChecker checker, @Shape(4) double[] x) {
      check(checker, x);
    }
  }

  @TestKit.Fixture
  static class LayerNormWithEdgeCases extends LayerNorm {
    @GradientProperty(tries = 200, seed = "9", edgeCases = 0.1, rtol = 1e-2)
    void layerNorm(GradientChecker checker, @Shape(4) double[] x) {
      check(checker, x);
    }
  }

  @TestKit.Fixture
  static class LayerNormTargeted extends LayerNorm {
    @GradientProperty(tries = 200, seed = "9", edgeCases = 0, targeted = true, rtol = 1e-2)
    void layerNorm(GradientChecker checker, @Shape(4) double[] x) {
      check(checker, x);
    }
  }

  @TestKit.Fixture
  static class FailsAboveHalf {
    @GradientProperty(tries = 50, seed = "3", edgeCases = 0)
    void property(@Shape(3) @Range(min = 0, max = 1) double[] x) {
      if (x[0] > 0.5) {
        throw new AssertionError("x[0] = " + x[0] + " > 0.5");
      }
    }
  }

  @TestKit.Fixture
  static class DiagonalSoftmaxTrials {
    @GradientCheck(trials = 3, seed = "5")
    void softmax(GradientChecker checker, @Shape(5) @Range(min = -3, max = 3) double[] z) {
      checker.checkJacobian(Softmax::forward, Softmax::diagonalOnlyJacobian, z);
    }
  }

  @TestKit.Fixture
  static class TrialsFailAboveHalf {
    @GradientCheck(trials = 5, seed = "3")
    void check(@Shape(3) @Range(min = 0, max = 1) double[] x) {
      if (x[0] > 0.5) {
        throw new AssertionError("x[0] = " + x[0] + " > 0.5");
      }
    }
  }

  @TestKit.Fixture
  static class TrialsNeverFail {
    @GradientCheck(trials = 5, seed = "3")
    void check(@Shape(3) @Range(min = 0, max = 1) double[] x) {}
  }

  @TestKit.Fixture
  static class UnknownProvider {
    @GradientProperty
    void property(@From("nowhere") double[] x) {}
  }

  @TestKit.Fixture
  static class WrongProviderType {
    static int notAGenerator() {
      return 3;
    }

    @GradientProperty
    void property(@From("notAGenerator") double[] x) {}
  }

  @TestKit.Fixture
  static class RejectsEverything {
    static Generator<double[]> never() {
      return Generators.uniform(2, -1, 1).filter(x -> x[0] > 2);
    }

    @GradientProperty
    void property(@From("never") double[] x) {}
  }

  @TestKit.Fixture
  static class InstanceRejectsEverything {
    double bound = 0;

    @BeforeEach
    void prepare() {
      bound = 2;
    }

    Generator<double[]> never() {
      return Generators.uniform(2, -1, 1).filter(x -> x[0] > bound);
    }

    @GradientProperty(seed = "1")
    void property(@From("never") double[] x) {}
  }

  @TestKit.Fixture
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  static class InstanceRejectsEverythingPerClass {
    Generator<double[]> never() {
      return Generators.uniform(2, -1, 1).filter(x -> x[0] > 2);
    }

    @GradientProperty(seed = "1")
    void property(@From("never") double[] x) {}
  }

  @TestKit.Fixture
  static class InstanceFilterAfterBeforeEach {
    double bound = 2;

    @BeforeEach
    void prepare() {
      bound = 0;
    }

    Generator<double[]> positiveFirst() {
      return Generators.uniform(2, -1, 1).filter(x -> x[0] > bound);
    }

    @GradientProperty(tries = 20, seed = "1")
    void property(@From("positiveFirst") double[] x) {
      if (!(x[0] > 0)) {
        throw new AssertionError("x[0] = " + x[0]);
      }
    }
  }

  @TestKit.Fixture
  static class EdgeShareAboveOne {
    @GradientProperty(edgeCases = 1.5)
    void property(@Shape(2) double[] x) {}
  }

  @TestKit.Fixture
  static class NegativeShrinks {
    @GradientProperty(maxShrinks = -1)
    void property(@Shape(2) double[] x) {}
  }

  @TestKit.Fixture
  static class ZeroTries {
    @GradientProperty(tries = 0)
    void property(@Shape(2) double[] x) {}
  }

  // --- tests ---------------------------------------------------------------------------------

  private EngineExecutionResults runWithDatabase(Class<?> fixture, String... more) {
    String[] parameters = new String[more.length + 2];
    parameters[0] = "gradcheck.failureDatabase";
    parameters[1] = database.toString();
    System.arraycopy(more, 0, parameters, 2, more.length);
    return run(fixture, parameters);
  }

  /** The single failure of a property run, whose message is returned. */
  private static String falsified(EngineExecutionResults results) {
    List<Event> failed = results.testEvents().failed().list();
    assertThat("one failing try", failed, hasSize(1));
    return message(failed.get(0));
  }

  private static String shrunkPart(String message) {
    return message.substring(message.indexOf("shrunk example"));
  }

  @Test
  void theWrongCrossEntropyRuleShrinksToTwoClasses() {
    String message = falsified(runWithDatabase(WrongCrossEntropy.class));
    assertThat(
        message,
        allOf(
            startsWith("property falsified at trial "),
            containsString("original example"),
            containsString("shrink steps"),
            containsString("Rerun just this trial with -Dgradcheck.seed=0x")));
    assertThat(
        "seed 0x5EED: " + message,
        shrunkPart(message),
        containsString("shapes: zp: [double[2], double[2]]"));
    assertThat(shrunkPart(message), containsString("failure at the shrunk example:\n"));
  }

  @Test
  void theRightCrossEntropyRuleHoldsOverAThousandTries() {
    EngineExecutionResults results = runWithDatabase(RightCrossEntropy.class);
    assertThat("seed 0x5EED", results.testEvents().succeeded().count(), equalTo(1000L));
    assertThat(results.testEvents().failed().count(), equalTo(0L));
    List<String> statistics = TestKit.entries(results, "gradcheck.statistics");
    assertThat(statistics, hasSize(1));
    assertThat(
        statistics.get(0),
        allOf(
            startsWith("1000 tries; shapes drawn: [[double[10], double[10]]] ×"),
            containsString("edge cases in"),
            containsString("worst margin (error/allowed) min")));
  }

  @Test
  void aDiagonalOnlySoftmaxJacobianShrinksToTwoByTwo() {
    String message = falsified(runWithDatabase(DiagonalSoftmax.class));
    assertThat("seed 42: " + message, shrunkPart(message), containsString("shapes: z: double[2]"));
  }

  @Test
  void aWeightGradientRightOnlyForSquareWeightsShrinksToTwoByOne() {
    String message = falsified(runWithDatabase(SquareOnlyDense.class));
    assertThat(
        "seed 7: " + message, shrunkPart(message), containsString("shapes: wux: [2×1, 2×1, 1×1]"));
  }

  @Test
  void aLayerNormThatDropsEpsilonIsFoundByEdgeCasesOrTargetingNotByLuck() {
    EngineExecutionResults random = runWithDatabase(LayerNormRandomOnly.class);
    assertThat(
        "200 random tries, seed 9, never reach var(x) ≲ 1e-5",
        random.testEvents().failed().count(),
        equalTo(0L));
    String edge = falsified(runWithDatabase(LayerNormWithEdgeCases.class));
    assertThat("seed 9: " + edge, shrunkPart(edge), containsString("x = ["));
    EngineExecutionResults targetedRun = runWithDatabase(LayerNormTargeted.class);
    String targeted = falsified(targetedRun);
    assertThat("seed 9: " + targeted, targeted, containsString("Found by targeted search"));
    assertThat(
        TestKit.entries(targetedRun, "gradcheck.statistics").get(0),
        allOf(containsString("edge cases in 0 tries"), containsString("; targeted, best margin")));
  }

  @Test
  void theFailureDatabaseReplaysTheShrunkExampleFirst() throws Exception {
    String first = falsified(runWithDatabase(FailsAboveHalf.class));
    Path file = database.resolve(FailsAboveHalf.class.getName() + ".property.choices");
    assertThat("seed 3: " + first, Files.exists(file), equalTo(true));
    EngineExecutionResults second = runWithDatabase(FailsAboveHalf.class);
    List<String> started = names(second.testEvents().started());
    assertThat(started, hasSize(1));
    assertThat(started.get(0), startsWith("failure database replay"));
    String replayed = falsified(second);
    assertThat(replayed, containsString("the failure database's example"));
    assertThat(
        shrunkPart(replayed),
        equalTo(shrunkPart(first).replace(shrunkPart(first), shrunkPart(replayed))));
    assertThat(shrunkPart(first), containsString("x = [1.0, 0.0, 0.0]"));
  }

  @Test
  void aSingleTryRerunsAloneFromItsSeed() {
    EngineExecutionResults all = runWithDatabase(FailsAboveHalf.class);
    List<Event> failed = all.testEvents().failed().list();
    assertThat(failed, hasSize(1));
    String seed = TestKit.seedIn(failed.get(0).getTestDescriptor().getDisplayName());
    String original = message(failed.get(0));
    EngineExecutionResults alone = runWithDatabase(FailsAboveHalf.class, "gradcheck.seed", seed);
    assertThat(alone.testEvents().started().count(), equalTo(1L));
    String again = falsified(alone);
    String originalExample = original.substring(0, original.indexOf("shrunk example"));
    assertThat(
        "seed " + seed,
        again.substring(again.indexOf("original example"), again.indexOf("shrunk example")),
        equalTo(originalExample.substring(originalExample.indexOf("original example"))));
  }

  @Test
  void aGradientCheckTrialWithGeneratedInputsShrinksItsFailureToo() {
    EngineExecutionResults results = run(DiagonalSoftmaxTrials.class);
    List<Event> failed = results.testEvents().failed().list();
    assertThat(failed, hasSize(3));
    String message = message(failed.get(0));
    assertThat(
        "seed 5: " + message,
        message,
        allOf(
            startsWith("gradient check failed in trial 1/3 (seed 0x5):"),
            containsString("generated inputs, shrunk:\n  original example (6 choices)"),
            containsString("shapes: z: double[5]\n    z = [0.0, 0.0, 0.0, 0.0, 0.0]"),
            containsString("Rerun just this trial with -Dgradcheck.seed=0x5")));
  }

  @Test
  void aGradientCheckTrialStoresItsShrunkExampleAndTheNextRunReplaysItFirst() throws Exception {
    List<Event> first = runWithDatabase(TrialsFailAboveHalf.class).testEvents().failed().list();
    Path file = database.resolve(TrialsFailAboveHalf.class.getName() + ".check.choices");
    assertThat("seed 3: some of 5 trials fail", first.isEmpty(), equalTo(false));
    assertThat(
        message(first.get(0)),
        containsString(
            "x = [1.0, 0.0, 0.0]\n  failure at the shrunk example:\nAssertionError: x[0] = 1.0"
                + " > 0.5\nThe shrunk example is stored in "
                + file.toAbsolutePath().normalize()
                + " and replayed first by the next run."));
    assertThat(Files.exists(file), equalTo(true));

    EngineExecutionResults second = runWithDatabase(TrialsFailAboveHalf.class);
    List<String> started = names(second.testEvents().started());
    assertThat(started, hasSize(6));
    assertThat(started.get(0), equalTo("failure database replay (" + file.getFileName() + ")"));
    Event replay = second.testEvents().failed().list().get(0);
    assertThat(replay.getTestDescriptor().getDisplayName(), startsWith("failure database replay"));
    assertThat(
        message(replay),
        allOf(
            startsWith("x[0] = 1.0 > 0.5"),
            containsString("generated inputs, shrunk:\n  original example"),
            containsString(
                "the failure database's example. This example came from the failure database; it"
                    + " is replayed until it passes.")));

    assertThat(
        "gradcheck.seed reruns one trial, without the replay",
        names(
            runWithDatabase(TrialsFailAboveHalf.class, "gradcheck.seed", "0x3")
                .testEvents()
                .started()),
        contains("trial 1/1 (seed 0x3)"));
  }

  @Test
  void aGradientCheckReplayThatPassesIsForgotten() throws Exception {
    runWithDatabase(TrialsFailAboveHalf.class);
    Path stored = database.resolve(TrialsFailAboveHalf.class.getName() + ".check.choices");
    Path file = database.resolve(TrialsNeverFail.class.getName() + ".check.choices");
    Files.copy(stored, file);
    EngineExecutionResults results = runWithDatabase(TrialsNeverFail.class);
    assertThat(
        names(results.testEvents().succeeded()).get(0), startsWith("failure database replay"));
    assertThat(results.testEvents().succeeded().count(), equalTo(6L));
    assertThat("a passing replay deletes the file", Files.exists(file), equalTo(false));
    assertThat(
        "no file, no replay",
        runWithDatabase(TrialsNeverFail.class).testEvents().started().count(),
        equalTo(5L));
  }

  private static String templateFailure(Class<?> fixture) {
    EngineExecutionResults results = run(fixture);
    List<Event> failed = results.containerEvents().failed().list();
    assertThat("one failed template for " + fixture.getSimpleName(), failed, hasSize(1));
    assertThat(TestKit.throwable(failed.get(0)), instanceOf(ExtensionConfigurationException.class));
    return message(failed.get(0));
  }

  /** What a filter of {@code never()} rejecting everything says, on {@code fixture}. */
  private static String rejectedEverything(Class<?> fixture) {
    return "@GradientProperty on "
        + fixture.getSimpleName()
        + ".property(double[]): @From(\"never\") of parameter 0 'x': "
        + "uniform(2, [-1.0, 1.0]) filtered: the filter rejected 1000 draws in a row of"
        + " uniform(2, [-1.0, 1.0]); draw values in the wanted region directly instead of filtering";
  }

  @Test
  void anInstanceFromMethodWhoseFilterRejectsEverythingFailsTheTemplateCleanly() {
    EngineExecutionResults results = run(InstanceRejectsEverything.class);
    List<Event> template = results.containerEvents().failed().list();
    assertThat(template, hasSize(1));
    assertThat(
        TestKit.throwable(template.get(0)), instanceOf(ExtensionConfigurationException.class));
    assertThat(
        message(template.get(0)), equalTo(rejectedEverything(InstanceRejectsEverything.class)));
    List<Event> tries = results.testEvents().failed().list();
    assertThat("the one try that drew fails as itself, then the run stops", tries, hasSize(1));
    assertThat(TestKit.throwable(tries.get(0)), instanceOf(ExtensionConfigurationException.class));
    assertThat(
        templateFailure(InstanceRejectsEverythingPerClass.class),
        equalTo(rejectedEverything(InstanceRejectsEverythingPerClass.class)));
    assertThat(
        "under PER_CLASS no try starts",
        run(InstanceRejectsEverythingPerClass.class).testEvents().started().count(),
        equalTo(0L));
  }

  @Test
  void anInstanceFromMethodDrawsAfterTheBeforeEachMethods() {
    EngineExecutionResults results = run(InstanceFilterAfterBeforeEach.class);
    assertThat(results.testEvents().succeeded().count(), equalTo(20L));
    assertThat(results.containerEvents().failed().count(), equalTo(0L));
  }

  @Test
  void misuseFailsTheTemplateWithAMessageNamingTheProblem() {
    assertThat(
        templateFailure(UnknownProvider.class),
        equalTo(
            "parameter 0 'x' (double[]) of UnknownProvider.property(double[]): @From(\"nowhere\")"
                + " names no method of UnknownProvider; expected a method without parameters"
                + " returning a Generator<double[]>"));
    assertThat(
        templateFailure(WrongProviderType.class),
        containsString(
            "@From(\"notAGenerator\") names notAGenerator(), which returns int; expected a"
                + " Generator<double[]>"));
    assertThat(
        templateFailure(RejectsEverything.class),
        allOf(
            startsWith(
                "@GradientProperty on RejectsEverything.property(double[]): @From(\"never\") of"
                    + " parameter 0 'x': "),
            containsString("the filter rejected 1000 draws in a row of uniform(2")));
    assertThat(
        templateFailure(ZeroTries.class),
        equalTo(
            "@GradientProperty on ZeroTries.property(double[]): tries = 0, but tries must be ≥ 1"));
  }
}
