package org.gradcheck;

import java.util.Objects;
import org.apiguardian.api.API;
import org.gradcheck.robust.NonFinitePolicy;

/**
 * How a gradient check guards itself against outcomes that are not gradient bugs, and what it does
 * with them: kinks (skip or fail), NaN/Inf (fail or compare positions), nondeterminism (the
 * accepted spread), input mutation and aliasing (always reported; mutation checks sampled after the
 * first calls), and whether failing entries get a second numeric opinion. Immutable.
 *
 * @param kinkPolicy what to do with entries at a kink (default {@link KinkPolicy#SKIP})
 * @param nonFinitePolicy what to do with NaN/Inf derivatives (default {@link NonFinitePolicy#FAIL})
 * @param nondeterminismTolerance the accepted spread between two evaluations of f at x, and between
 *     two calls of the analytic derivative with the same arguments (like PyTorch's {@code
 *     nondet_tol}; default 0). A positive value also tells the numeric engine and the kink search
 *     how noisy f is, so that noise widens the error bars instead of failing a correct gradient —
 *     it never lets a wrong gradient pass.
 * @param guardFirstCalls calls of each user function checked for mutation before sampling starts
 * @param guardEvery after those, one call in this many is checked for mutation
 * @param secondOpinion whether an entry (or FAST probe) that fails against the first numeric
 *     estimate is re-derived once by an independent estimator (Ridders' extrapolation, other steps)
 *     and judged by the sharper estimate that accepts it; default on
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
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

  /** The same settings with or without the second numeric opinion on failing entries. */
  public Robustness withSecondOpinion(boolean enabled) {
    return new Robustness(
        kinkPolicy, nonFinitePolicy, nondeterminismTolerance, guardFirstCalls, guardEvery, enabled);
  }
}
