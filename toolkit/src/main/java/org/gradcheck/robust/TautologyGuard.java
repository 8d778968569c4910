package org.gradcheck.robust;

import java.util.Locale;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * Recognises an "analytic" derivative that is itself a finite difference of the function under
 * test: a check comparing two finite differences proves nothing, so the report carries a warning.
 * Two kinds of evidence: a count of function evaluations made during one derivative call (when the
 * derivative calls a counted function), or timing (its fastest call costs as much as many function
 * evaluations).
 */
@API(status = API.Status.EXPERIMENTAL)
public final class TautologyGuard {
  /** Derivative calls faster than this are too close to timer noise to judge. */
  static final long MIN_JUDGED_NANOS = 200_000;

  private TautologyGuard() {}

  /**
   * A warning if one derivative call evaluated the function at least n times (once per input: the
   * signature of a finite difference).
   *
   * @param role the derivative's role, e.g. {@code gradient}
   * @param functionCalls function evaluations made during one derivative call
   * @param n the number of differentiated inputs
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
   * A warning if the derivative's fastest call took at least max(n/2, 10) times the function's
   * fastest call and at least 200 µs.
   *
   * @param role the derivative's role
   * @param functionNanos fastest function evaluation
   * @param derivativeNanos fastest derivative call
   * @param n the number of differentiated inputs
   */
  public static Optional<String> byTiming(
      String role, long functionNanos, long derivativeNanos, int n) {
    if (functionNanos <= 0 || derivativeNanos < MIN_JUDGED_NANOS || n < 16) {
      return Optional.empty();
    }
    double ratio = (double) derivativeNanos / functionNanos;
    if (ratio < Math.max(n / 2.0, 10.0)) {
      return Optional.empty();
    }
    return Optional.of(
        String.format(
            Locale.ROOT,
            "tautology warning: the %s took %.0f× the time of one function evaluation (n = %d);"
                + " it probably evaluates the function once or twice per input, i.e. it is a"
                + " finite difference itself, and then this check proves nothing",
            role,
            ratio,
            n));
  }
}
