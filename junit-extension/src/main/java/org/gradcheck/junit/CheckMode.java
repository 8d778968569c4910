package org.gradcheck.junit;

import org.apiguardian.api.API;

/**
 * The checker mode as an annotation attribute: the checker's modes plus {@link #INHERIT}, which
 * takes the mode from the next configuration level.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public enum CheckMode {
  /** Take the mode from the next level (class config, configuration parameter, default). */
  INHERIT,
  /** Let the checker choose FULL or FAST from a cost estimate. */
  AUTO,
  /** Every Jacobian entry. */
  FULL,
  /** Random directional probes. */
  FAST,
  /** A random subset of input coordinates. */
  SAMPLED
}
