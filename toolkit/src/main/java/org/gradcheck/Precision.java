package org.gradcheck;

import org.apiguardian.api.API;
import org.gradcheck.numeric.Line;
import org.gradcheck.numeric.NoiseLevel;
import org.gradcheck.numeric.NumericDifferentiator;
import org.gradcheck.numeric.RichardsonExtrapolation;

/**
 * The floating-point precision the function under test computes in. {@link #FLOAT64} is the
 * default; {@link #FLOAT32} is a float layer seen through double adapters (as {@code
 * org.gradcheck.float32.FloatGradientChecker} does): the check rounds x to float, the numeric
 * engine (Ridders-extrapolated) evaluates only at float-representable points and counts float
 * rounding ε_f·|f| as the noise of every value, and the relative tolerance is at least {@link
 * #minimumRtol()} = 40·ε_f, the float rounding of the analytic side. Every other stage (guards,
 * modes, kink search, diagnosis) is the same.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.2")
public enum Precision {
  /** IEEE 754 double (53 significant bits); the pipeline as it is. */
  FLOAT64(Line.DOUBLE_PRECISION, Math.ulp(1.0)),
  /** IEEE 754 single (24 significant bits), ε_f = 2⁻²³. */
  FLOAT32(Line.FLOAT_PRECISION, Math.ulp(1.0f));

  /** How many machine epsilons of the analytic value the relative tolerance is at least. */
  private static final double ANALYTIC_ULPS = 40;

  private final int bits;
  private final double epsilon;

  Precision(int bits, double epsilon) {
    this.bits = bits;
    this.epsilon = epsilon;
  }

  /** Significant bits of a value (53 or 24). */
  public int bits() {
    return bits;
  }

  /** The machine epsilon, the spacing of values just above 1 (2⁻⁵² or 2⁻²³). */
  public double epsilon() {
    return epsilon;
  }

  /**
   * The least rtol a check at this precision uses: 0 for {@link #FLOAT64} (the configured rtol
   * stands), 40·ε_f ≈ 4.8e-6 for {@link #FLOAT32}, which covers the float rounding of an analytic
   * value computed in a few float operations.
   */
  public double minimumRtol() {
    return this == FLOAT64 ? 0 : ANALYTIC_ULPS * epsilon;
  }

  /** {@code v} rounded to this precision (to nearest float for {@link #FLOAT32}). */
  public double round(double v) {
    return this == FLOAT64 ? v : (float) v;
  }

  /** The configured tolerance with rtol raised to at least {@link #minimumRtol()}. */
  Tolerance tolerance(Tolerance configured) {
    return configured.rtol() >= minimumRtol() ? configured : configured.withRtol(minimumRtol());
  }

  /**
   * The configured engine for functions of this precision: for {@link #FLOAT32} it evaluates only
   * at float-representable points, declares at least ε_f·|f| of noise on every value and
   * extrapolates (Ridders, unless the engine has its own extrapolation), which resolves a float
   * derivative 5–10 times more finely than the plain stencil.
   */
  NumericDifferentiator engine(NumericDifferentiator configured) {
    if (this == FLOAT64) {
      return configured;
    }
    NoiseLevel noise = configured.noise();
    NumericDifferentiator extrapolating =
        configured.richardsonExtrapolation().isPresent()
            ? configured
            : configured.withRichardson(RichardsonExtrapolation.ridders());
    return extrapolating
        .withInputPrecision(Math.min(bits, configured.inputPrecision()))
        .withNoise(new NoiseLevel(noise.absolute(), Math.max(noise.relative(), epsilon)));
  }
}
