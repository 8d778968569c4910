package org.gradcheck.reference;

import java.util.List;
import org.apiguardian.api.API;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.gradcheck.Signature;
import org.gradcheck.generate.Generator;
import org.gradcheck.generate.Generators;
import org.gradcheck.generate.SignatureGenerator;
import org.gradcheck.registry.DeclaredKink;
import org.gradcheck.registry.GradientRule;

/**
 * The built-in reference cases: the derivatives every deep-learning framework hand-writes, each as
 * a {@link GradientRule} with Jacobian, VJP and JVP, written to be numerically stable (logits of
 * ±1000 give no NaN or infinity anywhere) and with generators of valid inputs, including extreme
 * logits where the operation takes logits. The derivations are in {@code docs/math.md}.
 *
 * <p>Each factory takes the sizes; {@link #all()} returns every rule at small default sizes.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class ReferenceRules {
  /** Typical logit scale of the generators. */
  static final double LOGIT_SCALE = 3.0;

  /** Magnitude of the extreme-logit generators. */
  static final double EXTREME = 1000.0;

  /** ε of {@link #layerNorm(int)}: y = γ ⊙ (x − μ)/√(σ² + ε) + β. */
  public static final double LAYER_NORM_EPSILON = 1e-5;

  private ReferenceRules() {}

  /** Every reference rule at small default sizes (vectors of 5, batches of 3). */
  public static List<GradientRule> all() {
    return List.of(
        softmax(5),
        logSoftmax(5),
        logSumExp(5),
        crossEntropyOneHot(5),
        crossEntropySoftLabels(5),
        crossEntropy(5),
        sigmoid(5),
        tanh(5),
        softplus(5),
        relu(5),
        meanSquaredError(5),
        binaryCrossEntropyWithLogits(5),
        matrixProduct(2, 3, 4),
        dense(3, 4, 2),
        layerNorm(6),
        l2Norm(5),
        batchedSoftmax(3, 4),
        batchedCrossEntropy(3, 4));
  }

  // ---- softmax family --------------------------------------------------------------------

  /**
   * y = softmax(a) = exp(a − max a) / Σ exp(a − max a). Jacobian Diag(y) − y yᵀ (built with EJML;
   * symmetric), VJP y ⊙ (g − ⟨g, y⟩), JVP y ⊙ (u − ⟨u, y⟩).
   */
  public static GradientRule softmax(int n) {
    Signature sig = Signature.builder().input("a", n).output("y", n).build();
    return GradientRule.builder("softmax")
        .description("y = softmax(a); J = Diag(y) − y yᵀ")
        .signature(sig)
        .forward(a -> StableMath.softmax(a, 0, n))
        .jacobian(a -> softmaxJacobian(StableMath.softmax(a, 0, n)))
        .vjp((a, g) -> softmaxProduct(StableMath.softmax(a, 0, n), g, 0))
        .jvp((a, u) -> softmaxProduct(StableMath.softmax(a, 0, n), u, 0))
        .inputs(Generators.logits(n, LOGIT_SCALE), Generators.extremeLogits(n, EXTREME))
        .build();
  }

  /** Diag(y) − y yᵀ. */
  static DMatrixRMaj softmaxJacobian(double[] y) {
    DMatrixRMaj column = DMatrixRMaj.wrap(y.length, 1, y.clone());
    DMatrixRMaj j = CommonOps_DDRM.diag(y);
    CommonOps_DDRM.multAddTransB(-1.0, column, column, j);
    return j;
  }

  /** y ⊙ (v[off..] − ⟨v, y⟩): both the VJP and the JVP of softmax (its Jacobian is symmetric). */
  static double[] softmaxProduct(double[] y, double[] v, int off) {
    double inner = StableMath.dot(v, off, y, 0, y.length);
    double[] out = new double[y.length];
    for (int i = 0; i < y.length; i++) {
      out[i] = y[i] * (v[off + i] - inner);
    }
    return out;
  }

  /**
   * y = log softmax(a) = a − logsumexp(a). Jacobian I − 1 sᵀ with s = softmax(a) (not symmetric:
   * row i is e_i − s), VJP g − s·Σg, JVP u − ⟨s, u⟩·1.
   */
  public static GradientRule logSoftmax(int n) {
    Signature sig = Signature.builder().input("a", n).output("y", n).build();
    return GradientRule.builder("log-softmax")
        .description("y = a − logsumexp(a); J = I − 1·softmax(a)ᵀ")
        .signature(sig)
        .forward(
            a -> {
              double lse = StableMath.logSumExp(a, 0, n);
              double[] y = new double[n];
              for (int i = 0; i < n; i++) {
                y[i] = a[i] - lse;
              }
              return y;
            })
        .jacobian(a -> logSoftmaxJacobian(StableMath.softmax(a, 0, n)))
        .vjp(
            (a, g) -> {
              double[] s = StableMath.softmax(a, 0, n);
              double total = StableMath.sum(g, 0, n);
              double[] out = new double[n];
              for (int i = 0; i < n; i++) {
                out[i] = g[i] - s[i] * total;
              }
              return out;
            })
        .jvp(
            (a, u) -> {
              double[] s = StableMath.softmax(a, 0, n);
              double inner = StableMath.dot(s, 0, u, 0, n);
              double[] out = new double[n];
              for (int i = 0; i < n; i++) {
                out[i] = u[i] - inner;
              }
              return out;
            })
        .inputs(Generators.logits(n, LOGIT_SCALE), Generators.extremeLogits(n, EXTREME))
        .build();
  }

  /** I − 1 sᵀ: entry (i, j) is δ_ij − s_j. */
  static DMatrixRMaj logSoftmaxJacobian(double[] s) {
    int n = s.length;
    DMatrixRMaj j = new DMatrixRMaj(n, n);
    for (int r = 0; r < n; r++) {
      for (int c = 0; c < n; c++) {
        j.unsafe_set(r, c, (r == c ? 1.0 : 0.0) - s[c]);
      }
    }
    return j;
  }

  /** L = logsumexp(a) = max a + log Σ exp(a − max a); ∇L = softmax(a). */
  public static GradientRule logSumExp(int n) {
    Signature sig = Signature.builder().input("a", n).output("L").build();
    GradientRule.Builder b =
        GradientRule.builder("logsumexp")
            .description("L = log Σ exp(a_i); ∇L = softmax(a)")
            .signature(sig)
            .forward(a -> new double[] {StableMath.logSumExp(a, 0, n)})
            .inputs(Generators.logits(n, LOGIT_SCALE), Generators.extremeLogits(n, EXTREME));
    return RuleForms.withGradient(b, a -> StableMath.softmax(a, 0, n)).build();
  }

  // ---- cross-entropy ---------------------------------------------------------------------

  /** The signature of a cross-entropy: logits z (differentiated), labels p (constant), loss L. */
  static Signature crossEntropySignature(int n) {
    return Signature.builder().input("z", n).constant("p", n).output("L").build();
  }

  /** The cross-entropy forward pass L = −Σ p_i log softmax(z)_i. */
  static GradientRule.Builder crossEntropyBase(String name, int n, Generator<double[]> labels) {
    Signature sig = crossEntropySignature(n);
    return GradientRule.builder(name)
        .signature(sig)
        .forward(x -> new double[] {crossEntropy(x, 0, x, n, n)})
        .inputs(
            SignatureGenerator.builder(sig)
                .input("z", Generators.logits(n, LOGIT_SCALE))
                .input("p", labels)
                .build(),
            SignatureGenerator.builder(sig)
                .input("z", Generators.extremeLogits(n, EXTREME))
                .input("p", labels)
                .build());
  }

  /**
   * Cross-entropy of softmax(z) against a one-hot label p; ∇_z L = q − p with q = softmax(z) (the
   * general q·Σp − p with Σp = 1).
   */
  public static GradientRule crossEntropyOneHot(int n) {
    GradientRule.Builder b =
        crossEntropyBase("cross-entropy/one-hot", n, Generators.oneHot(n))
            .description("L = −log softmax(z)_label, p one-hot; ∇_z L = q − p");
    return RuleForms.withGradient(b, x -> crossEntropyGradient(x, n, 1.0, false)).build();
  }

  /** Cross-entropy against soft labels p on the simplex (Σp = 1); ∇_z L = q − p. */
  public static GradientRule crossEntropySoftLabels(int n) {
    GradientRule.Builder b =
        crossEntropyBase("cross-entropy/soft-labels", n, Generators.simplex(n))
            .description("L = −Σ p_i log softmax(z)_i, Σp = 1; ∇_z L = q − p");
    return RuleForms.withGradient(b, x -> crossEntropyGradient(x, n, 1.0, false)).build();
  }

  /**
   * Cross-entropy against non-negative label weights p that need not sum to 1 (label smoothing done
   * wrong, class weights, unnormalised counts); ∇_z L = q·Σp − p in general.
   */
  public static GradientRule crossEntropy(int n) {
    GradientRule.Builder b =
        crossEntropyBase("cross-entropy/unnormalised-labels", n, Generators.positive(n, 0.05, 2.0))
            .description("L = −Σ p_i log softmax(z)_i, any p ≥ 0; ∇_z L = q·Σp − p");
    return RuleForms.withGradient(b, x -> crossEntropyGradient(x, n, 1.0, true)).build();
  }

  /** −Σ p_i log softmax(z)_i = Σ p_i (logsumexp(z) − z_i): every term ≥ 0, no cancellation. */
  static double crossEntropy(double[] z, int zOff, double[] p, int pOff, int n) {
    double lse = StableMath.logSumExp(z, zOff, n);
    double loss = 0;
    for (int i = 0; i < n; i++) {
      loss += p[pOff + i] * (lse - z[zOff + i]);
    }
    return loss;
  }

  /**
   * The gradient of a (batched) cross-entropy with respect to the logits, laid out as the flat
   * input [z | p] with zeros at p: each row's (q·Σp − p) if {@code general}, else (q − p), times
   * {@code scale}.
   */
  static double[] crossEntropyGradient(double[] x, int n, double scale, boolean general) {
    int half = x.length / 2;
    double[] grad = new double[x.length];
    for (int off = 0; off < half; off += n) {
      double[] q = StableMath.softmax(x, off, n);
      double mass = general ? StableMath.sum(x, half + off, n) : 1.0;
      for (int i = 0; i < n; i++) {
        grad[off + i] = scale * (q[i] * mass - x[half + off + i]);
      }
    }
    return grad;
  }

  // ---- elementwise -----------------------------------------------------------------------

  /** y = σ(x) = 1/(1 + e^−x) elementwise; σ′ = σ(1 − σ). */
  public static GradientRule sigmoid(int n) {
    return RuleForms.elementwise(
            elementwiseBase("sigmoid", n, "y = σ(x); σ′ = σ(1 − σ)"),
            StableMath::sigmoid,
            x -> StableMath.sigmoid(x) * StableMath.sigmoid(-x))
        .inputs(Generators.logits(n, LOGIT_SCALE), Generators.extremeLogits(n, EXTREME))
        .build();
  }

  /** y = tanh(x) elementwise; tanh′ = 1 − tanh². */
  public static GradientRule tanh(int n) {
    return RuleForms.elementwise(
            elementwiseBase("tanh", n, "y = tanh(x); tanh′ = 1 − tanh²"),
            Math::tanh,
            x -> 1.0 - Math.tanh(x) * Math.tanh(x))
        .inputs(Generators.logits(n, LOGIT_SCALE), Generators.extremeLogits(n, EXTREME))
        .build();
  }

  /** y = softplus(x) = log(1 + e^x) elementwise, stably; softplus′ = σ. */
  public static GradientRule softplus(int n) {
    return RuleForms.elementwise(
            elementwiseBase("softplus", n, "y = log(1 + e^x); y′ = σ(x)"),
            StableMath::softplus,
            StableMath::sigmoid)
        .inputs(Generators.logits(n, LOGIT_SCALE), Generators.extremeLogits(n, EXTREME))
        .build();
  }

  /** Margin that ReLU inputs keep from the kink at 0 (larger than the first numeric step). */
  static final double RELU_MARGIN = 0.25;

  /**
   * y = max(x, 0) elementwise; y′ = 1 for x &gt; 0, 0 for x &lt; 0, undefined at the declared kink
   * x = 0, which the generator keeps away from.
   */
  public static GradientRule relu(int n) {
    return RuleForms.elementwise(
            elementwiseBase("relu", n, "y = max(x, 0); y′ = [x > 0]; kink at 0"),
            x -> Math.max(x, 0.0),
            x -> x > 0 ? 1.0 : 0.0)
        .inputs(Generators.awayFromKinks(Generators.uniform(n, -3, 3), RELU_MARGIN, 0.0))
        .kink(new DeclaredKink("x", 0.0, RELU_MARGIN, "ReLU switches from 0 to x"))
        .build();
  }

  private static GradientRule.Builder elementwiseBase(String name, int n, String description) {
    return GradientRule.builder(name)
        .description(description)
        .signature(Signature.builder().input("x", n).output("y", n).build());
  }

  // ---- losses ----------------------------------------------------------------------------

  /**
   * L = (1/n) Σ (ŷ_i − t_i)² with respect to both the prediction ŷ and the target t: ∇_ŷ L = 2(ŷ −
   * t)/n, ∇_t L = −2(ŷ − t)/n.
   */
  public static GradientRule meanSquaredError(int n) {
    Signature sig = Signature.builder().input("yhat", n).input("t", n).output("L").build();
    GradientRule.Builder b =
        GradientRule.builder("mse")
            .description("L = mean((ŷ − t)²); ∇_ŷ = 2(ŷ − t)/n = −∇_t")
            .signature(sig)
            .forward(
                x -> {
                  double loss = 0;
                  for (int i = 0; i < n; i++) {
                    double d = x[i] - x[n + i];
                    loss += d * d;
                  }
                  return new double[] {loss / n};
                })
            .inputs(Generators.uniform(2 * n, -3, 3));
    return RuleForms.withGradient(b, x -> meanSquaredErrorGradient(x, n, 1.0)).build();
  }

  /** ∇ of mean((ŷ − t)²) over the flat [ŷ | t], times {@code sign}. */
  static double[] meanSquaredErrorGradient(double[] x, int n, double sign) {
    double[] grad = new double[2 * n];
    for (int i = 0; i < n; i++) {
      double d = sign * 2.0 * (x[i] - x[n + i]) / n;
      grad[i] = d;
      grad[n + i] = -d;
    }
    return grad;
  }

  /**
   * Binary cross-entropy on logits z against targets t ∈ [0, 1] (constant): L = (1/n) Σ
   * softplus(z_i) − z_i t_i, stable for any z; ∇_z L = (σ(z) − t)/n.
   */
  public static GradientRule binaryCrossEntropyWithLogits(int n) {
    Signature sig = Signature.builder().input("z", n).constant("t", n).output("L").build();
    GradientRule.Builder b =
        GradientRule.builder("bce-with-logits")
            .description("L = mean(softplus(z) − z·t); ∇_z L = (σ(z) − t)/n")
            .signature(sig)
            .forward(
                x -> {
                  double loss = 0;
                  for (int i = 0; i < n; i++) {
                    loss += StableMath.softplus(x[i]) - x[i] * x[n + i];
                  }
                  return new double[] {loss / n};
                })
            .inputs(
                SignatureGenerator.builder(sig)
                    .input("z", Generators.logits(n, LOGIT_SCALE))
                    .input("t", Generators.uniform(n, 0, 1))
                    .build(),
                SignatureGenerator.builder(sig)
                    .input("z", Generators.extremeLogits(n, EXTREME))
                    .input("t", Generators.uniform(n, 0, 1))
                    .build());
    return RuleForms.withGradient(
            b,
            x -> {
              double[] grad = new double[2 * n];
              for (int i = 0; i < n; i++) {
                grad[i] = (StableMath.sigmoid(x[i]) - x[n + i]) / n;
              }
              return grad;
            })
        .build();
  }

  /**
   * L = ‖x‖₂ (scaled, no overflow); ∇L = x/‖x‖. DeclaredKink at the origin, which inputs keep away
   * from.
   */
  public static GradientRule l2Norm(int n) {
    Signature sig = Signature.builder().input("x", n).output("L").build();
    GradientRule.Builder b =
        GradientRule.builder("l2-norm")
            .description("L = ‖x‖₂; ∇L = x/‖x‖; not differentiable at x = 0")
            .signature(sig)
            .forward(x -> new double[] {StableMath.norm(x, 0, n)})
            .inputs(Generators.awayFromOrigin(Generators.uniform(n, -2, 2), 0.5));
    return RuleForms.withGradient(
            b,
            x -> {
              double norm = StableMath.norm(x, 0, n);
              double[] grad = new double[n];
              for (int i = 0; i < n; i++) {
                grad[i] = x[i] / norm;
              }
              return grad;
            })
        .build();
  }

  // ---- matrices and layers ---------------------------------------------------------------

  /**
   * C = A·B with A m×k and B k×n, with respect to both: ∂C_ij/∂A_il = B_lj, ∂C_ij/∂B_lj = A_il; VJP
   * (G Bᵀ, Aᵀ G); JVP dA·B + A·dB. Products by EJML.
   */
  public static GradientRule matrixProduct(int m, int k, int n) {
    Signature sig = Signature.builder().input("A", m, k).input("B", k, n).output("C", m, n).build();
    int bOff = m * k;
    return GradientRule.builder("matmul")
        .description("C = A·B; dA = G Bᵀ, dB = Aᵀ G")
        .signature(sig)
        .forward(
            x -> {
              DMatrixRMaj c = new DMatrixRMaj(m, n);
              CommonOps_DDRM.mult(sig.inputMatrix(x, "A"), sig.inputMatrix(x, "B"), c);
              return c.data;
            })
        .jacobian(
            x -> {
              DMatrixRMaj j = new DMatrixRMaj(m * n, sig.inputSize());
              for (int i = 0; i < m; i++) {
                for (int c = 0; c < n; c++) {
                  int row = i * n + c;
                  for (int l = 0; l < k; l++) {
                    j.unsafe_set(row, i * k + l, x[bOff + l * n + c]);
                    j.unsafe_set(row, bOff + l * n + c, x[i * k + l]);
                  }
                }
              }
              return j;
            })
        .vjp(
            (x, g) -> {
              DMatrixRMaj upstream = DMatrixRMaj.wrap(m, n, g.clone());
              DMatrixRMaj da = new DMatrixRMaj(m, k);
              DMatrixRMaj db = new DMatrixRMaj(k, n);
              CommonOps_DDRM.multTransB(upstream, sig.inputMatrix(x, "B"), da);
              CommonOps_DDRM.multTransA(sig.inputMatrix(x, "A"), upstream, db);
              return sig.pack(da, db);
            })
        .jvp(
            (x, u) -> {
              DMatrixRMaj dc = new DMatrixRMaj(m, n);
              CommonOps_DDRM.mult(sig.inputMatrix(u, "A"), sig.inputMatrix(x, "B"), dc);
              CommonOps_DDRM.multAdd(sig.inputMatrix(x, "A"), sig.inputMatrix(u, "B"), dc);
              return dc.data;
            })
        .inputs(Generators.uniform(sig.inputSize(), -2, 2))
        .build();
  }

  /**
   * A dense layer on a batch (rows = examples): Y = X·Wᵀ + 1 bᵀ with W out×in, X batch×in, b of
   * length out; with respect to W, X and b: dW = Gᵀ X, dX = G W, db = Σ_rows G.
   */
  public static GradientRule dense(int batch, int in, int out) {
    Signature sig =
        Signature.builder()
            .input("W", out, in)
            .input("x", batch, in)
            .input("b", out)
            .output("y", batch, out)
            .build();
    int xOff = sig.inputOffset("x");
    int bOff = sig.inputOffset("b");
    return GradientRule.builder("dense")
        .description("y = x·Wᵀ + b per row; dW = Gᵀx, dx = G W, db = Σ_rows G")
        .signature(sig)
        .forward(
            v -> {
              DMatrixRMaj y = new DMatrixRMaj(batch, out);
              CommonOps_DDRM.multTransB(sig.inputMatrix(v, "x"), sig.inputMatrix(v, "W"), y);
              addBias(y, v, bOff);
              return y.data;
            })
        .jacobian(
            v -> {
              DMatrixRMaj j = new DMatrixRMaj(batch * out, sig.inputSize());
              for (int r = 0; r < batch; r++) {
                for (int o = 0; o < out; o++) {
                  int row = r * out + o;
                  for (int i = 0; i < in; i++) {
                    j.unsafe_set(row, o * in + i, v[xOff + r * in + i]);
                    j.unsafe_set(row, xOff + r * in + i, v[o * in + i]);
                  }
                  j.unsafe_set(row, bOff + o, 1.0);
                }
              }
              return j;
            })
        .vjp(
            (v, g) -> {
              DMatrixRMaj upstream = DMatrixRMaj.wrap(batch, out, g.clone());
              DMatrixRMaj dw = new DMatrixRMaj(out, in);
              DMatrixRMaj dx = new DMatrixRMaj(batch, in);
              CommonOps_DDRM.multTransA(upstream, sig.inputMatrix(v, "x"), dw);
              CommonOps_DDRM.mult(upstream, sig.inputMatrix(v, "W"), dx);
              DMatrixRMaj db = new DMatrixRMaj(1, out);
              CommonOps_DDRM.sumCols(upstream, db);
              return sig.pack(dw, dx, db.data);
            })
        .jvp(
            (v, u) -> {
              DMatrixRMaj dy = new DMatrixRMaj(batch, out);
              CommonOps_DDRM.multTransB(sig.inputMatrix(v, "x"), sig.inputMatrix(u, "W"), dy);
              CommonOps_DDRM.multAddTransB(sig.inputMatrix(u, "x"), sig.inputMatrix(v, "W"), dy);
              addBias(dy, u, bOff);
              return dy.data;
            })
        .inputs(Generators.uniform(sig.inputSize(), -2, 2))
        .build();
  }

  /** Adds the bias block v[bOff..] to every row of y (modifies y). */
  private static void addBias(DMatrixRMaj y, double[] v, int bOff) {
    for (int r = 0; r < y.numRows; r++) {
      for (int o = 0; o < y.numCols; o++) {
        y.add(r, o, v[bOff + o]);
      }
    }
  }

  /**
   * Layer normalisation y = γ ⊙ x̂ + β, x̂ = (x − μ)/s, s = √(σ² + ε) (biased variance), with
   * respect to x, γ and β: ∂x̂_i/∂x_j = (δ_ij − 1/n − x̂_i x̂_j/n)/s, a symmetric matrix, so dx =
   * (d − mean(d) − x̂·mean(d ⊙ x̂))/s with d = g ⊙ γ; dγ = g ⊙ x̂; dβ = g.
   */
  public static GradientRule layerNorm(int n) {
    Signature sig =
        Signature.builder().input("x", n).input("gamma", n).input("beta", n).output("y", n).build();
    return GradientRule.builder("layer-norm")
        .description("y = γ ⊙ (x − μ)/√(σ² + ε) + β, ε = " + LAYER_NORM_EPSILON)
        .signature(sig)
        .forward(
            v -> {
              LayerNormStats st = new LayerNormStats(v, n);
              double[] y = new double[n];
              for (int i = 0; i < n; i++) {
                y[i] = v[n + i] * st.xhat[i] + v[2 * n + i];
              }
              return y;
            })
        .jacobian(
            v -> {
              LayerNormStats st = new LayerNormStats(v, n);
              DMatrixRMaj j = new DMatrixRMaj(n, 3 * n);
              for (int i = 0; i < n; i++) {
                for (int c = 0; c < n; c++) {
                  double dxhat =
                      ((i == c ? 1.0 : 0.0) - 1.0 / n - st.xhat[i] * st.xhat[c] / n) / st.s;
                  j.unsafe_set(i, c, v[n + i] * dxhat);
                }
                j.unsafe_set(i, n + i, st.xhat[i]);
                j.unsafe_set(i, 2 * n + i, 1.0);
              }
              return j;
            })
        .vjp(
            (v, g) -> {
              LayerNormStats st = new LayerNormStats(v, n);
              double[] d = new double[n];
              for (int i = 0; i < n; i++) {
                d[i] = g[i] * v[n + i];
              }
              double[] dx = st.normalisedProduct(d);
              double[] grad = new double[3 * n];
              for (int i = 0; i < n; i++) {
                grad[i] = dx[i];
                grad[n + i] = g[i] * st.xhat[i];
                grad[2 * n + i] = g[i];
              }
              return grad;
            })
        .jvp(
            (v, u) -> {
              LayerNormStats st = new LayerNormStats(v, n);
              double[] dxhat = st.normalisedProduct(u);
              double[] dy = new double[n];
              for (int i = 0; i < n; i++) {
                dy[i] = v[n + i] * dxhat[i] + u[n + i] * st.xhat[i] + u[2 * n + i];
              }
              return dy;
            })
        .inputs(
            SignatureGenerator.builder(sig)
                .input("x", Generators.uniform(n, -3, 3))
                .input("gamma", Generators.uniform(n, -2, 2))
                .input("beta", Generators.uniform(n, -2, 2))
                .build())
        .build();
  }

  /** Mean, scale and normalised input of one layer-norm row (x is the first n entries of v). */
  private static final class LayerNormStats {
    final double[] xhat;
    final double s;

    LayerNormStats(double[] v, int n) {
      double mean = StableMath.sum(v, 0, n) / n;
      double var = 0;
      for (int i = 0; i < n; i++) {
        var += (v[i] - mean) * (v[i] - mean);
      }
      s = Math.sqrt(var / n + LAYER_NORM_EPSILON);
      xhat = new double[n];
      for (int i = 0; i < n; i++) {
        xhat[i] = (v[i] - mean) / s;
      }
    }

    /** (∂x̂/∂x)·d = (d − mean(d) − x̂·mean(d ⊙ x̂))/s; d is the first n entries. */
    double[] normalisedProduct(double[] d) {
      int n = xhat.length;
      double meanD = StableMath.sum(d, 0, n) / n;
      double meanDx = StableMath.dot(d, 0, xhat, 0, n) / n;
      double[] out = new double[n];
      for (int i = 0; i < n; i++) {
        out[i] = (d[i] - meanD - xhat[i] * meanDx) / s;
      }
      return out;
    }
  }

  // ---- batched -----------------------------------------------------------------------------

  /**
   * Row-wise softmax of a batch (rows = examples): a block-diagonal Jacobian with one Diag(y_b) −
   * y_b y_bᵀ block per row.
   */
  public static GradientRule batchedSoftmax(int batch, int n) {
    Signature sig = Signature.builder().input("a", batch, n).output("y", batch, n).build();
    return GradientRule.builder("batched-softmax")
        .description("y_b = softmax(a_b) per row; block-diagonal J")
        .signature(sig)
        .forward(
            a -> {
              double[] y = new double[batch * n];
              for (int r = 0; r < batch; r++) {
                System.arraycopy(StableMath.softmax(a, r * n, n), 0, y, r * n, n);
              }
              return y;
            })
        .jacobian(
            a -> {
              DMatrixRMaj j = new DMatrixRMaj(batch * n, batch * n);
              for (int r = 0; r < batch; r++) {
                CommonOps_DDRM.insert(
                    softmaxJacobian(StableMath.softmax(a, r * n, n)), j, r * n, r * n);
              }
              return j;
            })
        .vjp((a, g) -> batchedSoftmaxProduct(a, g, batch, n))
        .jvp((a, u) -> batchedSoftmaxProduct(a, u, batch, n))
        .inputs(
            Generators.rows(batch, n, Generators.logits(n, LOGIT_SCALE)),
            Generators.rows(batch, n, Generators.extremeLogits(n, EXTREME)))
        .build();
  }

  private static double[] batchedSoftmaxProduct(double[] a, double[] v, int batch, int n) {
    double[] out = new double[batch * n];
    for (int r = 0; r < batch; r++) {
      System.arraycopy(softmaxProduct(StableMath.softmax(a, r * n, n), v, r * n), 0, out, r * n, n);
    }
    return out;
  }

  /** The signature of a batched cross-entropy: logits Z and labels P (constant), both batch×n. */
  static Signature batchedCrossEntropySignature(int batch, int n) {
    return Signature.builder().input("Z", batch, n).constant("P", batch, n).output("L").build();
  }

  /**
   * The mean cross-entropy of a batch, L = (1/B) Σ_b CE(z_b, p_b), with one-hot or soft label rows;
   * ∇_{z_b} L = (q_b·Σp_b − p_b)/B — the 1/B of the mean is part of the gradient.
   */
  public static GradientRule batchedCrossEntropy(int batch, int n) {
    GradientRule.Builder b =
        batchedCrossEntropyBase("batched-cross-entropy", batch, n)
            .description("L = (1/B) Σ_b CE(z_b, p_b); ∇_{z_b} L = (q_b·Σp_b − p_b)/B");
    return RuleForms.withGradient(b, x -> crossEntropyGradient(x, n, 1.0 / batch, true)).build();
  }

  /** The batched cross-entropy forward pass and generators (one-hot, soft and extreme). */
  static GradientRule.Builder batchedCrossEntropyBase(String name, int batch, int n) {
    Signature sig = batchedCrossEntropySignature(batch, n);
    int half = batch * n;
    return GradientRule.builder(name)
        .signature(sig)
        .forward(
            x -> {
              double loss = 0;
              for (int r = 0; r < batch; r++) {
                loss += crossEntropy(x, r * n, x, half + r * n, n);
              }
              return new double[] {loss / batch};
            })
        .inputs(
            batchedLabels(sig, batch, n, Generators.logits(n, LOGIT_SCALE), Generators.oneHot(n)),
            batchedLabels(sig, batch, n, Generators.logits(n, LOGIT_SCALE), Generators.simplex(n)),
            batchedLabels(
                sig, batch, n, Generators.extremeLogits(n, EXTREME), Generators.oneHot(n)));
  }

  private static Generator<double[]> batchedLabels(
      Signature sig, int batch, int n, Generator<double[]> logits, Generator<double[]> labels) {
    return SignatureGenerator.builder(sig)
        .input("Z", Generators.rows(batch, n, logits))
        .input("P", Generators.rows(batch, n, labels))
        .build();
  }
}
