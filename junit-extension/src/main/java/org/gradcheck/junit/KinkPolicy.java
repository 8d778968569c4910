package org.gradcheck.junit;

import org.apiguardian.api.API;

/**
 * What a check does when a numeric stencil straddles a declared kink of the function (ReLU at 0,
 * |x| at 0), where no derivative exists and a finite difference measures a chord instead.
 */
@API(status = API.Status.EXPERIMENTAL)
public enum KinkPolicy {
  /** Take the policy from the next level (class config, configuration parameter, default). */
  INHERIT,
  /** Compare the entry like any other: a kink inside the stencil may fail the check. */
  STRICT,
  /** Leave entries whose stencil crosses a kink out of the comparison, and count them. */
  SKIP
}
