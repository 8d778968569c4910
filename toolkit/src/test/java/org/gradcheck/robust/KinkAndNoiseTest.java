package org.gradcheck.robust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.Random;
import org.gradcheck.VectorFunction;
import org.junit.jupiter.api.Test;

/** Kinks, nondeterminism, the NaN/Inf policy and the step-sweep second opinion. */
class KinkAndNoiseTest {
  private static final long SEED = 424242L;
  private final KinkDetector kinks = KinkDetector.defaults();

  @Test
  void reluAtZeroIsAKinkWithLeftAndRightDerivatives() {
    VectorFunction relu = x -> new double[] {Math.max(0, x[0]), x[1] * x[1]};
    DetectedKink k = kinks.detect(relu, new double[] {0, 1}, 0, "x[0]").orElseThrow();
    assertEquals(0.0, k.left(), 1e-9);
    assertEquals(1.0, k.right(), 1e-9);
    assertEquals(0, k.outputIndex());
    assertTrue(
        k.describe().startsWith("not differentiable at x[0]: left derivative 0"), k::describe);
    assertTrue(kinks.detect(relu, new double[] {0, 1}, 1, "x[1]").isEmpty());
  }

  @Test
  void absAndMaxHaveKinks() {
    DetectedKink abs =
        kinks.detect(x -> new double[] {Math.abs(x[0])}, new double[] {0}, 0, "x").orElseThrow();
    assertEquals(-1.0, abs.left(), 1e-9);
    assertEquals(1.0, abs.right(), 1e-9);
    VectorFunction max = x -> new double[] {Math.max(x[0], x[1])};
    assertTrue(kinks.detect(max, new double[] {0.7, 0.7}, 0, "x[0]").isPresent());
    assertTrue(kinks.detect(max, new double[] {0.7, 0.7}, 1, "x[1]").isPresent());
    assertTrue(kinks.detect(max, new double[] {0.9, 0.7}, 1, "x[1]").isEmpty());
  }

  @Test
  void smoothFunctionsNeverShowAKink() {
    Random rnd = new Random(SEED);
    VectorFunction f =
        x ->
            new double[] {
              Math.sin(3 * x[0]) * Math.exp(x[1]), 1e6 * x[0] * x[0], Math.log1p(x[1] * x[1])
            };
    for (int t = 0; t < 300; t++) {
      double[] x = {rnd.nextGaussian() * 3, rnd.nextGaussian()};
      for (int j = 0; j < 2; j++) {
        Optional<DetectedKink> k = kinks.detect(f, x, j, "x[" + j + "]");
        int trial = t;
        assertTrue(
            k.isEmpty(), () -> "false kink at trial " + trial + " (seed " + SEED + "): " + k);
      }
    }
  }

  @Test
  void aFunctionThatCannotBeEvaluatedIsNotCalledAKink() {
    VectorFunction sqrt = x -> new double[] {Math.sqrt(x[0])};
    assertTrue(kinks.detect(sqrt, new double[] {0}, 0, "x").isEmpty());
    assertThrows(
        IllegalArgumentException.class, () -> kinks.detect(sqrt, new double[] {0}, 1, "x"));
  }

  @Test
  void nondeterminismReportsTheSpread() {
    Random noise = new Random(SEED);
    VectorFunction noisy = x -> new double[] {x[0], x[0] + 1e-9 * noise.nextGaussian()};
    Nondeterminism n = Nondeterminism.ofFunction(noisy, new double[] {1}, 0);
    assertTrue(n.exceeded());
    assertEquals(1, n.index());
    assertTrue(n.spread() > 0 && n.spread() < 1e-7, n::describe);
    assertTrue(n.describe().startsWith("nondeterministic function: output [1]"), n::describe);
    assertFalse(Nondeterminism.ofFunction(noisy, new double[] {1}, 1e-6).exceeded());
  }

  @Test
  void deterministicFunctionsAndNaNsAreNotNondeterministic() {
    VectorFunction f = x -> new double[] {Math.sin(x[0]), Double.NaN};
    Nondeterminism n = Nondeterminism.ofFunction(f, new double[] {0.3}, 0);
    assertFalse(n.exceeded(), n::describe);
    assertEquals(-1, n.index());
    assertThrows(
        IllegalArgumentException.class, () -> Nondeterminism.ofFunction(f, new double[] {0}, -1));
    assertThrows(
        IllegalArgumentException.class,
        () -> Nondeterminism.ofFunction(f, new double[] {0}, Double.NaN));
    assertTrue(
        Nondeterminism.compare("f", new double[] {1}, new double[] {Double.NaN}, 1).exceeded());
  }

  @Test
  void nonFinitePolicyComparesPatterns() {
    NonFinitePolicy p = NonFinitePolicy.COMPARE_POSITIONS;
    assertEquals(NonFinitePolicy.Verdict.MATCH, p.judge(Double.NaN, Double.NaN));
    assertEquals(
        NonFinitePolicy.Verdict.MATCH, p.judge(Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY));
    assertEquals(
        NonFinitePolicy.Verdict.MISMATCH,
        p.judge(Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY));
    assertEquals(NonFinitePolicy.Verdict.MISMATCH, p.judge(Double.NaN, 1));
    assertEquals(NonFinitePolicy.Verdict.COMPARE, p.judge(1, 2));
    assertEquals(
        NonFinitePolicy.Verdict.MISMATCH, NonFinitePolicy.FAIL.judge(Double.NaN, Double.NaN));
    double[] a = {1, Double.NaN, Double.POSITIVE_INFINITY};
    assertTrue(p.mismatch("row 0", a, a.clone()).isEmpty(), "identical patterns are no mismatch");
    String m = p.mismatch("row 0", a, new double[] {1, 2, Double.POSITIVE_INFINITY}).orElseThrow();
    assertTrue(m.contains("first at [1]: analytic NaN, numeric 2.0"), m);
    assertTrue(NonFinitePolicy.FAIL.mismatch("row 0", a, a.clone()).isPresent());
    assertThrows(IllegalArgumentException.class, () -> p.mismatch("r", a, new double[1]));
  }

  private static final VectorFunction SMOOTH =
      x -> new double[] {Math.sin(x[0]) * Math.exp(x[1]), x[0] * x[1] * x[1]};

  @Test
  void stepSweepCallsARightValueFiniteDifferenceNoise() {
    double[] x = {0.4, -0.3};
    double truth = Math.cos(0.4) * Math.exp(-0.3);
    SecondOpinion o = StepSweep.defaults().review(SMOOTH, x, 0, 0, truth, 1e-9);
    assertEquals(SecondOpinion.Verdict.FD_NOISE, o.verdict(), o::toString);
    assertTrue(o.observedOrder() > 2.5, o::toString);
    assertTrue(o.toString().contains("finite-difference noise"), o::toString);
  }

  @Test
  void stepSweepCallsASmallErrorATrueBug() {
    double[] x = {0.4, -0.3};
    double truth = Math.cos(0.4) * Math.exp(-0.3);
    SecondOpinion o = StepSweep.defaults().review(SMOOTH, x, 0, 0, truth * (1 + 1e-6), 1e-6);
    assertEquals(SecondOpinion.Verdict.TRUE_BUG, o.verdict(), o::toString);
    assertEquals(truth * 1e-6, o.errorBound(), 0.2 * truth * 1e-6);
    assertTrue(o.toString().contains("a true bug"), o::toString);
  }

  @Test
  void stepSweepWorksOnProbesToo() {
    double[] x = {0.4, -0.3};
    double[] u = {0.6, 0.8};
    double[] v = {1, -2};
    double j00 = Math.cos(0.4) * Math.exp(-0.3);
    double j01 = Math.sin(0.4) * Math.exp(-0.3);
    double j10 = 0.09;
    double j11 = 2 * 0.4 * -0.3;
    double vju = v[0] * (j00 * u[0] + j01 * u[1]) + v[1] * (j10 * u[0] + j11 * u[1]);
    StepSweep sweep = StepSweep.defaults();
    assertEquals(
        SecondOpinion.Verdict.FD_NOISE, sweep.review(SMOOTH, x, u, v, vju, 1e-8).verdict());
    assertEquals(
        SecondOpinion.Verdict.TRUE_BUG, sweep.review(SMOOTH, x, u, v, vju + 1e-5, 1e-5).verdict());
    assertEquals(
        SecondOpinion.Verdict.TRUE_BUG, sweep.review(SMOOTH, x, u, v, Double.NaN, 1).verdict());
  }

  @Test
  void aLinearFunctionLeavesOnlyRoundOff() {
    VectorFunction linear = x -> new double[] {3 * x[0] - x[1]};
    SecondOpinion o = StepSweep.defaults().review(linear, new double[] {1, 2}, 0, 0, 3, 1e-6);
    assertEquals(SecondOpinion.Verdict.FD_NOISE, o.verdict(), o::toString);
    SecondOpinion wrong =
        StepSweep.defaults().review(linear, new double[] {1, 2}, 0, 0, 3.001, 1e-3);
    assertEquals(SecondOpinion.Verdict.TRUE_BUG, wrong.verdict(), wrong::toString);
  }
}
