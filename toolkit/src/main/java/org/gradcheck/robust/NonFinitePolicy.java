package org.gradcheck.robust;

import java.util.Objects;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * What a check does with NaN or infinite derivative values. Explicit, because both choices are
 * reasonable: a loss that is −∞ at a boundary has derivatives that are legitimately infinite.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public enum NonFinitePolicy {
  /** Any non-finite analytic or numeric value fails the check. */
  FAIL,
  /**
   * Non-finite values must sit at the same positions on both sides, of the same kind (NaN, +∞, −∞);
   * identical patterns are not a mismatch, and those entries are not compared numerically. A
   * numeric NaN (f is undefined on the stencil, so the numeric side has no kind to offer) matches
   * any non-finite analytic value.
   */
  COMPARE_POSITIONS;

  /** How one entry is to be judged under this policy. */
  @API(status = API.Status.EXPERIMENTAL, since = "0.1")
  public enum Verdict {
    /** Both values are finite: compare them with the tolerance. */
    COMPARE,
    /** Both are non-finite of the same kind and the policy accepts that: nothing to compare. */
    MATCH,
    /** At least one is non-finite and the policy rejects it. */
    MISMATCH
  }

  /** Judges one entry. */
  public Verdict judge(double analytic, double numeric) {
    boolean a = Double.isFinite(analytic);
    boolean n = Double.isFinite(numeric);
    if (a && n) {
      return Verdict.COMPARE;
    }
    if (this == COMPARE_POSITIONS && !a && !n && sameKind(analytic, numeric)) {
      return Verdict.MATCH;
    }
    return Verdict.MISMATCH;
  }

  private static boolean sameKind(double analytic, double numeric) {
    return Double.isNaN(numeric)
        || (Double.isNaN(analytic) ? Double.isNaN(numeric) : analytic == numeric);
  }

  /**
   * Compares the non-finite patterns of two arrays of the same length under this policy; returns a
   * description of the first difference (or, under {@link #FAIL}, of the first non-finite value),
   * or empty if they are acceptable.
   *
   * @param name what the arrays are, e.g. {@code ∂y/∂x row 2}
   */
  public Optional<String> mismatch(String name, double[] analytic, double[] numeric) {
    Objects.requireNonNull(analytic, "analytic");
    Objects.requireNonNull(numeric, "numeric");
    if (analytic.length != numeric.length) {
      throw new IllegalArgumentException(
          name
              + ": analytic has "
              + analytic.length
              + " values, numeric "
              + numeric.length
              + "; expected the same length");
    }
    int count = 0;
    int first = -1;
    for (int i = 0; i < analytic.length; i++) {
      if (judge(analytic[i], numeric[i]) == Verdict.MISMATCH) {
        count++;
        if (first < 0) {
          first = i;
        }
      }
    }
    if (first < 0) {
      return Optional.empty();
    }
    return Optional.of(
        name
            + ": "
            + count
            + " non-finite mismatch"
            + (count == 1 ? "" : "es")
            + " under policy "
            + this
            + " (first at ["
            + first
            + "]: analytic "
            + analytic[first]
            + ", numeric "
            + numeric[first]
            + ")");
  }
}
