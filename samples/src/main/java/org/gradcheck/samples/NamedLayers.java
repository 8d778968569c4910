package org.gradcheck.samples;

import java.util.List;
import java.util.random.RandomGenerator;
import org.apiguardian.api.API;
import org.gradcheck.Gradients;
import org.gradcheck.Inputs;
import org.gradcheck.NamedBackward;
import org.gradcheck.NamedFunction;
import org.gradcheck.Outputs;
import org.gradcheck.Signature;
import org.gradcheck.Tensor;
import org.gradcheck.generate.Generator;
import org.gradcheck.generate.Generators;
import org.gradcheck.generate.SignatureGenerator;
import org.gradcheck.registry.GradientRule;
import org.gradcheck.samples.layers.Activation;
import org.gradcheck.samples.layers.Attention;
import org.gradcheck.samples.layers.BatchNorm;
import org.gradcheck.samples.layers.Conv1d;
import org.gradcheck.samples.layers.Conv2d;
import org.gradcheck.samples.layers.Dense;
import org.gradcheck.samples.layers.Dropout;
import org.gradcheck.samples.layers.Embedding;
import org.gradcheck.samples.layers.Gelu;
import org.gradcheck.samples.layers.GruCell;
import org.gradcheck.samples.layers.LayerNorm;
import org.gradcheck.samples.layers.LeakyRelu;
import org.gradcheck.samples.layers.MaxPool2d;
import org.gradcheck.samples.layers.Mlp;
import org.gradcheck.samples.layers.RecurrentCell;
import org.gradcheck.samples.layers.Relu;
import org.gradcheck.samples.layers.RnnCell;
import org.gradcheck.samples.layers.Sigmoid;
import org.gradcheck.samples.layers.Softmax;
import org.gradcheck.samples.layers.SoftmaxCrossEntropy;
import org.gradcheck.samples.layers.Softplus;
import org.gradcheck.samples.layers.Tanh;
import org.gradcheck.samples.layers.WeightDecay;

/**
 * The layers of {@link org.gradcheck.samples.layers} as the checker sees them: a {@link Signature}
 * naming every input and output, and a {@link NamedFunction}/{@link NamedBackward} pair that reads
 * the inputs by name and calls the layer's own EJML API. No code packs or slices a flat array; the
 * layers themselves know nothing of the checker.
 *
 * <p>The forward and backward lambdas read every shape from their inputs, so one pair serves every
 * size; the factories below only choose the sizes (tests draw them, {@link SampleRules} fixes
 * them).
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.2")
public final class NamedLayers {
  private NamedLayers() {}

  /**
   * One layer at one size: its names and shapes, forward, backward and a generator of valid points
   * (constant inputs such as labels, masks and indices drawn from their own domains).
   *
   * @param name the rule name under {@code samples/}
   * @param signature the inputs (constants included) and outputs by name
   * @param forward inputs → outputs
   * @param backward inputs and upstream gradients → one gradient per differentiable input
   * @param points flat points of the signature
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.2")
  public record Layer(
      String name,
      Signature signature,
      NamedFunction forward,
      NamedBackward backward,
      Generator<double[]> points) {

    /** The same layer with another backward pass (a broken variant, say). */
    public Layer withBackward(NamedBackward other) {
      return new Layer(name, signature, forward, other, points);
    }

    /** A point drawn from {@link #points}. */
    public Inputs point(RandomGenerator random) {
      return Inputs.of(signature, points.generate(random));
    }

    /** The layer as a registry rule {@code samples/<name>}, verified at points of its domain. */
    public GradientRule rule() {
      return GradientRule.builder("samples/" + name)
          .description(name + " " + signature)
          .signature(signature)
          .namedForward(forward)
          .namedBackward(backward)
          .inputs(points)
          .build();
    }

    @Override
    public String toString() {
      return name;
    }
  }

  /** Every sample layer at a small size (two variants where a hyper-parameter matters). */
  public static List<Layer> all() {
    return List.of(
        dense(3, 4, 2),
        dense(3, 3, 3), // square: the shape at which a transposed weight gradient still runs
        activation(new Relu(), 3, 4, 2),
        activation(new LeakyRelu(0.1), 3, 4, 2),
        activation(new Tanh(), 3, 4, 2),
        activation(new Sigmoid(), 3, 4, 4),
        activation(new Gelu(), 3, 4, 3),
        activation(new Softplus(), 3, 4, 4),
        softmax(3, 4),
        crossEntropy(3, 5),
        layerNorm(3, 5),
        batchNorm(4, 3),
        conv1d(new Conv1d(3, 2, 1), 2, 7, 3),
        conv1d(new Conv1d(2, 1, 0), 2, 7, 3),
        conv2d(new Conv2d(0), 4, 5, 2, 3),
        conv2d(new Conv2d(1), 4, 5, 2, 3),
        maxPool(new MaxPool2d(2), 4, 6),
        embedding(5, 3, 1, 3, 1, 0, 3, 1),
        attention(2, 4, 3, 2),
        mlp(new Mlp(new Tanh()), 3, 4, 5, 2),
        mlp(new Mlp(new Relu()), 3, 4, 5, 2),
        recurrent(new RnnCell(), 4, 2, 3),
        recurrent(new GruCell(), 4, 2, 3),
        dropout(3, 4, 0.25),
        weightDecay(3, 4, 0.1));
  }

  // ---- dense: Y = X·Wᵀ + b over a batch ---------------------------------------------------------

  /** X batch×in, W out×in, b out → Y batch×out. */
  public static Signature denseSignature(int batch, int in, int out) {
    return Signature.builder()
        .input("X", batch, in)
        .input("W", out, in)
        .input("b", out)
        .output("Y", batch, out)
        .build();
  }

  /** {@link Dense#forward} by name. */
  public static final NamedFunction DENSE =
      in -> Outputs.of("Y", Dense.forward(in.matrix("X"), in.matrix("W"), in.array("b")));

  /** {@link Dense#backward} by name. */
  public static final NamedBackward DENSE_BACKWARD =
      (in, up) ->
          gradients(Dense.backward(in.matrix("X"), in.matrix("W"), in.array("b"), up.matrix("Y")));

  /** Dense's gradients under the names of {@link #denseSignature}. */
  public static Gradients gradients(Dense.Grads d) {
    return Gradients.of("X", d.dX()).put("W", d.dW()).put("b", d.db());
  }

  /** A dense layer with every input uniform in [−1, 1]. */
  public static Layer dense(int batch, int in, int out) {
    Signature sig = denseSignature(batch, in, out);
    return new Layer(
        "dense(" + batch + "×" + in + "→" + out + ")",
        sig,
        DENSE,
        DENSE_BACKWARD,
        uniform(sig, 1).build());
  }

  // ---- elementwise activations and softmax ------------------------------------------------------

  /** An activation on a rows×cols matrix x → y, inputs uniform in [−scale, scale]. */
  public static Layer activation(Activation f, int rows, int cols, double scale) {
    Signature sig = Signature.builder().input("x", rows, cols).output("y", rows, cols).build();
    return new Layer(
        f.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT),
        sig,
        activationForward(f),
        activationBackward(f),
        uniform(sig, scale).build());
  }

  /** {@link Activation#forward} by name: x → y. */
  public static NamedFunction activationForward(Activation f) {
    return in -> Outputs.of("y", f.forward(in.matrix("x")));
  }

  /** {@link Activation#backward} by name. */
  public static NamedBackward activationBackward(Activation f) {
    return (in, up) -> Gradients.of("x", f.backward(in.matrix("x"), up.matrix("y")));
  }

  /** Row-wise softmax z → y on a rows×cols matrix. */
  public static Layer softmax(int rows, int cols) {
    Signature sig = Signature.builder().input("z", rows, cols).output("y", rows, cols).build();
    return new Layer(
        "softmax",
        sig,
        in -> Outputs.of("y", Softmax.forward(in.matrix("z"))),
        (in, up) -> Gradients.of("z", Softmax.backward(in.matrix("z"), up.matrix("y"))),
        uniform(sig, 3).build());
  }

  // ---- softmax cross-entropy: a scalar loss with constant soft labels ---------------------------

  /** Logits z batch×classes, constant soft labels p (rows need not sum to 1) → scalar loss. */
  public static Layer crossEntropy(int batch, int classes) {
    Signature sig =
        Signature.builder()
            .input("z", batch, classes)
            .constant("p", batch, classes)
            .output("loss")
            .build();
    return new Layer(
        "softmax-cross-entropy",
        sig,
        in -> Outputs.of("loss", SoftmaxCrossEntropy.forward(in.matrix("z"), in.matrix("p"))),
        (in, up) ->
            Gradients.of( // the constant p gets no gradient
                "z",
                SoftmaxCrossEntropy.backward(in.matrix("z"), in.matrix("p"), up.scalar("loss"))),
        uniform(sig, 3, "p").input("p", Generators.uniform(batch * classes, 0, 1)).build());
  }

  // ---- normalisation: X, γ, β → Y ---------------------------------------------------------------

  /** X batch×features, γ and β features → Y batch×features. */
  public static Signature normSignature(int batch, int features) {
    return Signature.builder()
        .input("X", batch, features)
        .input("gamma", features)
        .input("beta", features)
        .output("Y", batch, features)
        .build();
  }

  /** {@link LayerNorm#forward} by name. */
  public static final NamedFunction LAYER_NORM =
      in -> Outputs.of("Y", LayerNorm.forward(in.matrix("X"), in.array("gamma"), in.array("beta")));

  /** {@link LayerNorm#backward} by name. */
  public static final NamedBackward LAYER_NORM_BACKWARD =
      (in, up) -> {
        LayerNorm.Grads d =
            LayerNorm.backward(in.matrix("X"), in.array("gamma"), in.array("beta"), up.matrix("Y"));
        return Gradients.of("X", d.dX()).put("gamma", d.dGamma()).put("beta", d.dBeta());
      };

  /** {@link BatchNorm#forward} (training mode) by name. */
  public static final NamedFunction BATCH_NORM =
      in -> Outputs.of("Y", BatchNorm.forward(in.matrix("X"), in.array("gamma"), in.array("beta")));

  /** {@link BatchNorm#backward} by name. */
  public static final NamedBackward BATCH_NORM_BACKWARD =
      (in, up) ->
          gradients(
              BatchNorm.backward(
                  in.matrix("X"), in.array("gamma"), in.array("beta"), up.matrix("Y")));

  /** BatchNorm's gradients under the names of {@link #normSignature}. */
  public static Gradients gradients(BatchNorm.Grads d) {
    return Gradients.of("X", d.dX()).put("gamma", d.dGamma()).put("beta", d.dBeta());
  }

  /** Layer normalisation of each row. */
  public static Layer layerNorm(int batch, int features) {
    Signature sig = normSignature(batch, features);
    return new Layer("layer-norm", sig, LAYER_NORM, LAYER_NORM_BACKWARD, uniform(sig, 2).build());
  }

  /** Batch normalisation of each column, training mode (batch statistics). */
  public static Layer batchNorm(int batch, int features) {
    Signature sig = normSignature(batch, features);
    return new Layer("batch-norm", sig, BATCH_NORM, BATCH_NORM_BACKWARD, uniform(sig, 2).build());
  }

  // ---- convolutions and pooling -----------------------------------------------------------------

  /** X channels×length, W out×(channels·k), b out → Y out×outputLength. */
  public static Signature conv1dSignature(Conv1d conv, int channels, int length, int out) {
    return Signature.builder()
        .input("X", channels, length)
        .input("W", out, channels * conv.kernel())
        .input("b", out)
        .output("Y", out, conv.outputLength(length))
        .build();
  }

  /** {@link Conv1d#forward} by name. */
  public static NamedFunction conv1dForward(Conv1d conv) {
    return in -> Outputs.of("Y", conv.forward(in.matrix("X"), in.matrix("W"), in.array("b")));
  }

  /** {@link Conv1d#backward} by name. */
  public static NamedBackward conv1dBackward(Conv1d conv) {
    return (in, up) ->
        gradients(conv.backward(in.matrix("X"), in.matrix("W"), in.array("b"), up.matrix("Y")));
  }

  /** Conv1d's gradients under the names of {@link #conv1dSignature}. */
  public static Gradients gradients(Conv1d.Grads d) {
    return Gradients.of("X", d.dX()).put("W", d.dW()).put("b", d.db());
  }

  /** A 1-D convolution with stride and padding. */
  public static Layer conv1d(Conv1d conv, int channels, int length, int out) {
    Signature sig = conv1dSignature(conv, channels, length, out);
    return new Layer(
        "conv1d(k" + conv.kernel() + ",s" + conv.stride() + ",p" + conv.padding() + ")",
        sig,
        conv1dForward(conv),
        conv1dBackward(conv),
        uniform(sig, 1).build());
  }

  /** A single-channel 2-D convolution: X rows×cols, K kRows×kCols, scalar b → Y. */
  public static Layer conv2d(Conv2d conv, int rows, int cols, int kRows, int kCols) {
    int p = conv.padding();
    Signature sig =
        Signature.builder()
            .input("X", rows, cols)
            .input("K", kRows, kCols)
            .input("b")
            .output("Y", rows + 2 * p - kRows + 1, cols + 2 * p - kCols + 1)
            .build();
    return new Layer(
        "conv2d(p" + p + ")",
        sig,
        in -> Outputs.of("Y", conv.forward(in.matrix("X"), in.matrix("K"), in.scalar("b"))),
        (in, up) -> {
          Conv2d.Grads d =
              conv.backward(in.matrix("X"), in.matrix("K"), in.scalar("b"), up.matrix("Y"));
          return Gradients.of("X", d.dX()).put("K", d.dK()).put("b", d.db());
        },
        uniform(sig, 1).build());
  }

  /** Max-pooling X rows×cols → Y in size×size windows. */
  public static Signature maxPoolSignature(MaxPool2d pool, int rows, int cols) {
    return Signature.builder()
        .input("X", rows, cols)
        .output("Y", rows / pool.size(), cols / pool.size())
        .build();
  }

  /** Max-pooling; ties route the gradient to the first maximum (see {@link MaxPool2d}). */
  public static Layer maxPool(MaxPool2d pool, int rows, int cols) {
    Signature sig = maxPoolSignature(pool, rows, cols);
    return new Layer(
        "max-pool(" + pool.size() + ")",
        sig,
        maxPoolForward(pool),
        maxPoolBackward(pool),
        uniform(sig, 1).build());
  }

  /** {@link MaxPool2d#forward} by name. */
  public static NamedFunction maxPoolForward(MaxPool2d pool) {
    return in -> Outputs.of("Y", pool.forward(in.matrix("X")));
  }

  /** {@link MaxPool2d#backward} by name. */
  public static NamedBackward maxPoolBackward(MaxPool2d pool) {
    return (in, up) -> Gradients.of("X", pool.backward(in.matrix("X"), up.matrix("Y")));
  }

  // ---- embedding: integer indices are a constant input ------------------------------------------

  /**
   * Looks up {@code indices} (fixed, a constant input; repeats make the gradient accumulate) in a
   * table of {@code rows}×{@code dim}.
   */
  public static Layer embedding(int rows, int dim, int... indices) {
    Signature sig =
        Signature.builder()
            .input("table", rows, dim)
            .constant("indices", indices.length)
            .output("Y", indices.length, dim)
            .build();
    double[] ids = java.util.Arrays.stream(indices).asDoubleStream().toArray();
    return new Layer(
        "embedding",
        sig,
        in -> Outputs.of("Y", Embedding.forward(in.matrix("table"), indices(in))),
        (in, up) ->
            Gradients.of(
                "table", Embedding.backward(in.matrix("table"), indices(in), up.matrix("Y"))),
        uniform(sig, 1, "indices")
            .input("indices", Generators.of("indices", c -> ids.clone()))
            .build());
  }

  private static int[] indices(Inputs in) {
    return java.util.Arrays.stream(in.array("indices")).mapToInt(v -> (int) v).toArray();
  }

  // ---- attention, MLP, recurrent cells ----------------------------------------------------------

  /** Q queries×dk, K keys×dk, V keys×dv → Y queries×dv. */
  public static Signature attentionSignature(int queries, int keys, int dk, int dv) {
    return Signature.builder()
        .input("Q", queries, dk)
        .input("K", keys, dk)
        .input("V", keys, dv)
        .output("Y", queries, dv)
        .build();
  }

  /** {@link Attention#forward} by name. */
  public static final NamedFunction ATTENTION =
      in -> Outputs.of("Y", Attention.forward(in.matrix("Q"), in.matrix("K"), in.matrix("V")));

  /** {@link Attention#backward} by name. */
  public static final NamedBackward ATTENTION_BACKWARD =
      (in, up) -> {
        Attention.Grads d =
            Attention.backward(in.matrix("Q"), in.matrix("K"), in.matrix("V"), up.matrix("Y"));
        return Gradients.of("Q", d.dQ()).put("K", d.dK()).put("V", d.dV());
      };

  /** Scaled dot-product attention, one head. */
  public static Layer attention(int queries, int keys, int dk, int dv) {
    Signature sig = attentionSignature(queries, keys, dk, dv);
    return new Layer("attention", sig, ATTENTION, ATTENTION_BACKWARD, uniform(sig, 1.5).build());
  }

  /** A two-layer MLP Y = f(X·W1ᵀ + b1)·W2ᵀ + b2 whose backward chains the layers' own. */
  public static Layer mlp(Mlp mlp, int batch, int in, int hidden, int out) {
    Signature sig =
        Signature.builder()
            .input("X", batch, in)
            .input("W1", hidden, in)
            .input("b1", hidden)
            .input("W2", out, hidden)
            .input("b2", out)
            .output("Y", batch, out)
            .build();
    return new Layer(
        "mlp("
            + mlp.activation().getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT)
            + ")",
        sig,
        x ->
            Outputs.of(
                "Y",
                mlp.forward(
                    x.matrix("X"), x.matrix("W1"), x.array("b1"), x.matrix("W2"), x.array("b2"))),
        (x, up) -> {
          Mlp.Grads d =
              mlp.backward(
                  x.matrix("X"),
                  x.matrix("W1"),
                  x.array("b1"),
                  x.matrix("W2"),
                  x.array("b2"),
                  up.matrix("Y"));
          return Gradients.of("X", d.dX())
              .put("W1", d.dW1())
              .put("b1", d.db1())
              .put("W2", d.dW2())
              .put("b2", d.db2());
        },
        uniform(sig, 1).build());
  }

  /**
   * A recurrent cell unrolled over {@code steps} rows of X (steps×in) from h0; W, U and b stack one
   * block per gate (1 for the RNN, 3 for the GRU). Output: every state, H steps×hidden.
   */
  public static Signature recurrentSignature(int gates, int steps, int in, int hidden) {
    return Signature.builder()
        .input("X", steps, in)
        .input("h0", hidden)
        .input("W", gates * hidden, in)
        .input("U", gates * hidden, hidden)
        .input("b", gates * hidden)
        .output("H", steps, hidden)
        .build();
  }

  /** {@link RecurrentCell#forward} by name. */
  public static NamedFunction recurrentForward(RecurrentCell cell) {
    return in ->
        Outputs.of(
            "H",
            cell.forward(
                in.matrix("X"), in.array("h0"), in.matrix("W"), in.matrix("U"), in.array("b")));
  }

  /** {@link RecurrentCell#backward} (backpropagation through time) by name. */
  public static NamedBackward recurrentBackward(RecurrentCell cell) {
    return (in, up) -> {
      RecurrentCell.Grads d =
          cell.backward(
              in.matrix("X"),
              in.array("h0"),
              in.matrix("W"),
              in.matrix("U"),
              in.array("b"),
              up.matrix("H"));
      return Gradients.of("X", d.dX())
          .put("h0", d.dH0())
          .put("W", d.dW())
          .put("U", d.dU())
          .put("b", d.db());
    };
  }

  /** An RNN or GRU cell unrolled over a few steps. */
  public static Layer recurrent(RecurrentCell cell, int steps, int in, int hidden) {
    int gates = cell instanceof GruCell ? 3 : 1;
    Signature sig = recurrentSignature(gates, steps, in, hidden);
    return new Layer(
        cell.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT),
        sig,
        recurrentForward(cell),
        recurrentBackward(cell),
        uniform(sig, 1).build());
  }

  // ---- dropout (a constant mask) and weight decay -----------------------------------------------

  /** Inverted dropout X → Y with a constant 0/1 mask drawn with drop probability p. */
  public static Layer dropout(int rows, int cols, double p) {
    Signature sig =
        Signature.builder()
            .input("X", rows, cols)
            .constant("mask", rows, cols)
            .output("Y", rows, cols)
            .build();
    Generator<double[]> masks =
        Generators.of(
            "0/1 mask",
            c -> {
              double[] m = new double[rows * cols];
              for (int i = 0; i < m.length; i++) {
                m[i] = c.real(0, 1) < p ? 0 : 1;
              }
              return m;
            });
    return new Layer(
        "dropout",
        sig,
        in -> Outputs.of("Y", Dropout.forward(in.matrix("X"), in.matrix("mask"), p)),
        (in, up) ->
            Gradients.of(
                "X", Dropout.backward(in.matrix("X"), in.matrix("mask"), p, up.matrix("Y"))),
        uniform(sig, 1, "mask").input("mask", masks).build());
  }

  /** The regulariser R = (λ/2)·‖W‖². */
  public static Layer weightDecay(int rows, int cols, double lambda) {
    Signature sig = Signature.builder().input("W", rows, cols).output("R").build();
    return new Layer(
        "weight-decay",
        sig,
        in -> Outputs.of("R", WeightDecay.forward(in.matrix("W"), lambda)),
        (in, up) -> Gradients.of("W", WeightDecay.backward(in.matrix("W"), lambda, up.scalar("R"))),
        uniform(sig, 2).build());
  }

  /**
   * A generator with every input of {@code sig} uniform in [−scale, scale], except the named ones
   * (constants with a domain of their own), which the caller adds before {@code build()}.
   */
  private static SignatureGenerator.Builder uniform(Signature sig, double scale, String... except) {
    SignatureGenerator.Builder b = SignatureGenerator.builder(sig);
    for (Tensor t : sig.inputs()) {
      if (!List.of(except).contains(t.name())) {
        b.input(t.name(), Generators.uniform(t.size(), -scale, scale));
      }
    }
    return b;
  }
}
