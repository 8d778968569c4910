package org.gradcheck.diagnosis;

import org.apiguardian.api.API;

/**
 * The kinds of mistake a {@link Diagnosis} tests for, plus {@link #NO_KNOWN_PATTERN} for wrong
 * entries that none of them fits. Each has a short human title used in report lines.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.2")
public enum Pattern {
  /** The analytic derivative is the numeric one with the opposite sign. */
  SIGN_FLIPPED("sign flipped"),
  /** The analytic derivative is a constant multiple (2, ½, n, batch size, …) of the numeric. */
  CONSTANT_FACTOR("off by a constant factor"),
  /** The analytic Jacobian is the transpose of the numeric one (m = n). */
  TRANSPOSED("transposed Jacobian"),
  /** Only the diagonal is right; the off-diagonal (Kronecker-delta) terms are missing. */
  DIAGONAL_ONLY("only the diagonal is right"),
  /** analytic − numeric is a rank-one matrix u vᵀ (such as a missing −y yᵀ term). */
  MISSING_RANK_ONE_TERM("missing rank-one term"),
  /** The analytic derivative is identically zero while the numeric one is not. */
  ZERO_GRADIENT("gradient identically zero"),
  /** The analytic derivative holds NaN or infinite values. */
  NON_FINITE("NaN/Inf in the analytic derivative"),
  /** All wrong entries belong to one input tensor. */
  CONFINED_TO_INPUT("wrong entries confined to one input"),
  /** All wrong entries lie in one row (one output, or one row of a matrix input). */
  CONFINED_TO_ROW("wrong entries confined to one row"),
  /** All wrong entries lie in one column (one input, or one column of a matrix input). */
  CONFINED_TO_COLUMN("wrong entries confined to one column"),
  /** Exactly one entry is wrong. */
  CONFINED_TO_INDEX("one wrong entry"),
  /** The error is a term that depends on a constant input (labels, masks). */
  MISSING_CONSTANT_TERM("missing term depending on a constant input"),
  /** The columns or rows of a block are the right ones in another order (reversed, rolled). */
  PERMUTED("rows or columns permuted"),
  /** The columns or rows of a block are the right ones shifted by k (padding, off-by-one). */
  SHIFTED("shifted by an offset"),
  /** A batched output: one batch row is right, the others are zero (the batch sum is missing). */
  ONE_BATCH_ROW("one batch row instead of the batch sum"),
  /** An elementwise block holds the derivative of the wrong activation (e.g. (1 − y)²). */
  WRONG_ACTIVATION("derivative of the wrong activation"),
  /** Some blocks (output block × input block) are wrong and others right. */
  CONFINED_TO_BLOCKS("wrong entries confined to some blocks"),
  /** Entries are wrong but no known pattern fits them. */
  NO_KNOWN_PATTERN("no known pattern");

  private final String title;

  Pattern(String title) {
    this.title = title;
  }

  /** A short human title, e.g. {@code sign flipped}. */
  public String title() {
    return title;
  }
}
