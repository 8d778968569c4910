package org.gradcheck.diagnosis;

import java.util.Objects;
import org.apiguardian.api.API;

/**
 * One hypothesis about a wrong derivative that fits the compared entries, with the evidence in
 * plain words (e.g. {@code analytic = −1.00 × numeric on all 12 entries}).
 *
 * @param kind which kind of mistake fits
 * @param evidence what was measured that makes it fit
 */
@API(status = API.Status.EXPERIMENTAL)
public record Finding(Kind kind, String evidence) {

  /** Validates both fields. */
  public Finding {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(evidence, "evidence");
  }

  /** The kinds of mistake the diagnosis can recognise. */
  @API(status = API.Status.EXPERIMENTAL)
  public enum Kind {
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
    MISSING_CONSTANT_TERM("missing term depending on a constant input");

    private final String title;

    Kind(String title) {
      this.title = title;
    }

    /** A short human title, e.g. {@code sign flipped}. */
    public String title() {
      return title;
    }
  }

  @Override
  public String toString() {
    return kind.title() + ": " + evidence;
  }
}
