package org.gradcheck.numeric;

import org.apiguardian.api.API;

/**
 * The declared error of the function's values: every value f_i carries an error of at most {@code
 * absolute + relative·|f_i|} beyond what double rounding explains (a nondeterministic reduction, a
 * float32 computation). The engine adds Σ|c_i|·noise/h^q to every error bar, starts its step where
 * that noise balances the truncation error, and takes measured variation up to a thousand times
 * this level as noise rather than as unresolved curvature.
 *
 * @param absolute the absolute noise level, finite and ≥ 0
 * @param relative the noise level relative to |f|, finite, ≥ 0 and below 1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record NoiseLevel(double absolute, double relative) {
  /** Validates both levels. */
  public NoiseLevel {
    if (!(absolute >= 0) || !Double.isFinite(absolute)) {
      throw new IllegalArgumentException(
          "absolute noise level = " + absolute + "; expected a finite value ≥ 0");
    }
    if (!(relative >= 0 && relative < 1)) {
      throw new IllegalArgumentException(
          "relative noise level = " + relative + "; expected a value in [0, 1)");
    }
  }

  /** No noise beyond double rounding (the engine's default). */
  public static NoiseLevel none() {
    return new NoiseLevel(0, 0);
  }

  /** Values accurate to ± {@code sigma} (e.g. a declared nondeterminism tolerance). */
  public static NoiseLevel absolute(double sigma) {
    return new NoiseLevel(sigma, 0);
  }

  /** Values accurate to ± {@code rho}·|f| (e.g. float32 rounding, ρ = 2⁻²³). */
  public static NoiseLevel relative(double rho) {
    return new NoiseLevel(0, rho);
  }

  /** Whether this declares no noise at all. */
  public boolean isNone() {
    return absolute == 0 && relative == 0;
  }

  /** The noise bound of a value of magnitude {@code magnitude}: absolute + relative·magnitude. */
  public double at(double magnitude) {
    return absolute + relative * Math.abs(magnitude);
  }
}
