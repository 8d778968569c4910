package org.gradcheck.junit;

import org.apiguardian.api.API;

/**
 * What a registry-rule trial does when its generated input comes within a declared kink's margin
 * (ReLU at 0, ‖x‖ at the origin), where no derivative exists and a finite difference measures a
 * chord instead. Checks of the test's own functions know no kinks and ignore the policy.
 */
@API(status = API.Status.EXPERIMENTAL)
public enum KinkPolicy {
  /** Take the policy from the next level (class config, configuration parameter, default). */
  INHERIT,
  /** Fail the trial, naming the coordinate and the kink: the rule's generator must keep away. */
  FAIL,
  /** Skip (abort) the trial, naming the coordinate and the kink. */
  SKIP,
  /** Check at the point anyway; expect the check to fail if the stencil crosses the kink. */
  CHECK
}
