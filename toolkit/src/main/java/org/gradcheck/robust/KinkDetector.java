package org.gradcheck.robust;

import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.apiguardian.api.API;
import org.gradcheck.numeric.DirectionalDerivative;
import org.gradcheck.numeric.Domain;
import org.gradcheck.numeric.FiniteDifferenceMethod;
import org.gradcheck.numeric.NoiseLevel;
import org.gradcheck.numeric.NumericDifferentiator;
import org.gradcheck.numeric.StepSize;

/**
 * Tells a kink from a gradient bug: computes the left and right derivatives of every output along
 * one input with the numeric engine's one-sided stencils ({@link NumericDifferentiator#oneSided}),
 * each with the engine's error bar, and reports a {@link DetectedKink} when they disagree by more
 * than {@value #MARGIN} times the sum of both error bars (plus 1e-7 of their size and 64 ulps). A
 * one-sided stencil never reaches across x, so at a kink at x each side sees a smooth function; a
 * kink at some distance from x is stepped under by the adaptive step (its crossing shows as
 * unresolved variation) and both sides then agree. A declared noise level of f's values (see {@link
 * #detect(UnaryOperator, double[], int, String, double)}) widens both error bars by the noise's
 * share, so noise alone never makes a kink.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class KinkDetector {
  private static final double EPS = Math.ulp(1.0);

  /** A kink needs a left/right gap of this many summed error bars. */
  private static final double MARGIN = 10;

  /** Stencils per one-sided derivative: enough to step under a kink near x. */
  private static final int ATTEMPTS = 8;

  private final NumericDifferentiator engine;

  private KinkDetector(NumericDifferentiator engine) {
    this.engine = engine;
  }

  /**
   * The engine's default one-sided stencils (the 7-point stencil's one-sided sibling, 6th order)
   * with an adaptive step of up to 8 stencils per side; a kink needs a gap of 10 error bars.
   */
  public static KinkDetector defaults() {
    return new KinkDetector(
        NumericDifferentiator.defaults().withStep(new StepSize.Adaptive(ATTEMPTS)));
  }

  /**
   * A cheaper detector for screening many lines (a kink search over blocks of a probe direction):
   * 3-point one-sided stencils and at most 2 steps per side, about a third of the evaluations of
   * {@link #defaults()}, with honest but wider error bars. Whatever it reports should be confirmed
   * by {@link #defaults()} before it is relied on; it may miss nothing a wider bar would not.
   */
  public static KinkDetector screening() {
    return new KinkDetector(
        NumericDifferentiator.defaults()
            .withMethod(FiniteDifferenceMethod.central(3, 1))
            .withStep(new StepSize.Adaptive(1)));
  }

  /**
   * The same detector keeping every evaluation inside {@code domain}: a one-sided derivative that
   * would have to leave it is not taken, and no kink is reported there.
   */
  public KinkDetector withDomain(Domain domain) {
    return new KinkDetector(engine.withDomain(Objects.requireNonNull(domain, "domain")));
  }

  /**
   * The same detector for a function that sees its inputs with {@code bits} significant bits (24
   * for a float32 function): every evaluation point is representable at that precision (see {@link
   * NumericDifferentiator#withInputPrecision(int)}).
   *
   * @throws IllegalArgumentException if bits is outside 2 to 53
   */
  public KinkDetector withInputPrecision(int bits) {
    return new KinkDetector(engine.withInputPrecision(bits));
  }

  /**
   * Looks for a kink of f at x along input {@code j}, for a function without noise beyond double
   * rounding; the same as {@code detect(f, x, j, label, 0)}. {@code x} is not modified.
   *
   * @param label how reports name input j, e.g. {@code x[3]}
   * @return the kink with the largest gap between left and right derivative, or empty if f is
   *     differentiable along j as far as finite differences can tell, or if f cannot be evaluated
   *     near x (throws, or gives non-finite values)
   * @throws NullPointerException if f or x is null
   * @throws IllegalArgumentException if j is not an index of x
   * @throws java.util.concurrent.CancellationException if the thread is interrupted (its interrupt
   *     flag stays set); an exception f throws while the thread is interrupted propagates as it is
   */
  public Optional<DetectedKink> detect(UnaryOperator<double[]> f, double[] x, int j, String label) {
    return detect(f, x, j, label, 0.0);
  }

  /**
   * Looks for a kink of f at x along input {@code j} when f's values are only reproducible to ±
   * {@code noise} (the declared nondeterminism tolerance). The noise contributes about
   * Σ|c_i|·noise/h to each one-sided estimate at step h; both error bars include that term, and the
   * engine's step is chosen to balance it, so a left/right gap that the noise can explain is never
   * called a kink. {@code x} is not modified.
   *
   * @param label how reports name input j, e.g. {@code x[3]}
   * @param noise the absolute noise level of f's values, finite and ≥ 0 (0: double rounding only)
   * @return the kink with the largest gap between left and right derivative (in units of the summed
   *     error bars), or empty if f is differentiable along j as far as finite differences at this
   *     noise level can tell, or if f cannot be evaluated near x (throws, or gives non-finite
   *     values)
   * @throws NullPointerException if f or x is null
   * @throws IllegalArgumentException if j is not an index of x or noise is negative or not finite
   * @throws java.util.concurrent.CancellationException if the thread is interrupted (its interrupt
   *     flag stays set); an exception f throws while the thread is interrupted propagates as it is
   */
  public Optional<DetectedKink> detect(
      UnaryOperator<double[]> f, double[] x, int j, String label, double noise) {
    Objects.requireNonNull(f, "function");
    Objects.requireNonNull(x, "input x");
    if (j < 0 || j >= x.length) {
      throw new IllegalArgumentException(
          "input " + j + " outside x of length " + x.length + "; expected 0 to " + (x.length - 1));
    }
    if (!(noise >= 0) || !Double.isFinite(noise)) {
      throw new IllegalArgumentException(
          "noise = " + noise + " for input " + label + "; expected a finite level ≥ 0");
    }
    NumericDifferentiator sided = engine.withNoise(NoiseLevel.absolute(noise));
    double[] u = new double[x.length];
    u[j] = 1.0;
    DirectionalDerivative right;
    DirectionalDerivative left;
    try {
      right = sided.oneSided(f, x, u, 1);
      left = sided.oneSided(f, x, u, -1);
    } catch (RuntimeException e) {
      if (Thread.currentThread().isInterrupted()) {
        throw e;
      }
      return Optional.empty();
    }
    DetectedKink worst = null;
    double worstGap = 0;
    for (int i = 0; i < right.values().length; i++) {
      double r = right.values()[i];
      double l = left.values()[i];
      double bars = right.errors()[i] + left.errors()[i];
      double gap = Math.abs(r - l);
      double scale = Math.max(Math.abs(r), Math.abs(l));
      double inBars = gap / (bars + Double.MIN_NORMAL);
      if (gap > MARGIN * bars + 1e-7 * scale + 64 * EPS && inBars > worstGap) {
        worstGap = inBars;
        worst = new DetectedKink(i, j, label, l, left.errors()[i], r, right.errors()[i]);
      }
    }
    return Optional.ofNullable(worst);
  }
}
