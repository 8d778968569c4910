package org.gradcheck.robust;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * Recognises an "analytic" derivative that is itself a finite difference of the function under
 * test: a check comparing two finite differences proves nothing, so the report carries a warning (a
 * finding; the verdict does not change).
 *
 * <p>Two kinds of evidence are accepted. A count of function evaluations made during one derivative
 * call ({@link #byCount}) is conclusive on its own. Without a count, {@link #assess} needs both
 * signatures of a finite difference at once:
 *
 * <ol>
 *   <li><b>cost</b>: the derivative's call took at least max(n/2, {@value #MIN_RATIO}) function
 *       evaluations (a finite difference makes n + 1 or 2n), with n ≥ {@value #MIN_INPUTS} and the
 *       derivative call above timer noise ({@value #MIN_JUDGED_NANOS} ns); and
 *   <li><b>values</b>: the median relative disagreement between the derivative and the checker's
 *       numeric estimate exceeds {@value #MIN_DISAGREEMENT}. Measured on sums of sines, Rosenbrock
 *       and log-sum-exp with n = 64 … 1000 ({@code TautologyEvidenceTest}), the default engine
 *       agrees with a correct hand-written gradient to a median of 2e-12 … 1e-11 (limited by the
 *       rounding noise of f itself), whereas a central difference leaves 2e-9 … 2e-8 with h = 1e-6,
 *       1e-7 … 1e-6 with h = √ε·max(1,|x|), and still 3e-10 … 3e-9 with the optimal h =
 *       ∛ε·max(1,|x|).
 * </ol>
 *
 * A time ratio alone never warns: a correct backward pass legitimately costs 3–80 forward passes
 * (deep-learning layers), and an accurate derivative is indistinguishable from a correct one by
 * timing. This class depends on nothing but arrays and numbers, so that it can be used on any pair
 * of derivative vectors.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class TautologyGuard {
  /** Derivative calls faster than this (in nanoseconds) are too close to timer noise to judge. */
  public static final long MIN_JUDGED_NANOS = 200_000;

  /** Fewest differentiated inputs for which the cost of a derivative call is judged. */
  public static final int MIN_INPUTS = 16;

  /** Smallest time ratio (derivative call / function call) ever judged a finite difference. */
  public static final double MIN_RATIO = 10;

  /**
   * The median relative disagreement above which derivative values look like a finite difference:
   * 10× the largest median measured for a correct gradient against the default engine (1e-11), and
   * 3× below the smallest median a central difference left (3.2e-10, with the optimal step ∛ε; 2e-9
   * with the common h = 1e-6).
   */
  public static final double MIN_DISAGREEMENT = 1e-10;

  /**
   * Entries are compared relative to max(|a|, |b|, this fraction of the largest |b|), so that
   * entries near zero (where any two correct estimates differ in relative terms) do not count as
   * disagreement.
   */
  public static final double SCALE_FLOOR = 1e-3;

  private TautologyGuard() {}

  /**
   * A warning if one derivative call evaluated the function at least n times (once per input: the
   * signature of a finite difference). A count is conclusive, so no value evidence is needed.
   *
   * @param role the derivative's role, e.g. {@code gradient}
   * @param functionCalls function evaluations made during one derivative call
   * @param n the number of differentiated inputs
   * @return the warning text, or empty
   */
  public static Optional<String> byCount(String role, long functionCalls, int n) {
    if (n < 1 || functionCalls < Math.max(2, n)) {
      return Optional.empty();
    }
    return Optional.of(
        "tautology warning: one call of the "
            + role
            + " evaluated the function under test "
            + functionCalls
            + " times (n = "
            + n
            + "); it looks like a finite difference itself, so this check proves nothing");
  }

  /**
   * A warning if the derivative both costs like a finite difference and disagrees with the numeric
   * derivative like one: its call took at least max(n/2, {@value #MIN_RATIO}) times the function's
   * call (and at least {@value #MIN_JUDGED_NANOS} ns), n ≥ {@value #MIN_INPUTS}, and the median
   * relative disagreement is above {@value #MIN_DISAGREEMENT}. Never warns on a time ratio alone: a
   * NaN disagreement (nothing compared) means no warning.
   *
   * @param role the derivative's role, e.g. {@code gradient}; named in the warning
   * @param functionNanos the function's call time (fastest, or first when the derivative was called
   *     once), ≤ 0 if unknown
   * @param derivativeNanos the derivative's call time, measured the same way
   * @param n the number of differentiated inputs
   * @param medianRelativeDisagreement the median relative disagreement of the compared entries, as
   *     computed by {@link #medianRelativeDisagreement(double[], double[])}
   * @return the warning text, or empty
   */
  public static Optional<String> assess(
      String role,
      long functionNanos,
      long derivativeNanos,
      int n,
      double medianRelativeDisagreement) {
    if (functionNanos <= 0 || derivativeNanos < MIN_JUDGED_NANOS || n < MIN_INPUTS) {
      return Optional.empty();
    }
    double ratio = (double) derivativeNanos / functionNanos;
    if (ratio < Math.max(n / 2.0, MIN_RATIO)) {
      return Optional.empty();
    }
    if (!(medianRelativeDisagreement > MIN_DISAGREEMENT)) {
      return Optional.empty();
    }
    return Optional.of(
        String.format(
            Locale.ROOT,
            "tautology warning: the %s took %.0f× the time of one function evaluation (n = %d)"
                + " and its values differ from the numeric derivative by %.1e (median relative),"
                + " where a correct derivative agrees to 1e-11 or better; it is probably a"
                + " finite difference itself, and then this check proves nothing",
            role,
            ratio,
            n,
            medianRelativeDisagreement));
  }

  /**
   * The median over entries of |a − b| / max(|a|, |b|, {@value #SCALE_FLOOR}·max|b|): how far two
   * derivative estimates disagree, typically. Entries where either side is not finite are left out;
   * two exact zeros agree (0). The median ignores a minority of entries at kinks or with
   * cancellation; a finite difference disagrees consistently, on most entries.
   *
   * @param analytic the derivative under test, entry by entry
   * @param numeric the reference (the checker's numeric estimate) at the same entries
   * @return the median, or NaN if no entry is finite on both sides
   * @throws IllegalArgumentException if the lengths differ
   */
  public static double medianRelativeDisagreement(double[] analytic, double[] numeric) {
    if (analytic.length != numeric.length) {
      throw new IllegalArgumentException(
          "analytic and numeric must have the same length, got "
              + analytic.length
              + " and "
              + numeric.length);
    }
    double largest = 0;
    for (int i = 0; i < numeric.length; i++) {
      if (Double.isFinite(analytic[i]) && Double.isFinite(numeric[i])) {
        largest = Math.max(largest, Math.abs(numeric[i]));
      }
    }
    double floor = SCALE_FLOOR * largest;
    double[] d = new double[analytic.length];
    int k = 0;
    for (int i = 0; i < analytic.length; i++) {
      double a = analytic[i];
      double b = numeric[i];
      if (!Double.isFinite(a) || !Double.isFinite(b)) {
        continue;
      }
      double scale = Math.max(Math.max(Math.abs(a), Math.abs(b)), floor);
      d[k++] = scale == 0 ? 0 : Math.abs(a - b) / scale;
    }
    if (k == 0) {
      return Double.NaN;
    }
    Arrays.sort(d, 0, k);
    return k % 2 == 1 ? d[k / 2] : 0.5 * (d[k / 2 - 1] + d[k / 2]);
  }
}
