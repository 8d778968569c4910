package org.gradcheck.samples.layers;

import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import org.gradcheck.Finding;
import org.gradcheck.GradientChecker;
import org.gradcheck.Inputs;
import org.gradcheck.NamedBackward;
import org.gradcheck.generate.Choices;
import org.gradcheck.generate.Generator;
import org.gradcheck.generate.Generators;
import org.gradcheck.property.From;
import org.gradcheck.property.GradientProperty;
import org.gradcheck.samples.NamedLayers;
import org.gradcheck.samples.NamedLayers.Layer;
import org.gradcheck.samples.broken.BrokenDense;

/**
 * {@code @GradientProperty} tests: the sizes are drawn too, and shapes depend on each other (the W
 * of a dense layer is out×in for the in of its X), so one property covers a family of layers. Each
 * generator builds a {@link Layer} for its drawn sizes and draws a point of it; the edge cases that
 * matter are drawn on purpose: exact zeros for ReLU, ties for max-pool, nearly constant rows and
 * columns for the norms. On a failure the engine shrinks to the smallest failing sizes and values.
 */
class LayerPropertiesTest {
  private static final int TRIES = 40;

  /** A point of {@code layer} from its own generator, as named inputs. */
  private static Generator<Inputs> pointsOf(Layer layer) {
    return layer.points().map(flat -> Inputs.of(layer.signature(), flat));
  }

  /** A point whose input {@code name} is drawn entry by entry by {@code entry}. */
  private static Generator<Inputs> withInput(
      Layer layer, String name, ToDoubleFunction<Choices> entry) {
    int size = layer.signature().input(name).size();
    Generator<double[]> values =
        Generators.of(
            name,
            c -> {
              double[] v = new double[size];
              for (int i = 0; i < size; i++) {
                v[i] = entry.applyAsDouble(c);
              }
              return v;
            });
    return Generators.combine(pointsOf(layer), values, (at, v) -> at.put(name, v));
  }

  /**
   * Sizes drawn independently, each in its own [lo, hi] ({@code bounds} = lo₀, hi₀, lo₁, hi₁, …),
   * then the points {@code at} makes for them; shrinking takes every size towards its lower bound.
   */
  private static Generator<Inputs> atSizes(Function<int[], Generator<Inputs>> at, int... bounds) {
    Generator<int[]> sizes =
        Generators.of(
            "sizes",
            c -> {
              int[] n = new int[bounds.length / 2];
              for (int i = 0; i < n.length; i++) {
                n[i] = c.integer(bounds[2 * i], bounds[2 * i + 1]);
              }
              return n;
            });
    return sizes.flatMap(at);
  }

  // ---- dense over drawn sizes: X batch×in, W out×in, b out -------------------------------------

  static Generator<Inputs> dense() {
    // batch, in, out: X is batch×in and W out×in share the drawn in
    return atSizes(n -> pointsOf(NamedLayers.dense(n[0], n[1], n[2])), 1, 4, 1, 4, 1, 4);
  }

  @GradientProperty(tries = TRIES)
  void denseAtEverySize(GradientChecker checker, @From("dense") Inputs at) {
    checker.checkVjp(at.signature(), NamedLayers.DENSE, NamedLayers.DENSE_BACKWARD, at);
  }

  /** Batches of at least two rows: with one row the bias slip below is no slip. */
  static Generator<Inputs> batchedDense() {
    return atSizes(n -> pointsOf(NamedLayers.dense(n[0], n[1], 2)), 2, 4, 1, 3);
  }

  @GradientProperty(tries = TRIES)
  void biasNotSummedIsCaughtAtEveryBatchSize(
      GradientChecker checker, @From("batchedDense") Inputs at) {
    NamedBackward biasNotSummed =
        (in, up) ->
            NamedLayers.gradients(
                BrokenDense.backwardWithBiasNotSummed(
                    in.matrix("X"), in.matrix("W"), in.array("b"), up.matrix("Y")));
    checker
        .expectFailure(Finding.Kind.ONE_BATCH_ROW)
        .checkVjp(at.signature(), NamedLayers.DENSE, biasNotSummed, at);
  }

  // ---- ReLU with exact zeros
  // ----------------------------------------------------------------------

  private static final Relu RELU = new Relu();

  /** A rows×cols input, about a third of its entries exactly 0 (ReLU's kink). */
  static Generator<Inputs> reluWithZeros() {
    return atSizes(
        n ->
            withInput(
                NamedLayers.activation(RELU, n[0], n[1], 2),
                "x",
                c -> c.integer(0, 2) == 0 ? 0.0 : c.real(-2, 2)),
        1,
        3,
        1,
        4);
  }

  @GradientProperty(tries = TRIES)
  void reluAndLeakyReluAreRightAtExactZeros(
      GradientChecker checker, @From("reluWithZeros") Inputs at) {
    for (Activation f : new Activation[] {RELU, new LeakyRelu(0.1)}) { // both x → y, same names
      checker.checkVjp(
          at.signature(), NamedLayers.activationForward(f), NamedLayers.activationBackward(f), at);
    }
  }

  // ---- max-pool with ties
  // -------------------------------------------------------------------------

  private static final MaxPool2d POOL = new MaxPool2d(2);

  /** An input of 2–6 × 2–6 entries drawn from {−1, 0, 1}: most windows hold a tie. */
  static Generator<Inputs> poolWithTies() {
    return atSizes(
        n -> withInput(NamedLayers.maxPool(POOL, 2 * n[0], 2 * n[1]), "X", c -> c.integer(-1, 1)),
        1,
        3,
        1,
        3);
  }

  @GradientProperty(tries = TRIES)
  void maxPoolIsRightAtTies(GradientChecker checker, @From("poolWithTies") Inputs at) {
    checker.checkVjp(
        at.signature(), NamedLayers.maxPoolForward(POOL), NamedLayers.maxPoolBackward(POOL), at);
  }

  // ---- the norms on nearly constant inputs ------------------------------------------------------

  /** X = 1 + 1e-4·noise: every row and column nearly constant, its variance far below ε. */
  static Generator<Inputs> nearlyConstantNorm() {
    return atSizes(
        n -> withInput(NamedLayers.layerNorm(n[0], n[1]), "X", c -> 1 + 1e-4 * c.real(-1, 1)),
        2,
        4,
        1,
        5);
  }

  @GradientProperty(tries = TRIES)
  void layerNormOnNearlyConstantRows(
      GradientChecker checker, @From("nearlyConstantNorm") Inputs at) {
    checker.checkVjp(at.signature(), NamedLayers.LAYER_NORM, NamedLayers.LAYER_NORM_BACKWARD, at);
  }

  @GradientProperty(tries = TRIES)
  void batchNormOnNearlyConstantColumns(
      GradientChecker checker, @From("nearlyConstantNorm") Inputs at) {
    // the same signature (X batch×features, γ, β): batch norm normalises the columns instead
    checker.checkVjp(at.signature(), NamedLayers.BATCH_NORM, NamedLayers.BATCH_NORM_BACKWARD, at);
  }

  // ---- conv1d: the input length depends on the kernel, padding below the kernel ----------------

  /** Kernel 1–3, stride 1–2, padding 0..kernel−1, length kernel..kernel+5, 1–2 channels. */
  /** A convolution and a point of it (a record, so that a shrunk failure prints both). */
  record ConvAt(Conv1d conv, Inputs at) {}

  static Generator<ConvAt> conv1d() {
    return Generators.sizes(1, 3)
        .flatMap(
            k ->
                Generators.sizes(1, 2)
                    .flatMap(
                        stride ->
                            Generators.sizes(0, k - 1)
                                .flatMap(
                                    pad ->
                                        Generators.sizes(k, k + 5)
                                            .flatMap(
                                                length -> {
                                                  Conv1d conv = new Conv1d(k, stride, pad);
                                                  return pointsOf(
                                                          NamedLayers.conv1d(conv, 2, length, 2))
                                                      .map(at -> new ConvAt(conv, at));
                                                }))));
  }

  @GradientProperty(tries = TRIES)
  void conv1dAtEveryKernelStrideAndPadding(GradientChecker checker, @From("conv1d") ConvAt point) {
    Conv1d conv = point.conv();
    Inputs at = point.at();
    checker.checkVjp(
        at.signature(), NamedLayers.conv1dForward(conv), NamedLayers.conv1dBackward(conv), at);
  }

  // ---- attention and the GRU over drawn sizes --------------------------------------------------

  static Generator<Inputs> attention() {
    return atSizes(n -> pointsOf(NamedLayers.attention(n[0], n[1], n[2], 2)), 1, 3, 1, 4, 1, 3);
  }

  @GradientProperty(tries = TRIES)
  void attentionAtEverySize(GradientChecker checker, @From("attention") Inputs at) {
    checker.checkVjp(at.signature(), NamedLayers.ATTENTION, NamedLayers.ATTENTION_BACKWARD, at);
  }

  private static final GruCell GRU = new GruCell();

  static Generator<Inputs> gru() {
    return atSizes(n -> pointsOf(NamedLayers.recurrent(GRU, n[0], 2, n[1])), 1, 4, 1, 3);
  }

  @GradientProperty(tries = TRIES)
  void gruOverAnyNumberOfSteps(GradientChecker checker, @From("gru") Inputs at) {
    checker.checkVjp(
        at.signature(), NamedLayers.recurrentForward(GRU), NamedLayers.recurrentBackward(GRU), at);
  }
}
