package org.gradcheck;

import org.apiguardian.api.API;

/** How much of the Jacobian a check compares. */
@API(status = API.Status.STABLE)
public enum Mode {
  /**
   * Picks {@link #FULL} for small problems and {@link #FAST} otherwise, from a cost estimate made
   * before running (one timed evaluation × the evaluations FULL needs); the report says why.
   */
  AUTO,
  /** Every Jacobian entry, column by column (central stencils: at least 2n evaluations). */
  FULL,
  /**
   * Random probes vᵀJu: a numeric directional derivative against the analytic product. Cost does
   * not grow with n beyond the function's own cost; a failure is localised (FULL on small problems,
   * bisection over the probe direction on large ones).
   */
  FAST,
  /** Every entry of a random subset of input coordinates, reproducible from the seed. */
  SAMPLED
}
