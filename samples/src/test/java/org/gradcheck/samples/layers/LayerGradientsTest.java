package org.gradcheck.samples.layers;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.Stream;
import org.ejml.data.DMatrixRMaj;
import org.gradcheck.CheckReport;
import org.gradcheck.Finding;
import org.gradcheck.GradientChecker;
import org.gradcheck.Signature;
import org.gradcheck.VectorFunction;
import org.gradcheck.VectorJacobianProduct;
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
 * caught; ReLU and max-pool correct at their kinks.
 *
 * <p>The flat adapters below (one {@link Flat} per layer: a {@link Signature}, the forward and
 * backward on flat vectors, a point) are glue for the flat {@code checkVjp}; the layers themselves
 * know nothing of the checker.
 */
class LayerGradientsTest {
  private static final long SEED = 42L;
  private static final int POINTS = 3;
  private static final GradientChecker CHECKER = GradientChecker.defaults();

  // ---- the adapter ------------------------------------------------------------------------------

  /** A layer on flat vectors: its layout, forward, backward and how to draw a point. */
  record Flat(
      String name,
      Signature signature,
      VectorFunction forward,
      VectorJacobianProduct backward,
      Function<SplittableRandom, double[]> point) {
    Flat withBackward(VectorJacobianProduct other) {
      return new Flat(name, signature, forward, other, point);
    }

    Flat at(double[] x) {
      return new Flat(name, signature, forward, backward, random -> x.clone());
    }

    CheckReport check(SplittableRandom random) {
      return CHECKER.checkVjp(forward, backward, point.apply(random), signature);
    }

    @Override
    public String toString() {
      return name;
    }
  }

  /**
   * Every input uniform in [−scale, scale]; a layer with constant inputs overwrites their block.
   */
  private static Function<SplittableRandom, double[]> uniform(Signature sig, double scale) {
    return random -> {
      double[] x = new double[sig.inputSize()];
      for (int i = 0; i < x.length; i++) {
        x[i] = scale * (2 * random.nextDouble() - 1);
      }
      return x;
    };
  }

  private static DMatrixRMaj in(Signature sig, double[] flat, String name) {
    return sig.inputMatrix(flat, name);
  }

  private static double[] vec(Signature sig, double[] flat, String name) {
    return sig.inputArray(flat, name);
  }

  /** The upstream gradient of the named output, as a matrix of its shape. */
  private static DMatrixRMaj up(Signature sig, double[] upstream, String name) {
    int[] shape = sig.output(name).shape();
    double[] block = sig.outputArray(upstream, name);
    return DMatrixRMaj.wrap(shape[0], shape.length == 2 ? shape[1] : 1, block);
  }

  private static double[] zeros(Signature sig, String constant) {
    return new double[sig.input(constant).size()];
  }

  private static int[] indices(double[] values) {
    int[] indices = new int[values.length];
    for (int i = 0; i < values.length; i++) {
      indices[i] = (int) values[i];
    }
    return indices;
  }

  // ---- the layers, flattened --------------------------------------------------------------------

  static Flat dense(int batch, int in, int out) {
    Signature sig =
        Signature.builder()
            .input("X", batch, in)
            .input("W", out, in)
            .input("b", out)
            .output("Y", batch, out)
            .build();
    return new Flat(
        "Dense",
        sig,
        x -> Dense.forward(in(sig, x, "X"), in(sig, x, "W"), vec(sig, x, "b")).data,
        denseBackward(sig, Dense::backward),
        uniform(sig, 1));
  }

  interface DenseBackward {
    Dense.Grads apply(DMatrixRMaj x, DMatrixRMaj w, double[] b, DMatrixRMaj dY);
  }

  static VectorJacobianProduct denseBackward(Signature sig, DenseBackward backward) {
    return (x, g) -> {
      Dense.Grads d =
          backward.apply(in(sig, x, "X"), in(sig, x, "W"), vec(sig, x, "b"), up(sig, g, "Y"));
      return sig.pack(d.dX(), d.dW(), d.db());
    };
  }

  static Flat activation(Activation activation, double scale) {
    Signature sig = Signature.builder().input("x", 3, 4).output("y", 3, 4).build();
    return new Flat(
        activation.getClass().getSimpleName(),
        sig,
        x -> activation.forward(in(sig, x, "x")).data,
        (x, g) -> activation.backward(in(sig, x, "x"), up(sig, g, "y")).data,
        uniform(sig, scale));
  }

  static Flat crossEntropy() {
    Signature sig = Signature.builder().input("z", 3, 5).constant("p", 3, 5).output("loss").build();
    Function<SplittableRandom, double[]> logits = uniform(sig, 3);
    return new Flat(
        "SoftmaxCrossEntropy",
        sig,
        x -> new double[] {SoftmaxCrossEntropy.forward(in(sig, x, "z"), in(sig, x, "p"))},
        (x, g) ->
            sig.pack(
                SoftmaxCrossEntropy.backward(in(sig, x, "z"), in(sig, x, "p"), g[0]),
                zeros(sig, "p")),
        random -> {
          double[] x = logits.apply(random);
          for (int i = sig.inputOffset("p"); i < x.length; i++) {
            x[i] = random.nextDouble(); // soft labels, rows not summing to 1
          }
          return x;
        });
  }

  static Flat softmax() {
    Signature sig = Signature.builder().input("z", 3, 4).output("y", 3, 4).build();
    return new Flat(
        "Softmax",
        sig,
        x -> Softmax.forward(in(sig, x, "z")).data,
        (x, g) -> Softmax.backward(in(sig, x, "z"), up(sig, g, "y")).data,
        uniform(sig, 3));
  }

  interface NormBackward<G> {
    G apply(DMatrixRMaj x, double[] gamma, double[] beta, DMatrixRMaj dY);
  }

  static Flat layerNorm() {
    Signature sig = normSignature(3, 5);
    return new Flat(
        "LayerNorm",
        sig,
        x -> LayerNorm.forward(in(sig, x, "X"), vec(sig, x, "gamma"), vec(sig, x, "beta")).data,
        normBackward(sig, LayerNorm::backward, d -> sig.pack(d.dX(), d.dGamma(), d.dBeta())),
        uniform(sig, 2));
  }

  static Flat batchNorm() {
    Signature sig = normSignature(4, 3);
    return new Flat(
        "BatchNorm",
        sig,
        x -> BatchNorm.forward(in(sig, x, "X"), vec(sig, x, "gamma"), vec(sig, x, "beta")).data,
        batchNormBackward(sig, BatchNorm::backward),
        uniform(sig, 2));
  }

  static VectorJacobianProduct batchNormBackward(
      Signature sig, NormBackward<BatchNorm.Grads> backward) {
    return normBackward(sig, backward, d -> sig.pack(d.dX(), d.dGamma(), d.dBeta()));
  }

  static Signature normSignature(int batch, int features) {
    return Signature.builder()
        .input("X", batch, features)
        .input("gamma", features)
        .input("beta", features)
        .output("Y", batch, features)
        .build();
  }

  static <G> VectorJacobianProduct normBackward(
      Signature sig, NormBackward<G> backward, Function<G, double[]> pack) {
    return (x, g) ->
        pack.apply(
            backward.apply(
                in(sig, x, "X"), vec(sig, x, "gamma"), vec(sig, x, "beta"), up(sig, g, "Y")));
  }

  interface ConvBackward {
    Conv1d.Grads apply(DMatrixRMaj x, DMatrixRMaj w, double[] b, DMatrixRMaj dY);
  }

  static Flat conv1d(Conv1d conv) {
    int channels = 2;
    int length = 7;
    int out = 3;
    Signature sig =
        Signature.builder()
            .input("X", channels, length)
            .input("W", out, channels, conv.kernel())
            .input("b", out)
            .output("Y", out, conv.outputLength(length))
            .build();
    return new Flat(
        "Conv1d",
        sig,
        x -> conv.forward(in(sig, x, "X"), kernel(sig, x), vec(sig, x, "b")).data,
        conv1dBackward(sig, conv::backward),
        uniform(sig, 1));
  }

  /** The rank-3 kernel W[o, c, t] as the out×(channels·k) matrix {@link Conv1d} takes. */
  private static DMatrixRMaj kernel(Signature sig, double[] flat) {
    int[] shape = sig.input("W").shape();
    return DMatrixRMaj.wrap(shape[0], shape[1] * shape[2], vec(sig, flat, "W"));
  }

  static VectorJacobianProduct conv1dBackward(Signature sig, ConvBackward backward) {
    return (x, g) -> {
      Conv1d.Grads d =
          backward.apply(in(sig, x, "X"), kernel(sig, x), vec(sig, x, "b"), up(sig, g, "Y"));
      return sig.pack(d.dX().data, d.dW().data, d.db());
    };
  }

  static Flat conv2d(Conv2d conv) {
    Signature sig =
        Signature.builder()
            .input("X", 4, 5)
            .input("K", 2, 3)
            .input("b")
            .output("Y", 4 + 2 * conv.padding() - 1, 5 + 2 * conv.padding() - 2)
            .build();
    return new Flat(
        "Conv2d",
        sig,
        x -> conv.forward(in(sig, x, "X"), in(sig, x, "K"), x[sig.inputOffset("b")]).data,
        (x, g) -> {
          Conv2d.Grads d =
              conv.backward(
                  in(sig, x, "X"), in(sig, x, "K"), x[sig.inputOffset("b")], up(sig, g, "Y"));
          return sig.pack(d.dX(), d.dK(), d.db());
        },
        uniform(sig, 1));
  }

  static Flat maxPool(MaxPool2d pool) {
    Signature sig = Signature.builder().input("X", 4, 6).output("Y", 2, 3).build();
    return new Flat(
        "MaxPool2d",
        sig,
        x -> pool.forward(in(sig, x, "X")).data,
        (x, g) -> pool.backward(in(sig, x, "X"), up(sig, g, "Y")).data,
        uniform(sig, 1));
  }

  interface EmbeddingBackward {
    DMatrixRMaj apply(DMatrixRMaj table, int[] indices, DMatrixRMaj dY);
  }

  /** Indices 1, 3, 1, 0, 3, 1: row 1 is looked up three times, row 2 and 4 never. */
  static Flat embedding(EmbeddingBackward backward) {
    double[] ids = {1, 3, 1, 0, 3, 1};
    Signature sig =
        Signature.builder()
            .input("table", 5, 3)
            .constant("indices", ids.length)
            .output("Y", ids.length, 3)
            .build();
    Function<SplittableRandom, double[]> table = uniform(sig, 1);
    return new Flat(
        "Embedding",
        sig,
        x -> Embedding.forward(in(sig, x, "table"), indices(vec(sig, x, "indices"))).data,
        (x, g) ->
            sig.pack(
                backward.apply(
                    in(sig, x, "table"), indices(vec(sig, x, "indices")), up(sig, g, "Y")),
                zeros(sig, "indices")),
        random -> {
          double[] x = table.apply(random);
          System.arraycopy(ids, 0, x, sig.inputOffset("indices"), ids.length);
          return x;
        });
  }

  static Flat attention() {
    Signature sig =
        Signature.builder()
            .input("Q", 2, 3)
            .input("K", 4, 3)
            .input("V", 4, 2)
            .output("Y", 2, 2)
            .build();
    return new Flat(
        "Attention",
        sig,
        x -> Attention.forward(in(sig, x, "Q"), in(sig, x, "K"), in(sig, x, "V")).data,
        (x, g) -> {
          Attention.Grads d =
              Attention.backward(
                  in(sig, x, "Q"), in(sig, x, "K"), in(sig, x, "V"), up(sig, g, "Y"));
          return sig.pack(d.dQ(), d.dK(), d.dV());
        },
        uniform(sig, 1.5));
  }

  static Flat mlp(Mlp mlp) {
    Signature sig =
        Signature.builder()
            .input("X", 3, 4)
            .input("W1", 5, 4)
            .input("b1", 5)
            .input("W2", 2, 5)
            .input("b2", 2)
            .output("Y", 3, 2)
            .build();
    return new Flat(
        "Mlp(" + mlp.activation().getClass().getSimpleName() + ")",
        sig,
        x ->
            mlp.forward(
                    in(sig, x, "X"),
                    in(sig, x, "W1"),
                    vec(sig, x, "b1"),
                    in(sig, x, "W2"),
                    vec(sig, x, "b2"))
                .data,
        (x, g) -> {
          Mlp.Grads d =
              mlp.backward(
                  in(sig, x, "X"),
                  in(sig, x, "W1"),
                  vec(sig, x, "b1"),
                  in(sig, x, "W2"),
                  vec(sig, x, "b2"),
                  up(sig, g, "Y"));
          return sig.pack(d.dX(), d.dW1(), d.db1(), d.dW2(), d.db2());
        },
        uniform(sig, 1));
  }

  /** T = 4 steps of 2 inputs, 3 hidden units; {@code gates} = 1 (RNN) or 3 (GRU). */
  static Flat recurrent(RecurrentCell cell, int gates) {
    int steps = 4;
    int in = 2;
    int hidden = 3;
    Signature sig =
        Signature.builder()
            .input("X", steps, in)
            .input("h0", hidden)
            .input("W", gates * hidden, in)
            .input("U", gates * hidden, hidden)
            .input("b", gates * hidden)
            .output("H", steps, hidden)
            .build();
    return new Flat(
        cell.getClass().getSimpleName(),
        sig,
        x ->
            cell.forward(
                    in(sig, x, "X"),
                    vec(sig, x, "h0"),
                    in(sig, x, "W"),
                    in(sig, x, "U"),
                    vec(sig, x, "b"))
                .data,
        (x, g) -> {
          RecurrentCell.Grads d =
              cell.backward(
                  in(sig, x, "X"),
                  vec(sig, x, "h0"),
                  in(sig, x, "W"),
                  in(sig, x, "U"),
                  vec(sig, x, "b"),
                  up(sig, g, "H"));
          return sig.pack(d.dX(), d.dH0(), d.dW(), d.dU(), d.db());
        },
        uniform(sig, 1));
  }

  static Flat dropout() {
    double p = 0.25;
    Signature sig =
        Signature.builder().input("X", 3, 4).constant("mask", 3, 4).output("Y", 3, 4).build();
    Function<SplittableRandom, double[]> values = uniform(sig, 1);
    return new Flat(
        "Dropout",
        sig,
        x -> Dropout.forward(in(sig, x, "X"), in(sig, x, "mask"), p).data,
        (x, g) ->
            sig.pack(
                Dropout.backward(in(sig, x, "X"), in(sig, x, "mask"), p, up(sig, g, "Y")),
                zeros(sig, "mask")),
        random -> {
          double[] x = values.apply(random);
          for (int i = sig.inputOffset("mask"); i < x.length; i++) {
            x[i] = random.nextDouble() < p ? 0 : 1;
          }
          return x;
        });
  }

  static Flat weightDecay() {
    double lambda = 0.1;
    Signature sig = Signature.builder().input("W", 3, 4).output("R").build();
    return new Flat(
        "WeightDecay",
        sig,
        x -> new double[] {WeightDecay.forward(in(sig, x, "W"), lambda)},
        (x, g) -> WeightDecay.backward(in(sig, x, "W"), lambda, g[0]).data,
        uniform(sig, 2));
  }

  static Stream<Flat> layers() {
    return Stream.of(
        dense(3, 4, 2),
        dense(3, 3, 3), // square, the shape at which the transposed-gradient bug runs
        activation(new Relu(), 2),
        activation(new LeakyRelu(0.1), 2),
        activation(new Tanh(), 2),
        activation(new Sigmoid(), 4),
        activation(new Gelu(), 3),
        activation(new Softplus(), 4),
        softmax(),
        crossEntropy(),
        layerNorm(),
        batchNorm(),
        conv1d(new Conv1d(3, 2, 1)),
        conv1d(new Conv1d(2, 1, 0)),
        conv2d(new Conv2d(0)),
        conv2d(new Conv2d(1)),
        maxPool(new MaxPool2d(2)),
        embedding(Embedding::backward),
        attention(),
        mlp(new Mlp(new Tanh())),
        mlp(new Mlp(new Relu())),
        recurrent(new RnnCell(), 1),
        recurrent(new GruCell(), 3),
        dropout(),
        weightDecay());
  }

  // ---- the right backward passes pass -----------------------------------------------------------

  @ParameterizedTest(name = "{0}")
  @MethodSource("layers")
  void backwardPassMatchesFiniteDifferences(Flat layer) {
    SplittableRandom random = new SplittableRandom(SEED);
    for (int point = 0; point < POINTS; point++) {
      CheckReport report = layer.check(random);
      int p = point;
      assertTrue(
          report.passed(), () -> layer + ", point " + p + " of seed " + SEED + "\n" + report);
    }
  }

  // ---- exact kinks under the defaults -----------------------------------------------------------

  @Test
  void reluIsRightAtExactZeros() {
    Flat relu = activation(new Relu(), 2);
    double[] x = relu.point().apply(new SplittableRandom(SEED));
    x[0] = 0;
    x[5] = 0;
    x[11] = 0;
    CheckReport report = relu.at(x).check(new SplittableRandom(SEED));
    report.assertPassed();
    assertTrue(report.hasFinding(Finding.Kind.KINK), report::toString);
  }

  @Test
  void maxPoolIsRightAtExactTies() {
    Flat pool = maxPool(new MaxPool2d(2));
    double[] x = pool.point().apply(new SplittableRandom(SEED));
    tie(x, 0, 1, 6, 7); // window (0,0): a four-way tie
    tie(x, 2, 9); // window (0,1): X[0,2] = X[1,3]
    CheckReport report = pool.at(x).check(new SplittableRandom(SEED));
    report.assertPassed();
    assertTrue(report.hasFinding(Finding.Kind.KINK), report::toString);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("norms")
  void normsAreRightOnNearlyConstantInputs(Flat norm) {
    double[] x = norm.point().apply(new SplittableRandom(SEED));
    int features = norm.signature().input("X").size();
    for (int i = 0; i < features; i++) {
      x[i] = 1 + 1e-4 * x[i]; // variance ~1e-9, far below ε: the ε-dominated regime
    }
    norm.at(x).check(new SplittableRandom(SEED)).assertPassed();
  }

  static Stream<Flat> norms() {
    return Stream.of(layerNorm(), batchNorm());
  }

  /** Sets the given flat entries of {@code x} to 2, above every other entry of a window. */
  private static void tie(double[] x, int... entries) {
    for (int e : entries) {
      x[e] = 2;
    }
  }

  // ---- the broken variants are caught -----------------------------------------------------------

  @Test
  void transposedWeightGradientIsCaught() {
    Flat square = dense(3, 3, 3);
    Flat broken =
        square.withBackward(
            denseBackward(square.signature(), BrokenDense::backwardWithTransposedWeightGradient));
    broken
        .check(new SplittableRandom(SEED))
        .assertFailed(Finding.Kind.TRANSPOSED, Finding.Kind.CONFINED_TO_INPUT);
  }

  @Test
  void biasNotSummedOverTheBatchIsCaught() {
    Flat dense = dense(3, 4, 2);
    Flat broken =
        dense.withBackward(
            denseBackward(dense.signature(), BrokenDense::backwardWithBiasNotSummed));
    broken
        .check(new SplittableRandom(SEED))
        .assertFailed(Finding.Kind.ONE_BATCH_ROW, Finding.Kind.CONFINED_TO_INPUT);
  }

  @Test
  void rnnGradientNotAccumulatedOverStepsIsCaught() {
    recurrent(new BrokenRnnCell(), 1)
        .check(new SplittableRandom(SEED))
        .assertFailed(Finding.Kind.CONFINED_TO_BLOCKS);
  }

  @Test
  void convKernelNotReversedIsCaught() {
    Conv1d conv = new Conv1d(3, 2, 1);
    Flat right = conv1d(conv);
    Flat broken =
        right.withBackward(
            conv1dBackward(
                right.signature(),
                (x, w, b, dY) -> BrokenConv1d.backwardWithKernelNotReversed(conv, x, w, b, dY)));
    broken.check(new SplittableRandom(SEED)).assertFailed(Finding.Kind.CONFINED_TO_INPUT);
  }

  @Test
  void batchNormWithoutMeanTermsIsCaught() {
    Flat right = batchNorm();
    Flat broken =
        right.withBackward(
            batchNormBackward(right.signature(), BrokenBatchNorm::backwardWithoutMeanTerms));
    broken.check(new SplittableRandom(SEED)).assertFailed(Finding.Kind.CONFINED_TO_INPUT);
  }

  @Test
  void embeddingOverwritingRepeatedIndicesIsCaught() {
    embedding(BrokenEmbedding::backwardOverwritingRepeats)
        .check(new SplittableRandom(SEED))
        .assertFailed();
  }

  @Test
  void maxPoolRoutingNearTiesToTheWrongEntryIsCaught() {
    MaxPool2d pool = new MaxPool2d(2);
    Flat right = maxPool(pool);
    double[] x = right.point().apply(new SplittableRandom(SEED));
    tie(x, 0, 1); // an exact tie: X[0,0] = X[0,1] = 2
    x[6] = 2 - 1e-4; // X[1,0] is close to the maximum but below it: not a tie
    Flat broken =
        right
            .at(x)
            .withBackward(
                (v, g) ->
                    BrokenMaxPool2d.backwardWithLooseTies(
                            pool, in(right.signature(), v, "X"), up(right.signature(), g, "Y"))
                        .data);
    broken.check(new SplittableRandom(SEED)).assertFailed(Finding.Kind.CONFINED_TO_INDEX);
    right.at(x).check(new SplittableRandom(SEED)).assertPassed();
  }
}
