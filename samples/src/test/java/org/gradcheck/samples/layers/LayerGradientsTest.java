package org.gradcheck.samples.layers;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.gradcheck.CheckReport;
import org.gradcheck.Finding;
import org.gradcheck.GradientChecker;
import org.gradcheck.Gradients;
import org.gradcheck.Inputs;
import org.gradcheck.NamedBackward;
import org.gradcheck.samples.NamedLayers;
import org.gradcheck.samples.NamedLayers.Layer;
import org.gradcheck.samples.broken.BrokenBatchNorm;
import org.gradcheck.samples.broken.BrokenConv1d;
import org.gradcheck.samples.broken.BrokenDense;
import org.gradcheck.samples.broken.BrokenEmbedding;
import org.gradcheck.samples.broken.BrokenMaxPool2d;
import org.gradcheck.samples.broken.BrokenRnnCell;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every layer's backward pass checked against finite differences with the checker's defaults, at
 * three seeded random points, with respect to all its differentiable inputs; every broken variant
 * caught with the findings it should get; ReLU and max-pool correct at their kinks.
 *
 * <p>Each check is the named form {@code checkVjp(signature, forward, backward, point)}: the
 * layers' signatures and named forward/backward passes are in {@link NamedLayers}.
 */
class LayerGradientsTest {
  private static final long SEED = 42L;
  private static final int POINTS = 3;
  private static final GradientChecker CHECKER = GradientChecker.defaults();

  private static CheckReport check(Layer layer, Inputs at) {
    return CHECKER.checkVjp(layer.signature(), layer.forward(), layer.backward(), at);
  }

  private static Inputs point(Layer layer) {
    return layer.point(new SplittableRandom(SEED));
  }

  static Stream<Layer> layers() {
    return NamedLayers.all().stream();
  }

  // ---- the right backward passes pass -----------------------------------------------------------

  @ParameterizedTest(name = "{0}")
  @MethodSource("layers")
  void backwardPassMatchesFiniteDifferences(Layer layer) {
    SplittableRandom random = new SplittableRandom(SEED);
    for (int p = 0; p < POINTS; p++) {
      check(layer, layer.point(random)).assertPassed();
    }
  }

  // ---- exact kinks under the defaults -----------------------------------------------------------

  @Test
  void reluIsRightAtExactZeros() {
    Layer relu = NamedLayers.activation(new Relu(), 3, 4, 2);
    Inputs at = point(relu);
    double[] x = at.array("x");
    x[0] = 0;
    x[5] = 0;
    x[11] = 0;
    CheckReport report = check(relu, at.put("x", x)).assertPassed();
    assertTrue(report.hasFinding(Finding.Kind.KINK), report::toString);
  }

  @Test
  void maxPoolIsRightAtExactTies() {
    Layer pool = NamedLayers.maxPool(new MaxPool2d(2), 4, 6);
    double[] x = point(pool).array("X");
    set(x, 2, 0, 1, 6, 7); // window (0,0): a four-way tie
    set(x, 2, 2, 9); // window (0,1): X[0,2] = X[1,3]
    CheckReport report = check(pool, Inputs.of(pool.signature()).put("X", x)).assertPassed();
    assertTrue(report.hasFinding(Finding.Kind.KINK), report::toString);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("norms")
  void normsAreRightOnNearlyConstantInputs(Layer norm) {
    Inputs at = point(norm);
    double[] x = at.array("X");
    int features = norm.signature().input("gamma").size();
    for (int i = 0; i < features; i++) {
      x[i] = 1 + 1e-4 * x[i]; // row 0 of variance ~1e-9, far below ε: the ε-dominated regime
    }
    check(norm, at.put("X", x)).assertPassed();
  }

  static Stream<Layer> norms() {
    return Stream.of(NamedLayers.layerNorm(3, 5), NamedLayers.batchNorm(4, 3));
  }

  /** Sets the given flat entries of {@code x} to {@code value}. */
  private static void set(double[] x, double value, int... entries) {
    for (int e : entries) {
      x[e] = value;
    }
  }

  // ---- the broken variants are caught -----------------------------------------------------------

  @Test
  void transposedWeightGradientIsCaught() {
    Layer broken =
        NamedLayers.dense(3, 3, 3)
            .withBackward(
                (in, up) ->
                    NamedLayers.gradients(
                        BrokenDense.backwardWithTransposedWeightGradient(
                            in.matrix("X"), in.matrix("W"), in.array("b"), up.matrix("Y"))));
    check(broken, point(broken))
        .assertFailed(Finding.Kind.TRANSPOSED, Finding.Kind.CONFINED_TO_INPUT);
  }

  @Test
  void biasNotSummedOverTheBatchIsCaught() {
    Layer broken =
        NamedLayers.dense(3, 4, 2)
            .withBackward(
                (in, up) ->
                    NamedLayers.gradients(
                        BrokenDense.backwardWithBiasNotSummed(
                            in.matrix("X"), in.matrix("W"), in.array("b"), up.matrix("Y"))));
    check(broken, point(broken))
        .assertFailed(Finding.Kind.ONE_BATCH_ROW, Finding.Kind.CONFINED_TO_INPUT);
  }

  @Test
  void rnnGradientNotAccumulatedOverStepsIsCaught() {
    Layer broken = NamedLayers.recurrent(new BrokenRnnCell(), 4, 2, 3);
    check(broken, point(broken)).assertFailed(Finding.Kind.CONFINED_TO_BLOCKS);
  }

  @Test
  void convKernelNotReversedIsCaught() {
    Conv1d conv = new Conv1d(3, 2, 1);
    Layer broken =
        NamedLayers.conv1d(conv, 2, 7, 3)
            .withBackward(
                (in, up) ->
                    NamedLayers.gradients(
                        BrokenConv1d.backwardWithKernelNotReversed(
                            conv, in.matrix("X"), in.matrix("W"), in.array("b"), up.matrix("Y"))));
    check(broken, point(broken)).assertFailed(Finding.Kind.CONFINED_TO_INPUT);
  }

  @Test
  void batchNormWithoutMeanTermsIsCaught() {
    Layer broken =
        NamedLayers.batchNorm(4, 3)
            .withBackward(
                (in, up) ->
                    NamedLayers.gradients(
                        BrokenBatchNorm.backwardWithoutMeanTerms(
                            in.matrix("X"), in.array("gamma"), in.array("beta"), up.matrix("Y"))));
    check(broken, point(broken)).assertFailed(Finding.Kind.CONFINED_TO_INPUT);
  }

  @Test
  void embeddingOverwritingRepeatedIndicesIsCaught() {
    NamedBackward overwriting =
        (in, up) -> {
          int[] ids = Arrays.stream(in.array("indices")).mapToInt(v -> (int) v).toArray();
          return Gradients.of(
              "table",
              BrokenEmbedding.backwardOverwritingRepeats(in.matrix("table"), ids, up.matrix("Y")));
        };
    Layer broken = NamedLayers.embedding(5, 3, 1, 3, 1, 0, 3, 1).withBackward(overwriting);
    check(broken, point(broken)).assertFailed();
  }

  @Test
  void maxPoolRoutingNearTiesToTheWrongEntryIsCaught() {
    MaxPool2d pool = new MaxPool2d(2);
    Layer right = NamedLayers.maxPool(pool, 4, 6);
    double[] x = point(right).array("X");
    set(x, 2, 0, 1); // an exact tie: X[0,0] = X[0,1] = 2
    x[6] = 2 - 1e-4; // X[1,0] is close to the maximum but below it: not a tie
    Inputs at = Inputs.of(right.signature()).put("X", x);
    Layer broken =
        right.withBackward(
            (in, up) ->
                Gradients.of(
                    "X",
                    BrokenMaxPool2d.backwardWithLooseTies(pool, in.matrix("X"), up.matrix("Y"))));
    check(broken, at).assertFailed(Finding.Kind.CONFINED_TO_INDEX);
    check(right, at).assertPassed();
  }
}
