package org.gradcheck.robust;

import java.util.Locale;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.apiguardian.api.API;

/**
 * Evaluates a function (or a backward pass) twice at the same point and reports the spread, like
 * PyTorch's {@code nondet_tol}. A nondeterministic function makes every numeric derivative
 * untrustworthy; the check then reports the spread instead of a misleading mismatch.
 *
 * @param role what was evaluated, e.g. {@code function}
 * @param index the output index with the largest spread (−1 if the results agree exactly)
 * @param first the first value at {@code index}
 * @param second the second value at {@code index}
 * @param spread |first − second| at {@code index} (∞ if one is NaN and the other not)
 * @param tolerance the largest spread still accepted
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record Nondeterminism(
    String role, int index, double first, double second, double spread, double tolerance) {

  /**
   * Evaluates f twice at (copies of) x. {@code x} is not modified.
   *
   * @param tolerance the accepted spread, ≥ 0 (PyTorch's default is 0: bit-identical results)
   * @throws IllegalArgumentException if the tolerance is negative or not a number, or the two
   *     results differ in length
   */
  public static Nondeterminism ofFunction(UnaryOperator<double[]> f, double[] x, double tolerance) {
    Objects.requireNonNull(f, "function");
    Objects.requireNonNull(x, "input x");
    checkTolerance(tolerance);
    return compare("function", f.apply(x.clone()), f.apply(x.clone()), tolerance);
  }

  private static void checkTolerance(double tolerance) {
    if (!(tolerance >= 0) || Double.isInfinite(tolerance)) {
      throw new IllegalArgumentException(
          "nondeterminism tolerance is " + tolerance + "; expected a finite number ≥ 0");
    }
  }

  /** Compares two results of the same call; NaN equals NaN. */
  public static Nondeterminism compare(
      String role, double[] first, double[] second, double tolerance) {
    Objects.requireNonNull(role, "role");
    if (first == null || second == null) {
      throw new IllegalArgumentException("the " + role + " returned null");
    }
    if (first.length != second.length) {
      throw new IllegalArgumentException(
          "the "
              + role
              + " returned "
              + first.length
              + " values, then "
              + second.length
              + " at the same point");
    }
    int worst = -1;
    double spread = 0;
    // the vectorised comparison skips the common prefix of bit-equal values (most often all of it)
    int from = java.util.Arrays.mismatch(first, second);
    for (int i = from < 0 ? first.length : from; i < first.length; i++) {
      double a = first[i];
      double b = second[i];
      double d;
      if (Double.compare(a, b) == 0 || a == b) {
        continue;
      } else if (Double.isNaN(a) || Double.isNaN(b) || Double.isInfinite(a - b)) {
        d = Double.POSITIVE_INFINITY;
      } else {
        d = Math.abs(a - b);
      }
      if (worst < 0 || d > spread) {
        worst = i;
        spread = d;
      }
    }
    return worst < 0
        ? new Nondeterminism(role, -1, Double.NaN, Double.NaN, 0, tolerance)
        : new Nondeterminism(role, worst, first[worst], second[worst], spread, tolerance);
  }

  /** True if the spread exceeds the tolerance. */
  public boolean exceeded() {
    return spread > tolerance;
  }

  /** A sentence for the report. */
  public String describe() {
    if (index < 0) {
      return "the " + role + " is deterministic: two evaluations at the same x agree exactly";
    }
    return String.format(
        Locale.ROOT,
        "nondeterministic %s: output [%d] was %s, then %s at the same x (spread %.3g, tolerance"
            + " %.3g); numeric derivatives of it cannot be trusted",
        role,
        index,
        first,
        second,
        spread,
        tolerance);
  }

  @Override
  public String toString() {
    return describe();
  }
}
