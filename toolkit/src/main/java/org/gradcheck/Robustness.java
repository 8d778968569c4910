package org.gradcheck;

import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.apiguardian.api.API;
import org.gradcheck.numeric.NonFiniteValueException;
import org.gradcheck.robust.NonFinitePolicy;

/**
 * How a gradient check guards itself against outcomes that are not gradient bugs, and what it does
 * with them: kinks (skip or fail), NaN/Inf (fail or compare positions), nondeterminism (the
 * accepted spread), input mutation and aliasing (always reported; mutation checks sampled after the
 * first calls), and whether borderline failures get a step-sweep second opinion. Immutable.
 *
 * @param kinkPolicy what to do with entries at a kink (default {@link KinkPolicy#SKIP})
 * @param nonFinitePolicy what to do with NaN/Inf derivatives (default {@link NonFinitePolicy#FAIL})
 * @param nondeterminismTolerance the accepted spread between the check's own f(x) and one more
 *     evaluation at x (two more if the check did not start at x; default 0)
 * @param guardFirstCalls calls of each user function checked for mutation before sampling starts
 * @param guardEvery after those, one call in this many is checked for mutation
 * @param secondOpinion whether borderline failing entries get a step-sweep Taylor test
 */
@API(status = API.Status.EXPERIMENTAL)
public record Robustness(
    KinkPolicy kinkPolicy,
    NonFinitePolicy nonFinitePolicy,
    double nondeterminismTolerance,
    int guardFirstCalls,
    int guardEvery,
    boolean secondOpinion) {

  /** Validates every field. */
  public Robustness {
    Objects.requireNonNull(kinkPolicy, "kinkPolicy");
    Objects.requireNonNull(nonFinitePolicy, "nonFinitePolicy");
    if (!(nondeterminismTolerance >= 0) || Double.isInfinite(nondeterminismTolerance)) {
      throw new IllegalArgumentException(
          "nondeterminismTolerance = "
              + nondeterminismTolerance
              + "; expected a finite number ≥ 0");
    }
    if (guardFirstCalls < 0 || guardEvery < 1) {
      throw new IllegalArgumentException(
          "guardFirstCalls must be ≥ 0 and guardEvery ≥ 1, got "
              + guardFirstCalls
              + " and "
              + guardEvery);
    }
  }

  /** Skip kinks, fail on NaN/Inf, tolerate no nondeterminism, sample mutation checks 8 + 1/64. */
  public static Robustness defaults() {
    return new Robustness(KinkPolicy.SKIP, NonFinitePolicy.FAIL, 0.0, 8, 64, true);
  }

  /** The same settings with another kink policy. */
  public Robustness withKinkPolicy(KinkPolicy policy) {
    return new Robustness(
        policy,
        nonFinitePolicy,
        nondeterminismTolerance,
        guardFirstCalls,
        guardEvery,
        secondOpinion);
  }

  /** The same settings with another NaN/Inf policy. */
  public Robustness withNonFinitePolicy(NonFinitePolicy policy) {
    return new Robustness(
        kinkPolicy, policy, nondeterminismTolerance, guardFirstCalls, guardEvery, secondOpinion);
  }

  /** The same settings with another accepted nondeterminism spread (finite, ≥ 0). */
  public Robustness withNondeterminismTolerance(double tolerance) {
    return new Robustness(
        kinkPolicy, nonFinitePolicy, tolerance, guardFirstCalls, guardEvery, secondOpinion);
  }

  /** The same settings checking every call for mutation (slower on cheap functions). */
  public Robustness withEveryCallGuarded() {
    return new Robustness(
        kinkPolicy, nonFinitePolicy, nondeterminismTolerance, Integer.MAX_VALUE, 1, secondOpinion);
  }

  /** The same settings with or without the step-sweep second opinion. */
  public Robustness withSecondOpinion(boolean enabled) {
    return new Robustness(
        kinkPolicy, nonFinitePolicy, nondeterminismTolerance, guardFirstCalls, guardEvery, enabled);
  }

  /**
   * Runs one check under these guards and completes its report: the check receives a fresh {@link
   * CallGuard} and the guarded function (null if {@code f} is null, so the checker's own argument
   * checks speak); afterwards guard violations, nondeterminism, kinks, non-finite matches, the
   * second opinion, a tautology warning and the diagnosis are added to the report.
   *
   * @param kind the kind of check (for a report made here)
   * @param tolerance the pass rule (for entries compared here)
   * @param f the user's function (or gradient, for second-order checks)
   * @param x the point of the check (not modified)
   * @param signature the declared signature, or null
   * @param analytic wraps the user's derivative with the guard
   * @param check runs the check on the guarded function and derivative
   */
  @API(status = API.Status.INTERNAL)
  public CheckReport supervise(
      CheckKind kind,
      Tolerance tolerance,
      VectorFunction f,
      double[] x,
      Signature signature,
      Function<CallGuard, AnalyticSide> analytic,
      BiFunction<VectorFunction, AnalyticSide, CheckReport> check) {
    CallGuard guard = CallGuard.sampled(guardFirstCalls, guardEvery);
    // a null f or x is the check's to report, with its own message
    FirstValueAtX first = f == null || x == null ? null : new FirstValueAtX(guard.function(f), x);
    VectorFunction guarded = first != null || f == null ? first : guard.function(f);
    CheckReport report;
    AnalyticSide side = null;
    try {
      side = analytic.apply(guard);
      report = check.apply(guarded, side);
    } catch (NonFiniteValueException e) {
      if (nonFinitePolicy != NonFinitePolicy.COMPARE_POSITIONS) {
        throw e;
      }
      report = NonFiniteComparison.compare(kind, tolerance, guarded, side, x.clone(), signature);
      if (report == null) {
        throw e;
      }
    }
    double[] atX = first == null ? null : first.value();
    return new CheckSupervisor(this, report, f, x.clone(), guard, atX).finish();
  }

  /**
   * The guarded function, keeping a copy of its result when its first call is at x (the check's own
   * base evaluation), so that the nondeterminism test needs one more evaluation, not two.
   */
  private static final class FirstValueAtX implements VectorFunction {
    private final VectorFunction f;
    private final double[] x;
    private final AtomicBoolean firstCall = new AtomicBoolean(true);
    private volatile double[] value;

    FirstValueAtX(VectorFunction f, double[] x) {
      this.f = f;
      this.x = x.clone();
    }

    @Override
    public double[] apply(double[] input) {
      if (!firstCall.getAndSet(false)) {
        return f.apply(input);
      }
      boolean atX = Arrays.equals(input, x);
      double[] y = f.apply(input);
      if (atX && y != null) {
        value = y.clone();
      }
      return y;
    }

    /** f(x) from the first call, or null if that call was elsewhere (or there was none). */
    double[] value() {
      return value;
    }
  }
}
