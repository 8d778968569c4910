package org.gradcheck.samples;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.gradcheck.CheckReport;
import org.gradcheck.GradientChecker;
import org.gradcheck.Mode;
import org.junit.jupiter.api.Test;

/** Each sample layer: the right backward pass passes, the wrong one fails and is located. */
class HandWrittenLayersTest {
  private static final long SEED = 20261123L;
  private final GradientChecker checker = GradientChecker.builder().seed(SEED).build();

  private static double[] randomVector(SplittableRandom random, int n, double scale) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = scale * (2 * random.nextDouble() - 1);
    }
    return v;
  }

  @Test
  void geluBackwardIsRight() {
    double[] x = randomVector(new SplittableRandom(SEED), 16, 3.0);
    CheckReport report = checker.checkVjp(Gelu::forward, Gelu::backward, x);
    assertTrue(report.passed(), () -> "seed " + SEED + "\n" + report);
  }

  @Test
  void tanhSquaredBugIsCaughtButTheRightDerivativePasses() {
    double[] x = randomVector(new SplittableRandom(SEED), 8, 2.0);
    CheckReport right = checker.checkVjp(TanhLayer::forward, TanhLayer::backward, x);
    assertTrue(right.passed(), () -> "seed " + SEED + "\n" + right);
    CheckReport wrong = checker.checkVjp(TanhLayer::forward, TanhLayer::backwardWithSquaredBug, x);
    assertFalse(wrong.passed(), () -> "seed " + SEED + ": the (1 − y)² bug slipped through");
    assertTrue(wrong.toString().contains("x["), wrong::toString);
  }

  @Test
  void tanhSquaredBugIsInvisibleAtZeroOnly() {
    double[] zero = new double[4];
    CheckReport atZero =
        checker.checkVjp(TanhLayer::forward, TanhLayer::backwardWithSquaredBug, zero);
    assertTrue(atZero.passed(), "at x = 0 the bug agrees with the truth: one point proves little");
  }

  @Test
  void denseLayerBackwardIsRightAndTheBiasSlipIsNamed() {
    DenseLayer layer = new DenseLayer(3, 4, 2);
    double[] flat = randomVector(new SplittableRandom(SEED), layer.signature().inputSize(), 1.0);
    GradientChecker full = checker.toBuilder().mode(Mode.FULL).build();
    CheckReport right = full.checkVjp(layer::forward, layer::backward, flat, layer.signature());
    assertTrue(right.passed(), () -> "seed " + SEED + "\n" + right);
    CheckReport wrong =
        full.checkVjp(
            layer::forward, layer::backwardForgettingBiasBatchSum, flat, layer.signature());
    assertFalse(wrong.passed(), () -> "seed " + SEED + "\n" + wrong);
    assertTrue(
        wrong.worstEntries().stream()
            .filter(e -> !e.withinTolerance())
            .allMatch(e -> e.label().contains("/∂b[")),
        wrong::toString);
  }

  @Test
  void crossEntropyShortcutFailsForUnnormalisedLabels() {
    SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy(5);
    double[] z = randomVector(new SplittableRandom(SEED), 5, 4.0);
    double[] soft = {0.1, 0.3, 0.2, 0.1, 0.1}; // sums to 0.8
    double[] flat = loss.signature().pack(z, soft);
    CheckReport right = checker.checkGradient(loss::loss, loss::gradient, flat, loss.signature());
    assertTrue(right.passed(), () -> "seed " + SEED + "\n" + right);
    CheckReport shortcut =
        checker.checkGradient(
            loss::loss, loss::gradientAssumingNormalisedLabels, flat, loss.signature());
    assertFalse(shortcut.passed(), () -> "seed " + SEED + "\n" + shortcut);
    assertTrue(shortcut.toString().contains("∂loss/∂z["), shortcut::toString);

    double[] normalised = loss.signature().pack(z, new double[] {0.2, 0.3, 0.2, 0.2, 0.1});
    CheckReport fine =
        checker.checkGradient(
            loss::loss, loss::gradientAssumingNormalisedLabels, normalised, loss.signature());
    assertTrue(
        fine.passed(), () -> "with Σp = 1 the shortcut is exact; seed " + SEED + "\n" + fine);
  }

  @Test
  void missingWeightDecayIsCaughtByDefaultsButNotByLooseTolerances() {
    SplittableRandom random = new SplittableRandom(SEED);
    double[][] a = new double[20][];
    for (int r = 0; r < a.length; r++) {
      a[r] = randomVector(random, 6, 1.0);
    }
    // targets far from the fit make the data gradient O(1), so λ·w is ~1e-4 relative
    RegularisedRegression problem = new RegularisedRegression(a, randomVector(random, 20, 20.0));
    double[] w = randomVector(random, 6, 0.5);

    CheckReport right = checker.checkGradient(problem::loss, problem::gradient, w);
    assertTrue(right.passed(), () -> "seed " + SEED + "\n" + right);
    CheckReport missing =
        checker.checkGradient(problem::loss, problem::gradientWithoutWeightDecay, w);
    assertFalse(missing.passed(), () -> "seed " + SEED + ": missing λ·w slipped through");

    GradientChecker pytorchLike = checker.toBuilder().atol(1e-5).rtol(1e-3).build();
    CheckReport loose =
        pytorchLike.checkGradient(problem::loss, problem::gradientWithoutWeightDecay, w);
    assertTrue(loose.passed(), "atol 1e-5 / rtol 1e-3 cannot see a 1e-4·w term");
  }
}
