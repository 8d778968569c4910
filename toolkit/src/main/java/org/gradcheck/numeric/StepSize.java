package org.gradcheck.numeric;

import org.apiguardian.api.API;

/**
 * How the engine chooses the step h of a finite-difference stencil.
 *
 * <ul>
 *   <li>{@link #fixed(double)}: h as given, e.g. 1e-6 to reproduce PyTorch {@code gradcheck} and
 *       DL4J {@code GradientCheckUtil};
 *   <li>{@link #scaled(double)}: h = relative · max(|x|, 1), so the step follows the magnitude of
 *       the input;
 *   <li>{@link #adaptive()}: h balances the round-off error (from |f| and machine epsilon) against
 *       the truncation error (a higher derivative, measured by the difference between the stencil
 *       and its embedded lower-order companion on the wider grid), in the spirit of
 *       FiniteDifferences.jl's {@code estimate_step}; it starts from the step that balances the two
 *       for derivatives of the size of f at the scale max(|x|, 1) and re-balances with the measured
 *       terms (and backs off from points where f is not finite) for up to {@code maxAttempts}
 *       stencils.
 * </ul>
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public sealed interface StepSize {

  /** A fixed absolute step h &gt; 0. */
  static StepSize fixed(double h) {
    return new Fixed(h);
  }

  /** h = relative · max(|x|, 1). */
  static StepSize scaled(double relative) {
    return new Scaled(relative);
  }

  /** The adaptive step with up to 4 stencils per derivative. */
  static StepSize adaptive() {
    return new Adaptive(4);
  }

  /**
   * A fixed absolute step.
   *
   * @param h the step, finite and &gt; 0
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.1")
  record Fixed(double h) implements StepSize {
    /** Validates h. */
    public Fixed {
      if (!(h > 0) || !Double.isFinite(h)) {
        throw new IllegalArgumentException("fixed step h = " + h + "; expected a finite h > 0");
      }
    }
  }

  /**
   * A step proportional to max(|x|, 1).
   *
   * @param relative the factor, finite and &gt; 0
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.1")
  record Scaled(double relative) implements StepSize {
    /** Validates the factor. */
    public Scaled {
      if (!(relative > 0) || !Double.isFinite(relative)) {
        throw new IllegalArgumentException(
            "relative step = " + relative + "; expected a finite factor > 0");
      }
    }
  }

  /**
   * The adaptive step.
   *
   * @param maxAttempts how many stencils it may evaluate per derivative (1 to 12)
   * @param relativeTarget the relative accuracy it aims for: it re-tries while an error term of a
   *     row exceeds both this fraction of the row's value and the other term (finite, 1e-15 to
   *     1e-2; the default {@value #DEFAULT_RELATIVE_TARGET}). A caller that needs less, e.g. a
   *     check with a relative tolerance of 1e-8, saves the stencils that would only shrink an
   *     already small round-off bound. The error estimate stays honest at any target.
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.1")
  record Adaptive(int maxAttempts, double relativeTarget) implements StepSize {
    /** The relative accuracy the default adaptive step aims for. */
    public static final double DEFAULT_RELATIVE_TARGET = 1e-10;

    /** Validates the attempt budget and the target. */
    public Adaptive {
      if (maxAttempts < 1 || maxAttempts > 12) {
        throw new IllegalArgumentException("maxAttempts = " + maxAttempts + "; expected 1 to 12");
      }
      if (!(relativeTarget >= 1e-15 && relativeTarget <= 1e-2)) {
        throw new IllegalArgumentException(
            "relativeTarget = " + relativeTarget + "; expected a finite value in [1e-15, 1e-2]");
      }
    }

    /** Up to {@code maxAttempts} stencils aiming for the default relative accuracy. */
    public Adaptive(int maxAttempts) {
      this(maxAttempts, DEFAULT_RELATIVE_TARGET);
    }

    /** The same attempt budget aiming for {@code target} instead. */
    public Adaptive withRelativeTarget(double target) {
      return new Adaptive(maxAttempts, target);
    }
  }
}
