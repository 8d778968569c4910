package org.gradcheck.registry;

import org.apiguardian.api.API;
import org.gradcheck.Tolerance;

/**
 * A rule's override of the checker's tolerance: each component that is not NaN replaces the
 * checker's value, the others keep it. Use it sparingly and say why in the rule's description — a
 * loose tolerance is how wrong gradients slip through.
 *
 * @param atol absolute tolerance, or NaN to keep the checker's
 * @param rtol relative tolerance, or NaN to keep the checker's
 * @param errorBoundFactor multiple of the numeric error estimate, or NaN to keep the checker's
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record RuleTolerance(double atol, double rtol, double errorBoundFactor) {

  /** Validates that each given component is finite and ≥ 0. */
  public RuleTolerance {
    check("atol", atol);
    check("rtol", rtol);
    check("errorBoundFactor", errorBoundFactor);
  }

  private static void check(String name, double v) {
    if (!Double.isNaN(v) && (!Double.isFinite(v) || v < 0)) {
      throw new IllegalArgumentException(
          name + " = " + v + " is not allowed; expected a finite number ≥ 0 (or NaN to keep)");
    }
  }

  /** Keeps every component of the checker's tolerance. */
  public static RuleTolerance keep() {
    return new RuleTolerance(Double.NaN, Double.NaN, Double.NaN);
  }

  /** A copy that overrides atol. */
  public RuleTolerance withAtol(double atol) {
    return new RuleTolerance(atol, rtol, errorBoundFactor);
  }

  /** A copy that overrides rtol. */
  public RuleTolerance withRtol(double rtol) {
    return new RuleTolerance(atol, rtol, errorBoundFactor);
  }

  /** A copy that overrides the multiple of the numeric error estimate. */
  public RuleTolerance withErrorBoundFactor(double errorBoundFactor) {
    return new RuleTolerance(atol, rtol, errorBoundFactor);
  }

  /** The checker's tolerance {@code base} with every component this override sets replaced. */
  public Tolerance applyTo(Tolerance base) {
    Tolerance t = base;
    if (!Double.isNaN(atol)) {
      t = t.withAtol(atol);
    }
    if (!Double.isNaN(rtol)) {
      t = t.withRtol(rtol);
    }
    if (!Double.isNaN(errorBoundFactor)) {
      t = t.withErrorBoundFactor(errorBoundFactor);
    }
    return t;
  }
}
