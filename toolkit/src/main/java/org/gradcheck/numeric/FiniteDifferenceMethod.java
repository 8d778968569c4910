package org.gradcheck.numeric;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.function.DoubleUnaryOperator;
import org.apiguardian.api.API;

/**
 * A finite-difference stencil: a grid of offsets g_i (in units of the step h), the coefficients c_i
 * and the derivative order q, so that f^(q)(x) ≈ Σ c_i f(x + g_i h) / h^q with an error of order
 * h^p (the accuracy order).
 *
 * <p>Coefficients are computed with Fornberg's algorithm in exact rational arithmetic and rounded
 * once, so the classic stencils come out exactly (central 3-point [-1/2, 0, 1/2], second derivative
 * [1, -2, 1], …). The accuracy order and the leading truncation constant are derived from the exact
 * moments Σ c_i g_i^k, which is why a symmetric central stencil with an odd number of points
 * reports one order more than points − q. Immutable and thread-safe.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class FiniteDifferenceMethod {
  private static final int MAX_POINTS = 16;

  private final double[] grid;
  private final double[] coefficients;
  private final int derivativeOrder;
  private final int accuracyOrder;
  private final double truncationConstant;
  private final double coefficientMass;
  private final double[] noiseWeights;
  // derived stencils, computed on first use (benign race: the values are immutable and equal)
  private volatile Optional<FiniteDifferenceMethod> companion;
  private final FiniteDifferenceMethod[] oneSided = new FiniteDifferenceMethod[2];
  private final String name;

  private FiniteDifferenceMethod(String name, double[] grid, int derivativeOrder) {
    this.name = name;
    this.grid = grid;
    this.derivativeOrder = derivativeOrder;
    Rational[] exactGrid = new Rational[grid.length];
    for (int i = 0; i < grid.length; i++) {
      exactGrid[i] = Rational.of(grid[i]);
    }
    Rational[] weights = FornbergWeights.weights(exactGrid, derivativeOrder);
    this.coefficients = new double[grid.length];
    double mass = 0.0;
    for (int i = 0; i < grid.length; i++) {
      coefficients[i] = weights[i].toDouble();
      mass += Math.abs(coefficients[i]);
    }
    this.coefficientMass = mass;
    // First k > q whose moment Σ c_i g_i^k is not zero: the error is moment/k! · f^(k) · h^(k-q).
    int k = derivativeOrder + 1;
    Rational moment = moment(weights, exactGrid, k);
    while (moment.isZero()) {
      k++;
      moment = moment(weights, exactGrid, k);
    }
    this.accuracyOrder = k - derivativeOrder;
    Rational factorial = Rational.ONE;
    for (int i = 2; i <= k; i++) {
      factorial = factorial.times(Rational.of(i));
    }
    this.truncationConstant = moment.dividedBy(factorial).toDouble();
    this.noiseWeights = noiseWeights(exactGrid, derivativeOrder);
  }

  /**
   * Weights of the highest difference the grid supports, scaled to unit 2-norm: applied to the
   * sampled values they annihilate polynomials of degree &lt; points − 1, so what remains at a
   * sensible step is the noise in f, with standard deviation σ. Null if that difference would not
   * be of higher order than the derivative (too few points).
   */
  private static double[] noiseWeights(Rational[] grid, int derivativeOrder) {
    int order = grid.length - 1;
    if (order < derivativeOrder + 2) {
      return null;
    }
    Rational[] w = FornbergWeights.weights(grid, order);
    double[] weights = new double[w.length];
    double norm = 0.0;
    for (int i = 0; i < w.length; i++) {
      weights[i] = w[i].toDouble();
      norm += weights[i] * weights[i];
    }
    norm = Math.sqrt(norm);
    for (int i = 0; i < w.length; i++) {
      weights[i] /= norm;
    }
    return weights;
  }

  /** See {@link #noiseWeights(Rational[], int)}; null if unavailable. Not a copy: do not modify. */
  double[] noiseWeights() {
    return noiseWeights;
  }

  /** The grid itself, not a copy: callers inside the package must not modify it. */
  double[] sharedGrid() {
    return grid;
  }

  /** The coefficients themselves, not a copy: callers inside the package must not modify them. */
  double[] sharedCoefficients() {
    return coefficients;
  }

  private static Rational moment(Rational[] weights, Rational[] grid, int k) {
    Rational sum = Rational.ZERO;
    for (int i = 0; i < grid.length; i++) {
      Rational power = Rational.ONE;
      for (int e = 0; e < k; e++) {
        power = power.times(grid[i]);
      }
      sum = sum.plus(weights[i].times(power));
    }
    return sum;
  }

  /**
   * A central stencil of {@code points} points (2 to 10): offsets −(p−1)/2 … (p−1)/2 for odd p, and
   * ±1 … ±p/2 (no centre) for even p, as in FiniteDifferences.jl.
   */
  public static FiniteDifferenceMethod central(int points, int derivativeOrder) {
    checkFactory(points, derivativeOrder);
    double[] g = new double[points];
    if (points % 2 == 1) {
      for (int i = 0; i < points; i++) {
        g[i] = i - (points - 1) / 2;
      }
    } else {
      int half = points / 2;
      for (int i = 0; i < half; i++) {
        g[i] = i - half;
        g[points - 1 - i] = half - i;
      }
    }
    return new FiniteDifferenceMethod(
        "central(" + points + ", " + derivativeOrder + ")", g, derivativeOrder);
  }

  /** A forward stencil of {@code points} points (2 to 10): offsets 0, 1, …, p−1. */
  public static FiniteDifferenceMethod forward(int points, int derivativeOrder) {
    checkFactory(points, derivativeOrder);
    double[] g = new double[points];
    for (int i = 0; i < points; i++) {
      g[i] = i;
    }
    return new FiniteDifferenceMethod(
        "forward(" + points + ", " + derivativeOrder + ")", g, derivativeOrder);
  }

  /** A backward stencil of {@code points} points (2 to 10): offsets −(p−1), …, −1, 0. */
  public static FiniteDifferenceMethod backward(int points, int derivativeOrder) {
    checkFactory(points, derivativeOrder);
    double[] g = new double[points];
    for (int i = 0; i < points; i++) {
      g[i] = i - (points - 1);
    }
    return new FiniteDifferenceMethod(
        "backward(" + points + ", " + derivativeOrder + ")", g, derivativeOrder);
  }

  /**
   * A stencil on an arbitrary grid of distinct, finite offsets (at least derivativeOrder + 1 of
   * them, at most 16). {@code grid} is copied, not modified.
   */
  public static FiniteDifferenceMethod fromGrid(double[] grid, int derivativeOrder) {
    Objects.requireNonNull(grid, "grid");
    if (derivativeOrder < 1) {
      throw new IllegalArgumentException("derivativeOrder must be ≥ 1, got " + derivativeOrder);
    }
    if (grid.length < derivativeOrder + 1 || grid.length > MAX_POINTS) {
      throw new IllegalArgumentException(
          "grid has "
              + grid.length
              + " points; a derivative of order "
              + derivativeOrder
              + " needs between "
              + (derivativeOrder + 1)
              + " and "
              + MAX_POINTS);
    }
    double[] g = grid.clone();
    for (int i = 0; i < g.length; i++) {
      if (!Double.isFinite(g[i])) {
        throw new IllegalArgumentException("grid[" + i + "] = " + g[i] + " is not finite");
      }
      for (int k = 0; k < i; k++) {
        if (g[k] == g[i]) {
          throw new IllegalArgumentException(
              "grid["
                  + k
                  + "] and grid["
                  + i
                  + "] are both "
                  + g[i]
                  + "; offsets must be distinct");
        }
      }
    }
    return new FiniteDifferenceMethod(
        "grid" + Arrays.toString(g) + " order " + derivativeOrder, g, derivativeOrder);
  }

  private static void checkFactory(int points, int derivativeOrder) {
    if (derivativeOrder < 1) {
      throw new IllegalArgumentException("derivativeOrder must be ≥ 1, got " + derivativeOrder);
    }
    if (points < 2 || points > 10 || points <= derivativeOrder) {
      throw new IllegalArgumentException(
          "points = "
              + points
              + "; expected 2 to 10 points and more than the derivative order "
              + derivativeOrder);
    }
  }

  /** The offsets g_i in units of h (a copy). */
  public double[] grid() {
    return grid.clone();
  }

  /** The coefficients c_i (a copy). */
  public double[] coefficients() {
    return coefficients.clone();
  }

  /** q: which derivative the stencil approximates. */
  public int derivativeOrder() {
    return derivativeOrder;
  }

  /** p: the truncation error is O(h^p). */
  public int accuracyOrder() {
    return accuracyOrder;
  }

  /**
   * The leading truncation constant C: the error is ≈ C · f^(p+q)(x) · h^p (from the exact moment Σ
   * c_i g_i^(p+q) / (p+q)!).
   */
  public double truncationConstant() {
    return truncationConstant;
  }

  /** Σ |c_i|: how much the stencil amplifies errors in the function values. */
  public double coefficientMass() {
    return coefficientMass;
  }

  /** Number of grid points. */
  public int points() {
    return grid.length;
  }

  /**
   * The embedded lower-order stencil obtained by dropping the outermost offsets (largest |g|),
   * whose difference from this stencil estimates the truncation error; empty if too few points
   * would remain.
   */
  public Optional<FiniteDifferenceMethod> companion() {
    Optional<FiniteDifferenceMethod> c = companion;
    if (c == null) {
      c = computeCompanion();
      companion = c;
    }
    return c;
  }

  private Optional<FiniteDifferenceMethod> computeCompanion() {
    double widest = 0.0;
    for (double g : grid) {
      widest = Math.max(widest, Math.abs(g));
    }
    int kept = 0;
    for (double g : grid) {
      if (Math.abs(g) != widest) {
        kept++;
      }
    }
    if (kept < derivativeOrder + 1) {
      return Optional.empty();
    }
    double[] inner = new double[kept];
    int k = 0;
    for (double g : grid) {
      if (Math.abs(g) != widest) {
        inner[k++] = g;
      }
    }
    FiniteDifferenceMethod sub =
        new FiniteDifferenceMethod("companion of " + name, inner, derivativeOrder);
    // An inner stencil that hits the same h-power gives no information about the error.
    return sub.accuracyOrder < accuracyOrder ? Optional.of(sub) : Optional.empty();
  }

  /**
   * The one-sided stencil of the same accuracy order, pointing into {@code direction} (+1: offsets
   * ≥ 0, −1: offsets ≤ 0); this stencil itself if it already lies on that side.
   */
  public FiniteDifferenceMethod oneSided(int direction) {
    int side = direction > 0 ? 1 : 0;
    FiniteDifferenceMethod m = oneSided[side];
    if (m == null) {
      m = computeOneSided(direction);
      oneSided[side] = m;
    }
    return m;
  }

  private FiniteDifferenceMethod computeOneSided(int direction) {
    boolean fits = true;
    for (double g : grid) {
      fits &= direction > 0 ? g >= 0 : g <= 0;
    }
    if (fits) {
      return this;
    }
    int points = Math.min(MAX_POINTS, accuracyOrder + derivativeOrder);
    double[] g = new double[points];
    for (int i = 0; i < points; i++) {
      g[i] = direction > 0 ? i : i - (points - 1);
    }
    String side = direction > 0 ? "forward(" : "backward(";
    return new FiniteDifferenceMethod(
        side + points + ", " + derivativeOrder + ")", g, derivativeOrder);
  }

  /**
   * Estimates f^(q)(x) with step h, with an error estimate: the truncation part from the embedded
   * companion stencil (or, without one, from the same stencil at 2h), the round-off part from |f|
   * and machine epsilon. Throws {@link NumericDifferentiationException} (a subclass naming the
   * problem) if x or h is unusable or f fails.
   */
  public Derivative estimate(DoubleUnaryOperator f, double x, double h) {
    Objects.requireNonNull(f, "function");
    return NumericDifferentiator.defaults().withStep(StepSize.fixed(h)).derivativeOf(f, x, this);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FiniteDifferenceMethod m
        && derivativeOrder == m.derivativeOrder
        && Arrays.equals(grid, m.grid);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(grid) * 31 + derivativeOrder;
  }

  @Override
  public String toString() {
    return name + ": order " + accuracyOrder + ", coefficients " + Arrays.toString(coefficients);
  }
}
