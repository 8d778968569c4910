package org.gradcheck;

import org.apiguardian.api.API;

/**
 * What a check does at a kink — a point where the function is not differentiable (ReLU at 0, |x| at
 * 0, max with a tie), so a finite difference measures a chord instead of a derivative. One policy
 * type for the checker ({@link Robustness#kinkPolicy()}), the JUnit annotations and the registry.
 *
 * <p>A <em>detected</em> kink ({@link org.gradcheck.robust.DetectedKink}) is one the checker finds:
 * left and right derivatives along one input disagree beyond their error bars and beyond the
 * function's declared noise. A <em>declared</em> kink ({@link org.gradcheck.registry.DeclaredKink})
 * is one a registry rule names, which generated points keep away from.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.2")
public enum KinkPolicy {
  /**
   * Entries at a detected kink are left out of the verdict and reported as their own outcome; the
   * check can still pass (the default). A registry point near a declared kink skips the trial.
   */
  SKIP,
  /** A detected kink fails the check; a registry point near a declared kink fails, naming it. */
  FAIL,
  /**
   * No kink is looked for: every entry is compared like any other, so an entry at a kink fails
   * unless its numeric error bar happens to cover the analytic value. A registry point near a
   * declared kink is checked like any other.
   */
  CHECK
}
