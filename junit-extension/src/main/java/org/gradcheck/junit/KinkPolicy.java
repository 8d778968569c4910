package org.gradcheck.junit;

import org.apiguardian.api.API;

/**
 * What a check does at a kink — a point where the function is not differentiable (ReLU at 0, |x| at
 * 0) and a finite difference measures a chord instead of a derivative. It applies twice: to kinks
 * the checker <em>detects</em> (left and right derivatives disagree; see {@code
 * org.gradcheck.robust.DetectedKink}), and to registry-rule points that come within a
 * <em>declared</em> kink's margin ({@link VerifyRegistry}, {@link TrialChecker#verify}). Unset, the
 * checker keeps its own default (skip detected kinks and report them) and rule points near a
 * declared kink fail.
 */
@API(status = API.Status.EXPERIMENTAL)
public enum KinkPolicy {
  /** Take the policy from the next level (class config, configuration parameter, default). */
  INHERIT,
  /**
   * Fail: a detected kink fails the check; a rule point near a declared kink fails the trial,
   * naming the coordinate (the rule's generator must keep away).
   */
  FAIL,
  /**
   * Skip: a detected kink's entry is left out and reported; a rule point near a declared kink
   * aborts (skips) the trial, naming the coordinate.
   */
  SKIP,
  /**
   * Check anyway: a rule point near a declared kink is checked like any other; a detected kink
   * fails the check, as its entry does not match.
   */
  CHECK
}
