package org.gradcheck.samples;

import static org.gradcheck.hamcrest.GradientMatchers.elementsCloseTo;
import static org.gradcheck.hamcrest.GradientMatchers.failsGradientCheckWith;
import static org.gradcheck.hamcrest.GradientMatchers.matchesNumericJacobianOf;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;

import java.util.random.RandomGenerator;
import org.ejml.data.DMatrixRMaj;
import org.gradcheck.CheckReport;
import org.gradcheck.GradientChecker;
import org.gradcheck.Gradients;
import org.gradcheck.Inputs;
import org.gradcheck.NamedLoss;
import org.gradcheck.Signature;
import org.gradcheck.junit.CheckMode;
import org.gradcheck.junit.DrawnFrom;
import org.gradcheck.junit.GradientCheck;
import org.gradcheck.junit.GradientCheckConfig;
import org.gradcheck.junit.GradientCheckTrial;
import org.gradcheck.junit.InputDomain;
import org.gradcheck.junit.Range;
import org.gradcheck.junit.Shape;
import org.gradcheck.junit.VerifyRegistry;
import org.gradcheck.registry.GradientRule;
import org.gradcheck.samples.broken.BrokenSoftmaxCrossEntropy;
import org.gradcheck.samples.layers.SoftmaxCrossEntropy;
import org.junit.jupiter.api.Test;

/** The sample layers as a user would test them: {@code @GradientCheck}, generators, Hamcrest. */
@GradientCheckConfig(mode = CheckMode.FULL)
class SampleLayersJUnitTest {

  @GradientCheck(trials = 10)
  void geluBackward(GradientChecker checker, @Shape(16) @Range(min = -5, max = 5) double[] x) {
    checker.checkVjp(Gelu::forward, Gelu::backward, x);
  }

  @GradientCheck(trials = 5)
  void denseLayerBackward(GradientChecker checker, RandomGenerator random) {
    NamedLayers.Layer dense = NamedLayers.dense(4, 3, 2);
    checker.checkVjp(
        dense.signature(), NamedLayers.DENSE, NamedLayers.DENSE_BACKWARD, dense.point(random));
  }

  private static final Signature CROSS_ENTROPY =
      Signature.builder().input("z", 1, 6).constant("p", 1, 6).output("loss").build();

  @GradientCheck(trials = 10)
  void crossEntropyWithProbabilityLabels(
      GradientChecker checker,
      @Shape(6) @DrawnFrom(InputDomain.LOGITS) double[] z,
      @Shape(6) @DrawnFrom(InputDomain.SIMPLEX) double[] p) {
    Inputs at = Inputs.of(CROSS_ENTROPY).put("z", z).put("p", p);
    NamedLoss loss = in -> SoftmaxCrossEntropy.forward(in.matrix("z"), in.matrix("p"));
    // on the simplex, the q − p shortcut and the general q·Σp − p agree: both must pass
    checker.checkGradient(
        CROSS_ENTROPY,
        loss,
        in -> Gradients.of("z", SoftmaxCrossEntropy.backward(in.matrix("z"), in.matrix("p"), 1)),
        at);
    checker.checkGradient(
        CROSS_ENTROPY,
        loss,
        in ->
            Gradients.of(
                "z",
                BrokenSoftmaxCrossEntropy.backwardAssumingNormalisedLabels(
                    in.matrix("z"), in.matrix("p"), 1)),
        at);
  }

  @GradientCheck(trials = 10)
  void tanhSquaredBugIsCaughtInEveryTrial(
      GradientChecker checker,
      GradientCheckTrial trial,
      @Shape(8) @Range(min = -3, max = 3) double[] x) {
    // every report of the injected checker is asserted: this one is expected to fail
    CheckReport report =
        checker.expectFailure().checkVjp(TanhLayer::forward, TanhLayer::backwardWithSquaredBug, x);
    assertThat("seed " + trial.seedText(), report, failsGradientCheckWith());
    assertThat(report.toString(), containsString("∂y["));
  }

  @GradientCheck(trials = 3)
  void denseJacobianMatchesTheNumericOne(@Shape(rows = 3, cols = 4) DMatrixRMaj w) {
    // y = W·x for a fixed x, as a function of the flattened W: J = [x ⊗ rows]
    double[] x = {0.5, -1.0, 2.0, 0.25};
    DMatrixRMaj jacobian = new DMatrixRMaj(3, 12);
    for (int r = 0; r < 3; r++) {
      for (int c = 0; c < 4; c++) {
        jacobian.set(r, r * 4 + c, x[c]);
      }
    }
    assertThat(
        jacobian,
        matchesNumericJacobianOf(
                flatW -> {
                  double[] y = new double[3];
                  for (int r = 0; r < 3; r++) {
                    for (int c = 0; c < 4; c++) {
                      y[r] += flatW[r * 4 + c] * x[c];
                    }
                  }
                  return y;
                })
            .at(w.data));
  }

  @Test
  void geluDerivativeAtZeroIsOneHalf() {
    assertThat(
        Gelu.backward(new double[] {0, 0}, new double[] {1, 1}),
        elementsCloseTo(new double[] {0.5, 0.5}, 1e-15));
  }

  @VerifyRegistry(providers = SampleRules.class)
  @GradientCheck(trials = 4)
  void everySampleRule(GradientRule rule) {}
}
