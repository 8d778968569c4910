package org.gradcheck.junit;

import org.apiguardian.api.API;

/**
 * The domain a generated {@link GradientCheck} parameter is drawn from, with {@link DrawnFrom}.
 * Each is one of the toolkit's input generators ({@code org.gradcheck.generate.Generators}); a
 * {@code DMatrixRMaj} of a per-example domain (logits, simplex, one-hot) draws each row
 * independently, rows being examples.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public enum InputDomain {
  /** Each coordinate uniform in the {@link Range} (default [−1, 1]). */
  UNIFORM,
  /**
   * Each coordinate log-uniform in the {@link Range}, which must be positive (default [0.1, 10]).
   */
  POSITIVE,
  /** Logits of typical size: normal with standard deviation {@code scale} (default 3). */
  LOGITS,
  /** Saturating logits: ±{@code scale} or 0 plus a small offset (default scale 1000). */
  EXTREME_LOGITS,
  /** Points of the probability simplex (p ≥ 0, Σp = 1), uniformly distributed. */
  SIMPLEX,
  /** One-hot vectors (labels). */
  ONE_HOT
}
