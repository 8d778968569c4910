package org.gradcheck;

import org.apiguardian.api.API;

/** How much of the Jacobian a check compares. */
@API(status = API.Status.STABLE, since = "0.1")
public enum Mode {
  /**
   * Picks {@link #FULL} for small problems and {@link #FAST} otherwise, from the problem alone:
   * FULL up to {@code autoFullColumns} differentiable inputs (default 1024; through a backward pass
   * also at most 16 times as many outputs), never from a clock, so the same check runs in the same
   * mode everywhere; the report says why.
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
  /**
   * Every entry of a random subset of input coordinates, reproducible from the seed and stratified
   * per input tensor (every differentiable tensor gets coordinates); the report states the
   * coverage. Through a backward pass with more than 64 outputs each sampled column is compared by
   * 4 random projections vᵀJ (4 backward calls in all).
   */
  SAMPLED
}
