package org.gradcheck.generate;

import java.util.Objects;
import org.apiguardian.api.API;

/**
 * One recorded choice of a {@link Choices} source: what kind of draw it was, its bounds and the
 * value drawn. Shrinking moves {@link #value()} towards {@link #simplest()}.
 *
 * @param kind the kind of draw
 * @param lo the lower bound, inclusive
 * @param hi the upper bound, inclusive
 * @param value the value drawn, in [lo, hi] (an integer for {@link Kind#INTEGER} and {@link
 *     Kind#EDGE})
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.2")
public record Choice(Kind kind, double lo, double hi, double value) {

  /** The kinds of draw. */
  @API(status = API.Status.EXPERIMENTAL, since = "0.2")
  public enum Kind {
    /** An integer in [lo, hi], e.g. a size or an index. */
    INTEGER,
    /** A finite double in [lo, hi]. */
    REAL,
    /** Which edge case to take: 0 for none, else 1..hi. */
    EDGE
  }

  /** Validates the bounds and the value. */
  public Choice {
    Objects.requireNonNull(kind, "kind");
    if (!(lo <= hi) || !Double.isFinite(lo) || !Double.isFinite(hi)) {
      throw new IllegalArgumentException(
          "choice bounds must be finite, lo ≤ hi: " + lo + ", " + hi);
    }
    if (!(value >= lo && value <= hi)) {
      throw new IllegalArgumentException(
          "choice value " + value + " outside [" + lo + ", " + hi + "]");
    }
  }

  /** The simplest value of the bounds: the one nearest 0. */
  public double simplest() {
    return Math.max(lo, Math.min(hi, 0.0));
  }

  /** How far the value is from the simplest one; 0 when it is the simplest. */
  public double distance() {
    return Math.abs(value - simplest());
  }

  /**
   * Orders choices by simplicity: the simplest value first, then integer values by distance, then
   * the others by distance (so 1.0 is simpler than 0.37, as a person reading a counterexample would
   * have it).
   */
  public int compareSimplicity(Choice other) {
    int c = Boolean.compare(distance() != 0, other.distance() != 0);
    if (c == 0) {
      c = Boolean.compare(!isInteger(value), !isInteger(other.value));
    }
    if (c == 0) {
      c = Double.compare(distance(), other.distance());
    }
    return c != 0 ? c : Double.compare(value, other.value);
  }

  private static boolean isInteger(double v) {
    return v == Math.rint(v);
  }

  /** The same choice with another value, clamped into the bounds (rounded for integers). */
  public Choice with(double newValue) {
    double v = kind == Kind.REAL ? newValue : Math.rint(newValue);
    return new Choice(kind, lo, hi, Math.max(lo, Math.min(hi, v)));
  }
}
