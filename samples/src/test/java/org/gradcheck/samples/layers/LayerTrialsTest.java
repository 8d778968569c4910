package org.gradcheck.samples.layers;

import static org.gradcheck.samples.NamedLayers.ATTENTION;
import static org.gradcheck.samples.NamedLayers.ATTENTION_BACKWARD;
import static org.gradcheck.samples.NamedLayers.DENSE;
import static org.gradcheck.samples.NamedLayers.DENSE_BACKWARD;
import static org.gradcheck.samples.NamedLayers.LAYER_NORM;
import static org.gradcheck.samples.NamedLayers.LAYER_NORM_BACKWARD;

import java.util.random.RandomGenerator;
import org.ejml.data.DMatrixRMaj;
import org.gradcheck.Finding;
import org.gradcheck.GradientChecker;
import org.gradcheck.Inputs;
import org.gradcheck.NamedBackward;
import org.gradcheck.Signature;
import org.gradcheck.junit.GradientCheck;
import org.gradcheck.junit.Range;
import org.gradcheck.junit.Shape;
import org.gradcheck.samples.NamedLayers;
import org.gradcheck.samples.NamedLayers.Layer;
import org.gradcheck.samples.broken.BrokenDense;
import org.gradcheck.samples.broken.BrokenRnnCell;

/**
 * {@code @GradientCheck} tests as a user writes them: the inputs and parameters of a layer are
 * method parameters ({@code @Shape}, {@code @Range}), drawn afresh in every trial from the trial's
 * seed; the injected checker asserts every report after the method returns, and a failing trial
 * names its seed and how to rerun it alone. Parameter gradients (W, b, γ, β, the kernel, K and V,
 * the GRU's weights) are checked with the inputs' in the same report.
 */
class LayerTrialsTest {
  private static final Signature DENSE_4x3_TO_2 = NamedLayers.denseSignature(4, 3, 2);

  @GradientCheck(trials = 5)
  void denseInputsWeightsAndBias(
      GradientChecker checker,
      @Shape(rows = 4, cols = 3) DMatrixRMaj x,
      @Shape(rows = 2, cols = 3) DMatrixRMaj w,
      @Shape(2) double[] b) {
    Inputs at = Inputs.of(DENSE_4x3_TO_2).put("X", x).put("W", w).put("b", b);
    checker.checkVjp(DENSE_4x3_TO_2, DENSE, DENSE_BACKWARD, at);

    // the bias gradient taken from the first row of dY, not summed over the batch: every trial's
    // check must fail, with these findings, or the test fails
    NamedBackward biasNotSummed =
        (in, up) ->
            NamedLayers.gradients(
                BrokenDense.backwardWithBiasNotSummed(
                    in.matrix("X"), in.matrix("W"), in.array("b"), up.matrix("Y")));
    checker
        .expectFailure(Finding.Kind.ONE_BATCH_ROW, Finding.Kind.CONFINED_TO_INPUT)
        .checkVjp(DENSE_4x3_TO_2, DENSE, biasNotSummed, at);
  }

  private static final Signature NORM_3x5 = NamedLayers.normSignature(3, 5);

  @GradientCheck(trials = 5)
  void layerNormInputsScaleAndShift(
      GradientChecker checker,
      @Shape(rows = 3, cols = 5) @Range(min = -3, max = 3) DMatrixRMaj x,
      @Shape(5) @Range(min = 0.5, max = 2) double[] gamma,
      @Shape(5) double[] beta) {
    Inputs at = Inputs.of(NORM_3x5).put("X", x).put("gamma", gamma).put("beta", beta);
    checker.checkVjp(NORM_3x5, LAYER_NORM, LAYER_NORM_BACKWARD, at);
  }

  private static final Conv1d CONV = new Conv1d(3, 2, 1); // kernel 3, stride 2, padding 1
  private static final Signature CONV_2x7_TO_3 = NamedLayers.conv1dSignature(CONV, 2, 7, 3);

  @GradientCheck(trials = 5)
  void conv1dInputKernelAndBias(
      GradientChecker checker,
      @Shape(rows = 2, cols = 7) DMatrixRMaj x,
      @Shape(rows = 3, cols = 6) DMatrixRMaj w, // out × (channels·kernel)
      @Shape(3) double[] b) {
    Inputs at = Inputs.of(CONV_2x7_TO_3).put("X", x).put("W", w).put("b", b);
    checker.checkVjp(
        CONV_2x7_TO_3, NamedLayers.conv1dForward(CONV), NamedLayers.conv1dBackward(CONV), at);
  }

  private static final Signature ATTENTION_2_QUERIES = NamedLayers.attentionSignature(2, 4, 3, 2);

  @GradientCheck(trials = 5)
  void attentionQueriesKeysAndValues(
      GradientChecker checker,
      @Shape(rows = 2, cols = 3) @Range(min = -2, max = 2) DMatrixRMaj q,
      @Shape(rows = 4, cols = 3) @Range(min = -2, max = 2) DMatrixRMaj k,
      @Shape(rows = 4, cols = 2) DMatrixRMaj v) {
    Inputs at = Inputs.of(ATTENTION_2_QUERIES).put("Q", q).put("K", k).put("V", v);
    checker.checkVjp(ATTENTION_2_QUERIES, ATTENTION, ATTENTION_BACKWARD, at);
  }

  /** 3 steps of 2 inputs, 2 hidden units, three gates (update, reset, candidate). */
  private static final Signature GRU_3_STEPS = NamedLayers.recurrentSignature(3, 3, 2, 2);

  @GradientCheck(trials = 5)
  void gruUnrolledOverThreeSteps(
      GradientChecker checker,
      @Shape(rows = 3, cols = 2) DMatrixRMaj x,
      @Shape(2) double[] h0,
      @Shape(rows = 6, cols = 2) DMatrixRMaj w,
      @Shape(rows = 6, cols = 2) DMatrixRMaj u,
      @Shape(6) double[] b) {
    GruCell gru = new GruCell();
    Inputs at =
        Inputs.of(GRU_3_STEPS).put("X", x).put("h0", h0).put("W", w).put("U", u).put("b", b);
    checker.checkVjp(
        GRU_3_STEPS, NamedLayers.recurrentForward(gru), NamedLayers.recurrentBackward(gru), at);
  }

  @GradientCheck(trials = 5)
  void rnnGradientNotAccumulatedOverStepsIsCaughtInEveryTrial(
      GradientChecker checker, RandomGenerator random) {
    // a whole point drawn from the layer's own generator with the trial's seeded random source
    Layer right = NamedLayers.recurrent(new RnnCell(), 4, 2, 3);
    Layer broken = NamedLayers.recurrent(new BrokenRnnCell(), 4, 2, 3);
    Inputs at = right.point(random);
    checker
        .expectFailure(Finding.Kind.CONFINED_TO_BLOCKS)
        .checkVjp(broken.signature(), broken.forward(), broken.backward(), at);
    checker.checkVjp(right.signature(), right.forward(), right.backward(), at); // passes there
  }
}
