package org.gradcheck.reference;

import java.util.Arrays;
import java.util.List;
import org.apiguardian.api.API;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.gradcheck.Finding;
import org.gradcheck.registry.GradientRule;

/**
 * Deliberately wrong gradient rules, shipped so that a checker (and a reader) can be shown to catch
 * the classic mistakes of hand-derived backward passes. Each constant is a complete {@link
 * GradientRule} — the right forward pass and input generators of a {@link ReferenceRules} case with
 * a wrong derivative — plus the mistake it teaches, the {@link Symptom} (the shape of the error)
 * and the {@link Finding.Kind} a diagnosis should name — the rule's {@link
 * GradientRule.Builder#knownBug(String, Finding.Kind...)} declaration. Rule names start with {@code
 * bug/}.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public enum KnownBugs {
  /**
   * Cross-entropy gradient written q_i − 1 for every i. The derivation differentiated −log q_y as
   * if ∂ log q_y/∂z_i were q_i − 1 for all i, forgetting the Kronecker delta: the truth is q_i −
   * δ_iy. Right only at the label's own index; every other entry is off by −1, so an input sampler
   * that only probes the label coordinate never sees it.
   */
  CROSS_ENTROPY_Q_MINUS_ONE(
      "cross-entropy/one-hot",
      Symptom.CONSTANT_OFFSET,
      Finding.Kind.MISSING_CONSTANT_TERM,
      "∇_z L written q − 1: the Kronecker delta of ∂ log q_y/∂z_i = δ_iy − q_i was dropped,"
          + " so it is right only at the label's own index") {
    @Override
    GradientRule.Builder build(int n) {
      GradientRule.Builder b = ReferenceRules.crossEntropyOneHot(n).derive(ruleName());
      return RuleForms.withGradient(
          b,
          x -> {
            double[] q = StableMath.softmax(x, 0, n);
            double[] grad = new double[2 * n];
            for (int i = 0; i < n; i++) {
              grad[i] = q[i] - 1.0;
            }
            return grad;
          });
    }
  },

  /**
   * Softmax Jacobian written as its diagonal y_i(1 − y_i) only: ∂y_i/∂a_j = y_i(δ_ij − y_j) read as
   * if δ_ij made every term vanish off the diagonal. The off-diagonal −y_i y_j are missing.
   */
  SOFTMAX_DIAGONAL_ONLY(
      "softmax",
      Symptom.MISSING_OFF_DIAGONAL,
      Finding.Kind.DIAGONAL_ONLY,
      "softmax Jacobian taken as Diag(y(1 − y)): the off-diagonal −y_i y_j were dropped") {
    @Override
    GradientRule.Builder build(int n) {
      return ReferenceRules.softmax(n)
          .derive(ruleName())
          .jacobian(
              a -> {
                double[] y = StableMath.softmax(a, 0, n);
                DMatrixRMaj j = new DMatrixRMaj(n, n);
                for (int i = 0; i < n; i++) {
                  j.unsafe_set(i, i, y[i] * (1 - y[i]));
                }
                return j;
              })
          .vjp((a, g) -> diagonalProduct(StableMath.softmax(a, 0, n), g))
          .jvp((a, u) -> diagonalProduct(StableMath.softmax(a, 0, n), u));
    }
  },

  /**
   * Jacobian transposed: the forward-mode formula J·v used as the backward pass Jᵀg. Shown on
   * log-softmax, whose Jacobian I − 1 sᵀ is not symmetric (softmax's own Diag(y) − y yᵀ is
   * symmetric, so transposing it is harmless and cannot be caught): the wrong backward pass returns
   * g − ⟨s, g⟩·1 instead of g − s·Σg.
   */
  LOG_SOFTMAX_TRANSPOSED(
      "log-softmax",
      Symptom.TRANSPOSED,
      Finding.Kind.TRANSPOSED,
      "log-softmax Jacobian transposed (J·g returned as the VJP): (I − 1 sᵀ)ᵀ = I − s 1ᵀ") {
    @Override
    GradientRule.Builder build(int n) {
      return ReferenceRules.logSoftmax(n)
          .derive(ruleName())
          .jacobian(
              a -> {
                DMatrixRMaj j = ReferenceRules.logSoftmaxJacobian(StableMath.softmax(a, 0, n));
                CommonOps_DDRM.transpose(j);
                return j;
              })
          .vjp(
              (a, g) -> {
                double inner = StableMath.dot(StableMath.softmax(a, 0, n), 0, g, 0, n);
                double[] out = new double[n];
                for (int i = 0; i < n; i++) {
                  out[i] = g[i] - inner;
                }
                return out;
              })
          .jvp(
              (a, u) -> {
                double[] s = StableMath.softmax(a, 0, n);
                double total = StableMath.sum(u, 0, n);
                double[] out = new double[n];
                for (int i = 0; i < n; i++) {
                  out[i] = u[i] - s[i] * total;
                }
                return out;
              });
    }
  },

  /**
   * Mean-squared-error gradient with the sign flipped: the residual written t − ŷ instead of ŷ − t,
   * so every entry has the right size and the wrong sign — a descent step would climb.
   */
  MSE_SIGN_FLIPPED(
      "mse",
      Symptom.SIGN_FLIPPED,
      Finding.Kind.SIGN_FLIPPED,
      "MSE gradient 2(t − ŷ)/n: residual taken the wrong way round, every sign flipped") {
    @Override
    GradientRule.Builder build(int n) {
      GradientRule.Builder b = ReferenceRules.meanSquaredError(n).derive(ruleName());
      return RuleForms.withGradient(b, x -> ReferenceRules.meanSquaredErrorGradient(x, n, -1.0));
    }
  },

  /**
   * Cross-entropy gradient q − p used with label weights that do not sum to 1 (unnormalised soft
   * labels, class weights, counts). q − p is the special case Σp = 1 of the general q·Σp − p; here
   * the term q·(Σp − 1) is missing.
   */
  Q_MINUS_P_UNNORMALISED_LABELS(
      "cross-entropy/unnormalised-labels",
      Symptom.MISSING_TERM,
      Finding.Kind.MISSING_CONSTANT_TERM,
      "∇_z L written q − p although Σp ≠ 1: the general gradient is q·Σp − p") {
    @Override
    GradientRule.Builder build(int n) {
      GradientRule.Builder b = ReferenceRules.crossEntropy(n).derive(ruleName());
      return RuleForms.withGradient(b, x -> ReferenceRules.crossEntropyGradient(x, n, 1.0, false));
    }
  },

  /**
   * Gradient of a mean loss over a batch without the 1/B of the mean: the forward pass averages
   * over the B examples, the backward pass sums. Every entry is B times too large — training still
   * "works" with a learning rate B times smaller, which is why this survives so long.
   */
  MEAN_LOSS_MISSING_BATCH_FACTOR(
      "batched-cross-entropy",
      Symptom.WRONG_SCALE,
      Finding.Kind.CONSTANT_FACTOR,
      "mean-over-batch loss differentiated as a sum: the 1/B factor is missing") {
    @Override
    GradientRule.Builder build(int n) {
      int batch = BATCH;
      GradientRule.Builder b = ReferenceRules.batchedCrossEntropy(batch, n).derive(ruleName());
      return RuleForms.withGradient(b, x -> ReferenceRules.crossEntropyGradient(x, n, 1.0, true));
    }
  };

  /** Vector length of the shipped bug rules. */
  public static final int SIZE = 5;

  /** Batch size of {@link #MEAN_LOSS_MISSING_BATCH_FACTOR}. */
  public static final int BATCH = 3;

  /** What a correct diagnosis of each bug should say, for assertions on diagnosis text. */
  @API(status = API.Status.EXPERIMENTAL, since = "0.1")
  public enum Symptom {
    /** analytic = −truth. */
    SIGN_FLIPPED,
    /** analytic = truthᵀ (the Jacobian is not symmetric). */
    TRANSPOSED,
    /** The diagonal is right, the off-diagonal entries are missing (zero). */
    MISSING_OFF_DIAGONAL,
    /** Some entries are right, the others off by the same constant. */
    CONSTANT_OFFSET,
    /** analytic = truth − (a term that vanishes only in a special case). */
    MISSING_TERM,
    /** analytic = c·truth for a constant c ≠ 1. */
    WRONG_SCALE
  }

  private final String correctRule;
  private final Symptom symptom;
  private final Finding.Kind expectedFinding;
  private final String mistake;
  private GradientRule rule;

  KnownBugs(String correctRule, Symptom symptom, Finding.Kind expectedFinding, String mistake) {
    this.correctRule = correctRule;
    this.symptom = symptom;
    this.expectedFinding = expectedFinding;
    this.mistake = mistake;
  }

  /**
   * This bug's rule at vector length n, all but its {@link GradientRule#knownBug()} declaration.
   */
  abstract GradientRule.Builder build(int n);

  /** The rule name: {@code bug/} and the constant in kebab case. */
  public String ruleName() {
    return "bug/" + name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }

  /**
   * The deliberately wrong rule (vectors of {@link #SIZE}), declared a known bug ({@link
   * GradientRule#knownBug()}) with its {@link #mistake()} and {@link #expectedFinding()}: the same
   * declaration a user's known-bug rule makes.
   */
  public synchronized GradientRule rule() {
    if (rule == null) {
      rule = build(SIZE).knownBug(mistake, expectedFinding).build();
    }
    return rule;
  }

  /** The name of the correct {@link ReferenceRules} case this bug corrupts. */
  public String correctRule() {
    return correctRule;
  }

  /** The shape of the error, which a diagnosis should name. */
  public Symptom symptom() {
    return symptom;
  }

  /**
   * The kind of {@link Finding} that names this mistake when a check of the rule fails: the finding
   * a check reports for the {@link org.gradcheck.diagnosis.Diagnosis} hypothesis of the same name.
   * For {@link #CROSS_ENTROPY_Q_MINUS_ONE} the error p − 1 depends on the constant label p plus a
   * constant offset, a {@link Finding.Kind#MISSING_CONSTANT_TERM}.
   */
  public Finding.Kind expectedFinding() {
    return expectedFinding;
  }

  /** The mistake, in one sentence. */
  public String mistake() {
    return mistake;
  }

  /** Every known-bug rule. */
  public static List<GradientRule> rules() {
    return Arrays.stream(values()).map(KnownBugs::rule).toList();
  }

  private static double[] diagonalProduct(double[] y, double[] v) {
    double[] out = new double[y.length];
    for (int i = 0; i < y.length; i++) {
      out[i] = y[i] * (1 - y[i]) * v[i];
    }
    return out;
  }
}
