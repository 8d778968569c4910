package org.gradcheck;

import java.util.List;
import java.util.Objects;
import org.apiguardian.api.API;
import org.gradcheck.diagnosis.Hypothesis;
import org.gradcheck.diagnosis.Pattern;

/**
 * One typed statement a check makes beyond its numbers: a diagnosis of what kind of mistake the
 * wrong entries show, or an outcome that is not a plain comparison (a kink, nondeterminism, noise,
 * a broken contract, what a mode could not see). Tests assert {@link #kind()}; people read {@link
 * #toString()}.
 *
 * @param kind what kind of statement this is
 * @param text the evidence in plain words, numbers included, one line (a diagnosis without its
 *     {@code diagnosis: title:} prefix; an outcome as a whole sentence)
 * @param blocks the input or output tensors (signature names) the statement concerns, empty when it
 *     concerns the whole check
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.2")
public record Finding(Kind kind, String text, List<String> blocks) {

  /** Validates the fields and copies the blocks. */
  public Finding {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(text, "text");
    blocks = List.copyOf(Objects.requireNonNull(blocks, "blocks"));
  }

  /** A finding about the whole check (no particular block). */
  public Finding(Kind kind, String text) {
    this(kind, text, List.of());
  }

  /**
   * The finding a check reports for one hypothesis of its {@link
   * org.gradcheck.diagnosis.Diagnosis}: the diagnosis {@link Kind} of the same name, with the
   * hypothesis's evidence as its text (so both read the same in a report).
   *
   * @param hypothesis a hypothesis that fits the compared entries
   * @return a finding of the diagnosis kind named like {@code hypothesis.pattern()}
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.2")
  public static Finding of(Hypothesis hypothesis) {
    Objects.requireNonNull(hypothesis, "hypothesis");
    return new Finding(Kind.of(hypothesis.pattern()), hypothesis.evidence(), hypothesis.blocks());
  }

  /** The kinds of statement a check makes. */
  @API(status = API.Status.EXPERIMENTAL, since = "0.2")
  public enum Kind {
    // ---- diagnoses: what kind of mistake fits the wrong entries ------------------------------
    /** The analytic derivative is the numeric one with the opposite sign. */
    SIGN_FLIPPED(Pattern.SIGN_FLIPPED),
    /** The analytic derivative is a constant multiple (2, ½, n, batch size, …) of the numeric. */
    CONSTANT_FACTOR(Pattern.CONSTANT_FACTOR),
    /** The analytic Jacobian is the transpose of the numeric one (m = n). */
    TRANSPOSED(Pattern.TRANSPOSED),
    /** Only the diagonal is right; the off-diagonal (Kronecker-delta) terms are missing. */
    DIAGONAL_ONLY(Pattern.DIAGONAL_ONLY),
    /** analytic − numeric is a rank-one matrix u vᵀ (such as a missing −y yᵀ term). */
    MISSING_RANK_ONE_TERM(Pattern.MISSING_RANK_ONE_TERM),
    /** The analytic derivative is identically zero while the numeric one is not. */
    ZERO_GRADIENT(Pattern.ZERO_GRADIENT),
    /** The analytic derivative holds NaN or infinite values. */
    NON_FINITE(Pattern.NON_FINITE),
    /** All wrong entries belong to one input tensor. */
    CONFINED_TO_INPUT(Pattern.CONFINED_TO_INPUT),
    /** All wrong entries lie in one row (one output, or one row of a matrix input). */
    CONFINED_TO_ROW(Pattern.CONFINED_TO_ROW),
    /** All wrong entries lie in one column (one input, or one column of a matrix input). */
    CONFINED_TO_COLUMN(Pattern.CONFINED_TO_COLUMN),
    /** Exactly one entry is wrong. */
    CONFINED_TO_INDEX(Pattern.CONFINED_TO_INDEX),
    /** The error is a term that depends on a constant input (labels, masks). */
    MISSING_CONSTANT_TERM(Pattern.MISSING_CONSTANT_TERM),
    /** The columns or rows of a block are the right ones in another order (reversed, rolled). */
    PERMUTED(Pattern.PERMUTED),
    /** The columns or rows of a block are the right ones shifted by k (padding, off-by-one). */
    SHIFTED(Pattern.SHIFTED),
    /** A batched output: one batch row is right, the others are zero (the batch sum is missing). */
    ONE_BATCH_ROW(Pattern.ONE_BATCH_ROW),
    /** An elementwise block holds the derivative of the wrong activation (e.g. (1 − y)²). */
    WRONG_ACTIVATION(Pattern.WRONG_ACTIVATION),
    /** Some blocks (output block × input block) are wrong and others right. */
    CONFINED_TO_BLOCKS(Pattern.CONFINED_TO_BLOCKS),
    /** Entries are wrong but no known pattern fits them. */
    NO_KNOWN_PATTERN(Pattern.NO_KNOWN_PATTERN),

    // ---- outcomes that are not a plain comparison --------------------------------------------
    /** The function has a kink along an input: left and right derivatives differ. */
    KINK(Category.OUTCOME, "kink"),
    /** Entries are NaN/Inf on both sides and the policy compares positions only. */
    NON_FINITE_MATCH(Category.OUTCOME, "non-finite on both sides"),
    /** The function gave different values at the same x. */
    NONDETERMINISTIC_FUNCTION(Category.OUTCOME, "nondeterministic function"),
    /** The analytic derivative gave different values for the same arguments. */
    NONDETERMINISTIC_DERIVATIVE(Category.OUTCOME, "nondeterministic derivative"),
    /** The numeric side cannot confirm entries: noise or a kink widens its error bar. */
    NOISE(Category.OUTCOME, "noise"),
    /** A user function broke its contract: it modified its input or aliased its output. */
    CONTRACT_VIOLATION(Category.OUTCOME, "contract violation"),
    /** The "analytic" derivative looks like a finite difference itself. */
    TAUTOLOGY(Category.OUTCOME, "tautology"),
    /** What the check compared and what it could not see (sampled tensors, tiny derivatives). */
    COVERAGE(Category.OUTCOME, "coverage"),
    /** A step-sweep Taylor test on a borderline entry. */
    SECOND_OPINION(Category.OUTCOME, "second opinion"),
    /** A bounded search (kinks, localisation) ran out of budget before it finished. */
    BUDGET_EXHAUSTED(Category.OUTCOME, "budget exhausted");

    private final Category category;
    private final String title;
    private final Pattern pattern;

    Kind(Pattern pattern) {
      this(Category.DIAGNOSIS, pattern.title(), pattern);
    }

    Kind(Category category, String title) {
      this(category, title, null);
    }

    Kind(Category category, String title, Pattern pattern) {
      this.category = category;
      this.title = title;
      this.pattern = pattern;
    }

    /** The diagnosis kind that reports this pattern (the constant of the same name). */
    private static Kind of(Pattern pattern) {
      for (Kind kind : values()) {
        if (kind.pattern == pattern) {
          return kind;
        }
      }
      throw new AssertionError("no finding kind reports the diagnosis pattern " + pattern);
    }

    /** A short human title, e.g. {@code sign flipped}. */
    public String title() {
      return title;
    }

    /** True for a hypothesis about the mistake, false for an outcome of the check itself. */
    public boolean isDiagnosis() {
      return category == Category.DIAGNOSIS;
    }
  }

  private enum Category {
    DIAGNOSIS,
    OUTCOME
  }

  /**
   * The report line: a diagnosis reads {@code diagnosis: sign flipped: <text>}; an outcome is its
   * text, which names itself (e.g. {@code kink: not differentiable at x[3] …}).
   */
  @Override
  public String toString() {
    if (!kind.isDiagnosis()) {
      return text;
    }
    return kind == Kind.NO_KNOWN_PATTERN
        ? "diagnosis: " + text
        : "diagnosis: " + kind.title() + ": " + text;
  }
}
