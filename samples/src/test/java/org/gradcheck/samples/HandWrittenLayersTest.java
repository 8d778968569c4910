package org.gradcheck.samples;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.gradcheck.CheckReport;
import org.gradcheck.Finding;
import org.gradcheck.GradientChecker;
import org.gradcheck.Gradients;
import org.gradcheck.Inputs;
import org.gradcheck.Mode;
import org.gradcheck.NamedBackward;
import org.gradcheck.NamedGradient;
import org.gradcheck.NamedLoss;
import org.gradcheck.Signature;
import org.gradcheck.samples.broken.BrokenDense;
import org.gradcheck.samples.broken.BrokenSoftmaxCrossEntropy;
import org.gradcheck.samples.layers.SoftmaxCrossEntropy;
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
    NamedLayers.Layer dense = NamedLayers.dense(3, 4, 2);
    Inputs at = dense.point(new SplittableRandom(SEED));
    GradientChecker full = checker.toBuilder().mode(Mode.FULL).build();
    full.checkVjp(dense.signature(), NamedLayers.DENSE, NamedLayers.DENSE_BACKWARD, at)
        .assertPassed();
    NamedBackward biasNotSummed = // db = the first row of dY instead of the sum over the batch
        (in, up) ->
            NamedLayers.gradients(
                BrokenDense.backwardWithBiasNotSummed(
                    in.matrix("X"), in.matrix("W"), in.array("b"), up.matrix("Y")));
    CheckReport wrong = full.checkVjp(dense.signature(), NamedLayers.DENSE, biasNotSummed, at);
    wrong.assertFailed(Finding.Kind.ONE_BATCH_ROW);
    assertTrue(
        wrong.worstEntries().stream()
            .filter(e -> !e.withinTolerance())
            .allMatch(e -> e.label().contains("/∂b[")),
        wrong::toString);
  }

  /** One row of logits z, constant soft labels p, the mean cross-entropy as a named loss. */
  private static final Signature CROSS_ENTROPY =
      Signature.builder().input("z", 1, 5).constant("p", 1, 5).output("loss").build();

  private static final NamedLoss LOSS =
      in -> SoftmaxCrossEntropy.forward(in.matrix("z"), in.matrix("p"));

  @Test
  void crossEntropyShortcutFailsForUnnormalisedLabels() {
    NamedGradient right =
        in -> Gradients.of("z", SoftmaxCrossEntropy.backward(in.matrix("z"), in.matrix("p"), 1));
    NamedGradient shortcut =
        in ->
            Gradients.of(
                "z",
                BrokenSoftmaxCrossEntropy.backwardAssumingNormalisedLabels(
                    in.matrix("z"), in.matrix("p"), 1));
    Inputs at =
        Inputs.of(CROSS_ENTROPY)
            .put("z", randomVector(new SplittableRandom(SEED), 5, 4.0))
            .put("p", new double[] {0.1, 0.3, 0.2, 0.1, 0.1}); // sums to 0.8
    checker.checkGradient(CROSS_ENTROPY, LOSS, right, at).assertPassed();
    CheckReport wrong = checker.checkGradient(CROSS_ENTROPY, LOSS, shortcut, at).assertFailed();
    assertTrue(wrong.toString().contains("∂loss/∂z["), wrong::toString);

    Inputs normalised = at.put("p", new double[] {0.2, 0.3, 0.2, 0.2, 0.1});
    checker.checkGradient(CROSS_ENTROPY, LOSS, shortcut, normalised).assertPassed(); // Σp = 1
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
