package org.gradcheck.numeric;

import java.util.Arrays;
import java.util.function.UnaryOperator;

/**
 * Differentiates f along one direction u at one point x: evaluates stencils (caching every point),
 * chooses the step, extrapolates, and attaches an error estimate to every output row. One instance
 * per column and thread; its scratch copy of x belongs to its thread (and is restored after every
 * evaluation), so the function never sees an array that another thread writes.
 */
final class ColumnEstimator {
  private static final double EPS = Math.ulp(1.0);

  /** Step growth for rows whose error is dominated by round-off. */
  private static final double GROWTH = 8.0;

  /** Measured noise above this many ulps of |f| is taken as unresolved variation of f. */
  private static final double NOISE_CEILING = 1e3;

  /** Cached in place of f's values at a point where they were not finite (tolerated). */
  private static final double[] NOT_FINITE = new double[0];

  private final UnaryOperator<double[]> f;
  private final double[] x;
  private final double[] u;
  private final double[] f0;
  private final Domain domain;
  private final NoiseLevel noise;
  private final Line line;
  private final double[] work;
  // f at the points evaluated so far: a column has a dozen at most, so a linear search over a
  // plain array beats hashing boxed Doubles
  private double[] cachedSteps = new double[16];
  private double[][] cachedValues = new double[16][];
  private int cacheSize;
  private final int unitCoordinate;
  private final double directionNorm;
  private final double inputScale;
  private final double positionNoise;
  private long evaluations;

  /**
   * {@code x}, {@code u} and {@code f0} are read only; {@code f0} = f(x) has been checked. {@code
   * work} is a caller-owned scratch array that holds a copy of x on entry and holds it again after
   * every evaluation (one per thread may be reused across columns: a column then allocates nothing
   * of size n), and {@code coordinate} = j when u is known to be the unit vector e_j (saves a scan
   * of u), else −1. Points x + t·u come from a {@link Line} at {@code inputPrecision} bits; the
   * declared {@code noise} enters every error bar.
   */
  ColumnEstimator(
      UnaryOperator<double[]> f,
      double[] x,
      double[] u,
      double[] f0,
      Domain domain,
      NoiseLevel noise,
      int inputPrecision,
      double[] work,
      int coordinate) {
    this.f = f;
    this.x = x;
    this.u = u;
    this.f0 = f0;
    this.domain = domain;
    this.noise = noise;
    this.work = work;
    this.line = Line.shared(x, u, coordinate, inputPrecision);
    if (coordinate >= 0) {
      this.unitCoordinate = coordinate;
      this.directionNorm = 1.0;
      this.inputScale = Math.max(Math.abs(x[coordinate]), 1.0);
      this.positionNoise = 0.0;
      return;
    }
    int unit = -1;
    int nonZero = 0;
    double norm = 0.0;
    double scale = 0.0;
    double ulp = 0.0;
    for (int j = 0; j < u.length; j++) {
      if (u[j] != 0.0) {
        nonZero++;
        unit = j;
        norm = Math.max(norm, Math.abs(u[j]));
        scale = Math.max(scale, Math.abs(x[j]));
        ulp = Math.max(ulp, line.spacingNear(x[j]));
      }
    }
    this.unitCoordinate = nonZero == 1 && Math.abs(u[unit]) == 1.0 ? unit : -1;
    this.directionNorm = norm;
    this.inputScale = Math.max(scale, 1.0);
    // Rounding of x + t·u that realised offsets cannot account for (general directions only).
    this.positionNoise = unitCoordinate >= 0 ? 0.0 : ulp;
  }

  long evaluations() {
    return evaluations;
  }

  boolean isZeroDirection() {
    return directionNorm == 0.0;
  }

  /** The per-row outcome of one stencil at one step. */
  static final class Attempt {
    final double[] values;
    final double[] truncation;

    /** The part of the truncation estimate that comes from unresolved variation of f. */
    final double[] unresolved;

    /** The companion difference |D − D_companion| (or |D(h) − D(2h)|). */
    final double[] gap;

    final double[] roundOff;

    /** The per-point error level behind the round-off bound (see {@link #apply}). */
    final double[] level;

    /** Σ|w_i|/h^q of the stencil each row came from. */
    final double[] mass;

    /** The step each row came from. */
    final double[] rowStep;

    /**
     * Rows whose every value on the stencil of {@link #values} equalled f(x) bit for bit: at this
     * step f's computed values did not move at all, which says nothing about f′ when a longer step
     * saw them move. A row that is not flat thus moved on that stencil's own grid.
     */
    final boolean[] flat;

    /** Of a {@link #pair}: |D₃(2h) − D₃(h)| per row, ≈ h²|f‴|/2 in the asymptotic range. */
    final double[] spread;

    FiniteDifferenceMethod method;
    double step;

    Attempt(int m, FiniteDifferenceMethod method, double step) {
      values = new double[m];
      truncation = new double[m];
      unresolved = new double[m];
      gap = new double[m];
      roundOff = new double[m];
      level = new double[m];
      mass = new double[m];
      rowStep = new double[m];
      flat = new boolean[m];
      spread = new double[m];
      this.method = method;
      this.step = step;
    }

    double error(int r) {
      return truncation[r] + roundOff[r];
    }
  }

  // ---------------------------------------------------------------- evaluation of f

  /** f(x + t·u), cached; t = 0 is the base value. */
  double[] at(double t, boolean tolerateNonFinite) {
    if (t == 0.0) {
      return f0;
    }
    for (int k = 0; k < cacheSize; k++) {
      if (cachedSteps[k] == t) {
        if (cachedValues[k] != NOT_FINITE) {
          return cachedValues[k];
        }
        if (tolerateNonFinite) {
          return null;
        }
        break; // evaluated again, to throw with the row and value that were not finite
      }
    }
    line.moveTo(t, work);
    double[] y;
    try {
      y = f.apply(work);
    } catch (RuntimeException e) {
      if (Thread.currentThread().isInterrupted()) {
        // the caller asked to stop: not a per-point failure that anyone may recover from
        throw e;
      }
      throw new FunctionEvaluationException(
          "function threw " + e + " at x + t·u with t = " + t + describe(), t, e);
    } finally {
      System.arraycopy(x, 0, work, 0, x.length);
    }
    evaluations++;
    if (Thread.currentThread().isInterrupted()) {
      throw NumericDifferentiator.interrupted("x + t·u with t = " + t + describe());
    }
    if (y == null) {
      throw new FunctionEvaluationException(
          "function returned null at x + t·u with t = " + t + describe(), t, null);
    }
    if (y.length != f0.length) {
      throw new FunctionEvaluationException(
          "function result length changed from "
              + f0.length
              + " at the base point to "
              + y.length
              + " at x + t·u with t = "
              + t
              + describe()
              + "; a function must always return the same number of outputs",
          t,
          null);
    }
    for (int r = 0; r < y.length; r++) {
      if (!Double.isFinite(y[r])) {
        if (tolerateNonFinite) {
          remember(t, NOT_FINITE);
          return null;
        }
        throw new NonFiniteValueException(
            "function output ["
                + r
                + "] = "
                + y[r]
                + " at x + t·u with t = "
                + t
                + describe()
                + "; the function is singular or undefined there. If x is near the edge of its "
                + "domain, declare it with NumericDifferentiator.withDomain(Domain) so that "
                + "stencils stay inside",
            r,
            t);
      }
    }
    y = y.clone();
    remember(t, y);
    return y;
  }

  /** Whether f is already known not to be finite at one of the points x + g·h·u. */
  private boolean knownNotFinite(double[] grid, double h) {
    for (int k = 0; k < cacheSize; k++) {
      if (cachedValues[k] == NOT_FINITE) {
        for (double g : grid) {
          if (cachedSteps[k] == g * h) {
            return true;
          }
        }
      }
    }
    return false;
  }

  private void remember(double t, double[] y) {
    if (cacheSize == cachedSteps.length) {
      cachedSteps = Arrays.copyOf(cachedSteps, 2 * cacheSize);
      cachedValues = Arrays.copyOf(cachedValues, 2 * cacheSize);
    }
    cachedSteps[cacheSize] = t;
    cachedValues[cacheSize++] = y;
  }

  private String describe() {
    return " (x = "
        + NumericDifferentiator.summary(x)
        + ", u = "
        + NumericDifferentiator.summary(u)
        + ")";
  }

  // ---------------------------------------------------------------- stencils

  /** Whether every point x + g·h·u of the stencil (and of its 2h check) lies in the domain. */
  boolean fits(FiniteDifferenceMethod method, double h, boolean doubled) {
    if (!domain.isBounded()) {
      return true;
    }
    double reach = doubled && method.companion().isEmpty() ? 2.0 : 1.0;
    for (double g : method.sharedGrid()) {
      double t = reach * g * h;
      if (unitCoordinate >= 0) {
        int j = unitCoordinate;
        if (!domain.contains(j, line.coordinate(j, t))) {
          return false;
        }
        continue;
      }
      for (int j = 0; j < x.length; j++) {
        if (u[j] != 0.0 && !domain.contains(j, line.coordinate(j, t))) {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * The method itself if it fits at h, else a one-sided variant that does, else null. A method that
   * already lies on one side of x keeps that side (a left derivative never turns into a right one).
   */
  FiniteDifferenceMethod fitting(FiniteDifferenceMethod method, double h, boolean doubled) {
    if (fits(method, h, doubled)) {
      return method;
    }
    for (int side : new int[] {1, -1}) {
      if (method.oneSided(-side) == method && method.oneSided(side) != method) {
        continue;
      }
      FiniteDifferenceMethod oneSided = method.oneSided(side);
      if (fits(oneSided, h, doubled)) {
        return oneSided;
      }
    }
    return null;
  }

  /**
   * Applies one stencil at step h; returns per row {values, round-off bound, unresolved variation,
   * per-point error level} and {Σ|w_i|/h^q}. Returns null if f was not finite at one of the points
   * and {@code tolerateNonFinite}.
   */
  private double[][] apply(FiniteDifferenceMethod method, double h, boolean tolerateNonFinite) {
    double[] grid = method.sharedGrid();
    double[] coefficients = method.sharedCoefficients();
    int q = method.derivativeOrder();
    if (tolerateNonFinite && knownNotFinite(grid, h)) {
      return null; // as it would after evaluating the points before that one
    }
    double[] offsets = new double[grid.length];
    boolean exact = true;
    for (int i = 0; i < grid.length; i++) {
      double t = grid[i] * h;
      double realised = t;
      if (unitCoordinate >= 0) {
        double s = u[unitCoordinate];
        realised = (line.coordinate(unitCoordinate, t) - x[unitCoordinate]) * s;
      }
      if (grid[i] != 0.0 && (realised == 0.0 || !moves(t))) {
        throw underflow(h, grid[i]);
      }
      offsets[i] = realised;
      exact &= realised == t;
    }
    // Exact offsets: Σ c_i f_i / h^q (the classic formula). Otherwise exact weights for the
    // offsets actually taken, already in absolute units.
    double[] weights = new double[grid.length];
    double scale = 1.0;
    if (exact) {
      scale = Math.pow(h, q);
      System.arraycopy(coefficients, 0, weights, 0, grid.length);
    } else {
      for (int i = 0; i < grid.length; i++) {
        for (int k = 0; k < i; k++) {
          if (offsets[k] == offsets[i]) {
            throw underflow(h, grid[i]);
          }
        }
      }
      FornbergWeights.forRealisedOffsets(offsets, q, weights);
    }
    int m = f0.length;
    double[] values = new double[m];
    double[] fmax = new double[m];
    double[] flat = new double[m];
    Arrays.fill(flat, 1.0);
    double mass = 0.0;
    for (int i = 0; i < grid.length; i++) {
      if (weights[i] == 0.0) {
        continue;
      }
      mass += Math.abs(weights[i]) / scale;
      double[] y = at(grid[i] * h, tolerateNonFinite);
      if (y == null) {
        return null;
      }
      for (int r = 0; r < m; r++) {
        // Σ c_i = 0, so differences to f(x) (exact when close) keep the sum free of cancellation
        values[r] += weights[i] * (y[r] - f0[r]);
        fmax[r] = Math.max(fmax[r], Math.abs(y[r]));
        if (y[r] != f0[r]) {
          flat[r] = 0.0;
        }
      }
    }
    for (int r = 0; r < m; r++) {
      values[r] /= scale;
    }
    double[] noise = measuredNoise(method, h, weights);
    double[] roundOff = new double[m];
    double[] unresolved = new double[m];
    double[] level = new double[m];
    for (int r = 0; r < m; r++) {
      double declared = this.noise.at(fmax[r]);
      if (noise[r] > NOISE_CEILING * Math.max(EPS * fmax[r], declared)) {
        // far above any plausible evaluation error: f varies on the scale of the step
        unresolved[r] = 3 * noise[r] * mass;
        noise[r] = 0.0;
      }
      level[r] = Math.max(Math.max(2 * EPS * fmax[r], declared), 3 * noise[r]);
      roundOff[r] = level[r] * mass;
      if (q == 1 && positionNoise > 0) {
        roundOff[r] += mass * positionNoise * Math.abs(values[r]) / directionNorm;
      }
    }
    return new double[][] {values, roundOff, unresolved, level, {mass}, flat};
  }

  /**
   * The noise level of f seen in the sampled values (the grid's highest difference, see {@link
   * FiniteDifferenceMethod#noiseWeights()}): catches functions whose evaluation error exceeds a few
   * ulps of f, e.g. sin(1/x) where 1/x is rounded before the sine amplifies it. Zero when the grid
   * is too small or would need points that were not evaluated.
   */
  private double[] measuredNoise(FiniteDifferenceMethod method, double h, double[] weights) {
    double[] noise = new double[f0.length];
    double[] nw = method.noiseWeights();
    if (nw == null) {
      return noise;
    }
    double[] grid = method.sharedGrid();
    for (int i = 0; i < grid.length; i++) {
      if (weights[i] == 0.0 && grid[i] != 0.0) {
        return noise;
      }
    }
    for (int i = 0; i < grid.length; i++) {
      double[] y = at(grid[i] * h, false);
      for (int r = 0; r < noise.length; r++) {
        noise[r] += nw[i] * (y[r] - f0[r]);
      }
    }
    for (int r = 0; r < noise.length; r++) {
      noise[r] = Math.abs(noise[r]);
    }
    return noise;
  }

  /** Whether x + t·u differs from x in at least one coordinate. */
  private boolean moves(double t) {
    return line.moves(t);
  }

  private StepUnderflowException underflow(double h, double g) {
    return new StepUnderflowException(
        "step h = "
            + h
            + " underflows: x + "
            + g
            + "·h·u is not distinct from the other stencil points"
            + describe()
            + "; use a larger step (the spacing of doubles near x is "
            + Math.ulp(inputScale)
            + ")");
  }

  /**
   * One stencil at step h with its error estimate: truncation from the embedded companion (or the
   * same stencil at 2h), round-off from |f| and machine epsilon. Null if f was not finite somewhere
   * and {@code tolerateNonFinite}.
   */
  Attempt attempt(FiniteDifferenceMethod method, double h, boolean tolerateNonFinite) {
    double[][] main = apply(method, h, tolerateNonFinite);
    if (main == null) {
      return null;
    }
    var companion = method.companion();
    double[][] check =
        companion.isPresent()
            ? apply(companion.get(), h, tolerateNonFinite)
            : apply(method, 2 * h, tolerateNonFinite);
    if (check == null) {
      return null;
    }
    Attempt a = new Attempt(f0.length, method, h);
    for (int r = 0; r < f0.length; r++) {
      a.values[r] = main[0][r];
      a.truncation[r] = Math.max(Math.abs(main[0][r] - check[0][r]), main[2][r]);
      a.unresolved[r] = main[2][r];
      a.gap[r] = Math.abs(main[0][r] - check[0][r]);
      a.roundOff[r] = main[1][r];
      a.level[r] = main[3][r];
      a.mass[r] = main[4][0];
      a.rowStep[r] = h;
      a.flat[r] = main[5][r] != 0.0; // the value's own stencil (a companion's grid lies in it)
      if (!noise.isNone()) {
        // declared noise: one difference is a single sample of it; the check stencil's
        // measurement is a second one, and the larger of the two bounds the noise far more often
        a.level[r] = Math.max(main[3][r], check[3][r]);
        a.roundOff[r] = a.level[r] * a.mass[r];
      }
    }
    return a;
  }

  /** The accuracy order of the quantity used to estimate truncation. */
  private static int checkOrder(FiniteDifferenceMethod method) {
    return method
        .companion()
        .map(FiniteDifferenceMethod::accuracyOrder)
        .orElse(method.accuracyOrder());
  }

  // ---------------------------------------------------------------- the embedded pair

  /**
   * A cheap estimate of a column: the inner points ±h, ±2h of {@code method}'s grid at step h
   * (cached, so the adaptive search reuses them where it visits h), giving per row the 5-point
   * value D₅ = (f₋₂ − 8f₋₁ + 8f₁ − f₂)/(12h) and the bar |f₋₂ − 4f₋₁ + 6f₀ − 4f₁ + f₂|/(12h) +
   * level·Σ|c|/h. The bar's first term is the half-difference of the two 4-point stencils on {−2…1}
   * and {−1…2}, which average to D₅ (≈ h³|f⁽⁴⁾|/12, far above D₅'s own h⁴|f⁽⁵⁾|/30 truncation; it
   * also absorbs noise and kinks: relu at 0 gets a bar of ⅓ of its value); the level is
   * max(2ε·max|f_i|, declared noise).
   *
   * <p>Null when the pair does not apply: {@code method} is not a central stencil whose companion
   * is the central 5-point one, the central stencil does not fit the domain at h, an offset is not
   * realised exactly (the pair has no exact weights for other offsets), or f is not finite at one
   * of the points. The points evaluated stay cached either way.
   */
  Attempt pair(FiniteDifferenceMethod method, double h) {
    FiniteDifferenceMethod companion = method.companion().orElse(null);
    if (companion == null
        || unitCoordinate < 0
        || method.derivativeOrder() != 1
        || !Arrays.equals(companion.sharedGrid(), PAIR_GRID)) {
      return null;
    }
    if (fitting(method, h, true) != method) {
      return null;
    }
    double s = u[unitCoordinate];
    for (double g : PAIR_GRID) {
      if ((line.coordinate(unitCoordinate, g * h) - x[unitCoordinate]) * s != g * h) {
        return null; // checked before any point is evaluated
      }
    }
    double[][] y = new double[PAIR_GRID.length][];
    for (int i = 0; i < PAIR_GRID.length; i++) {
      double t = PAIR_GRID[i] * h;
      if (t == 0.0) {
        y[i] = f0;
        continue;
      }
      y[i] = at(t, true);
      if (y[i] == null) {
        return null;
      }
    }
    double[] c = companion.sharedCoefficients();
    double mass = companion.coefficientMass() / h;
    Attempt a = new Attempt(f0.length, companion, h);
    for (int r = 0; r < f0.length; r++) {
      double value = 0.0;
      double fourth = 0.0;
      double fmax = 0.0;
      for (int i = 0; i < PAIR_GRID.length; i++) {
        double dy = y[i][r] - f0[r]; // exact when close: no cancellation of its own (Σ c_i = 0)
        value += c[i] * dy;
        fourth += FOURTH_DIFFERENCE[i] * dy;
        if (PAIR_GRID[i] != 0.0) {
          fmax = Math.max(fmax, Math.abs(y[i][r]));
        }
      }
      a.values[r] = value / h;
      a.gap[r] = Math.abs(fourth) / (12 * h);
      a.truncation[r] = a.gap[r];
      a.level[r] = Math.max(2 * EPS * fmax, noise.at(fmax));
      a.mass[r] = mass;
      a.roundOff[r] = a.level[r] * mass;
      a.rowStep[r] = h;
      // the 3-point differences at h and 2h: in the asymptotic range they differ by ≈ h²|f‴|/2
      double d1 = (y[3][r] - y[1][r]) / (2 * h);
      double d2 = (y[4][r] - y[0][r]) / (4 * h);
      a.spread[r] = Math.abs(d2 - d1);
    }
    return a;
  }

  /**
   * Whether every row of {@code pair} (at step h) not within 4 round-off bars of zero is in its
   * asymptotic range: its 3-point differences at h and 2h agree to within a quarter of its value,
   * so its bar scales as h³ and its round-off as 1/h.
   */
  private static boolean asymptotic(Attempt pair) {
    for (int r = 0; r < pair.values.length; r++) {
      double value = Math.abs(pair.values[r]);
      if (value > 4 * pair.roundOff[r] && !(pair.spread[r] <= value / 4)) {
        return false;
      }
    }
    return true;
  }

  /**
   * The step at which to try an undecided {@code pair} (at step h) again when some row varies on a
   * scale shorter than h (is out of its {@link #asymptotic} range: sin at 10⁵, where h ≈ 24): h /
   * 2⁸; NaN when every row is in range.
   */
  double shorterPairStep(Attempt pair) {
    return asymptotic(pair) ? Double.NaN : pair.step * SHRINK;
  }

  /**
   * The step at which the pair is predicted to decide the column {@code pair} (at step h) left
   * undecided, or NaN when there is none: with every row in its {@link #asymptotic} range, the
   * power of two s·h, s ≠ 1, s ≤ 512, closest to h whose bar is at most {@code
   * relativeTarget}·|value| / 8 and whose round-off is at most half of {@code
   * relativeTarget}·|value| in every row not within 4 round-off bars of zero. The bar's excess over
   * the round-off bar is taken to scale as h³; a longer step is limited the same way by the spread
   * beyond rounding (f‴ resolved), and is unlimited up to 512× where neither is resolved (an output
   * large against its derivative, whose bar is all rounding).
   *
   * @param pair the undecided pair
   * @param relativeTarget the relative bar the decider accepts
   */
  double predictedPairStep(Attempt pair, double relativeTarget) {
    double[] range = pairStepRange(pair, relativeTarget);
    if (range == null) {
      return Double.NaN;
    }
    double low = range[0];
    double high = range[1];
    double s;
    if (low > 1) { // round-off needs a longer step: the shortest that is enough
      s = powerOfTwoAtMost(low) == low ? low : 2 * powerOfTwoAtMost(low);
    } else if (high < 1) { // truncation needs a shorter one: the longest that is enough
      s = powerOfTwoAtMost(high);
    } else { // predicted to decide at h already: something else declined it
      return Double.NaN;
    }
    return s >= low && s <= high && s <= MAX_GROWTH ? pair.step * s : Double.NaN;
  }

  /**
   * The step for columns like {@code pair}'s (decided at step h) to start at: the power of two s·h
   * at the geometric middle of the range [max(low, 1), high] in which its bars are predicted to
   * meet {@code relativeTarget} (as in {@link #predictedPairStep}; an open end counts as 64× the
   * other), so never shorter than h — a longer step leaves D₅ less round-off limited and other
   * columns more room for their rounding. h itself where there is no such range.
   */
  double centredPairStep(Attempt pair, double relativeTarget) {
    double[] range = pairStepRange(pair, relativeTarget);
    if (range == null) {
      return pair.step;
    }
    double low = Math.max(range[0], 1.0);
    double high = Math.min(range[1], 64 * low);
    if (!(low <= high)) {
      return pair.step;
    }
    return pair.step * Math.min(MAX_GROWTH, powerOfTwoAtMost(Math.sqrt(low * high)));
  }

  /**
   * The range [low, high] of factors s for which {@code pair}'s bars at s·h are predicted to meet
   * {@code relativeTarget} in every row not within 4 round-off bars of zero (see {@link
   * #predictedPairStep}), or null where some row is out of its asymptotic range.
   */
  private static double[] pairStepRange(Attempt pair, double relativeTarget) {
    if (!asymptotic(pair)) {
      return null;
    }
    double low = 0.0;
    double high = Double.POSITIVE_INFINITY;
    for (int r = 0; r < pair.values.length; r++) {
      double value = Math.abs(pair.values[r]);
      if (value <= 4 * pair.roundOff[r]) {
        continue;
      }
      double allowance = relativeTarget * value;
      // the 4th difference of rounding errors alone is at most 16/12·level/h < the round-off bar:
      // only the excess over it is truncation, scaling as h³ (none: unknown, the step may grow)
      double truncation = pair.gap[r] - pair.roundOff[r];
      if (truncation > 0) {
        high = Math.min(high, Math.cbrt(allowance / 8 / truncation));
      }
      // a longer step: where f‴ is resolved (the spread beyond rounding), as far as it allows
      double curvature = pair.spread[r] - 2 * pair.roundOff[r];
      if (curvature > 0) {
        high = Math.min(high, Math.max(1.0, Math.cbrt(allowance / 8 / curvature)));
      }
      low = Math.max(low, 2 * pair.roundOff[r] / allowance);
    }
    return new double[] {low, high};
  }

  /**
   * How far {@link #shorterPairStep} shrinks the pair's step when a row is out of its asymptotic
   * range.
   */
  private static final double SHRINK = 0x1p-8;

  /** The longest step {@link #predictedPairStep} predicts, over the pair's (64× the start step). */
  private static final double MAX_GROWTH = 512;

  /** The grid of the embedded pair (the central 5-point stencil, companion of central 7). */
  private static final double[] PAIR_GRID = {-2, -1, 0, 1, 2};

  /** The 4th difference on {@link #PAIR_GRID}: f₋₂ − 4f₋₁ + 6f₀ − 4f₁ + f₂. */
  private static final double[] FOURTH_DIFFERENCE = {1, -4, 6, -4, 1};

  // ---------------------------------------------------------------- step strategies

  /**
   * The step that balances round-off and the companion's truncation for derivatives of size |f|.
   */
  double initialStep(FiniteDifferenceMethod method) {
    int q = method.derivativeOrder();
    FiniteDifferenceMethod check = method.companion().orElse(method);
    double truncation = Math.abs(check.truncationConstant());
    int p = check.accuracyOrder();
    double h = Math.pow(2 * relativeNoise() * method.coefficientMass() / truncation, 1.0 / (p + q));
    return powerOfTwoAtMost(h * inputScale / directionNorm);
  }

  /**
   * The relative error of f's values the initial step balances: machine epsilon, or the declared
   * noise relative to |f(x)| (capped at 1e-4, so that a declared noise on a function that is zero
   * at x does not send the step to the scale of x).
   */
  private double relativeNoise() {
    if (noise.isNone()) {
      return EPS;
    }
    double fmax = 0.0;
    for (double v : f0) {
      fmax = Math.max(fmax, Math.abs(v));
    }
    double relative = fmax > 0 ? noise.at(fmax) / fmax : Double.POSITIVE_INFINITY;
    return Math.max(EPS, Math.min(1e-4, relative));
  }

  static double powerOfTwoAtMost(double h) {
    return Math.scalb(1.0, Math.getExponent(h));
  }

  /** The smallest step worth trying: offsets must stay far above the spacing of doubles near x. */
  private double minimumStep() {
    return Math.max(line.spacingNear(inputScale) * 64, Double.MIN_NORMAL) / directionNorm;
  }

  /** A fixed step h (Fixed / Scaled step sizes). Non-finite values are an error. */
  Attempt fixedStep(FiniteDifferenceMethod method, double h) {
    double step = h;
    FiniteDifferenceMethod chosen = fitting(method, step, true);
    while (chosen == null) {
      step /= 2;
      if (step < minimumStep()) {
        throw new StepUnderflowException(
            "no stencil of " + method + " fits inside " + domain + describe());
      }
      chosen = fitting(method, step, true);
    }
    return attempt(chosen, step, false);
  }

  /**
   * The adaptive step: starts at {@link #initialStep}, and while some row's truncation estimate
   * exceeds both its round-off bound and {@code relativeTarget}·|value|, moves to the step that
   * balances the two measured terms (and grows the step of resolved rows whose round-off bound
   * exceeds that target); backs off by 8 from points where f is not finite. Each row keeps the
   * attempt with its smallest error estimate.
   */
  Attempt adaptive(FiniteDifferenceMethod method, int maxAttempts, double relativeTarget) {
    int m = f0.length;
    double h = initialStep(method);
    double floor = minimumStep();
    Attempt best = null;
    java.util.List<Attempt> attempts = new java.util.ArrayList<>();
    int q = method.derivativeOrder();
    for (int attempt = 0; attempt < maxAttempts; attempt++) {
      FiniteDifferenceMethod chosen = fitting(method, h, true);
      while (chosen == null) {
        h /= 4;
        if (h < floor) {
          throw new StepUnderflowException(
              "no stencil of " + method + " fits inside " + domain + describe());
        }
        chosen = fitting(method, h, true);
      }
      boolean last = attempt == maxAttempts - 1 || h / 8 < floor;
      Attempt a = attempt(chosen, h, !last || best != null);
      if (a == null) {
        h /= 8;
        continue;
      }
      attempts.add(a);
      best = merge(best, a);
      double ratio = 1.0;
      double grow = GROWTH;
      double exponent = 1.0 / (checkOrder(chosen) + q);
      for (int r = 0; r < m; r++) {
        double magnitude = Math.abs(a.values[r]);
        double target = Math.max(a.roundOff[r], relativeTarget * magnitude);
        if (a.truncation[r] > target) {
          double balance = Math.pow(a.roundOff[r] / a.truncation[r], exponent) / 2;
          ratio = Math.min(ratio, Math.max(balance, 0x1p-12));
        } else if (a.truncation[r] < a.roundOff[r]
            && a.roundOff[r] > relativeTarget * magnitude
            && magnitude > 4 * a.roundOff[r]) {
          // a resolved but ill-conditioned row: round-off dominates, a longer step reduces it
          double balance =
              Math.pow(a.roundOff[r] / Math.max(a.truncation[r], Double.MIN_NORMAL), exponent);
          grow = Math.min(grow, balance);
        } else {
          grow = 1.0;
        }
      }
      double next;
      if (ratio < 1.0) {
        next = Math.max(powerOfTwoAtMost(h * Math.min(ratio, 0.5)), floor);
      } else if (grow >= 2 && !last) {
        next = h * powerOfTwoAtMost(grow);
      } else {
        break;
      }
      if (next == h) {
        break;
      }
      h = next;
    }
    if (best == null) {
      throw new IllegalStateException("adaptive step ended without an attempt" + describe());
    }
    if (!noise.isNone()) {
      poolNoise(best, attempts);
    }
    preferMovingRows(best, attempts);
    discountKinks(best, attempts);
    verify(best, attempts);
    return best;
  }

  /**
   * With declared noise, the measured noise of every attempt at the row's step or below is one more
   * sample of it (the highest difference at a smaller step holds even less curvature): each row's
   * round-off bound uses the largest per-point level those attempts saw, at the stencil the row's
   * value came from. Attempts at longer steps are left out, since curvature dominates theirs.
   */
  private static void poolNoise(Attempt best, java.util.List<Attempt> attempts) {
    for (int r = 0; r < best.values.length; r++) {
      double level = best.level[r];
      for (Attempt a : attempts) {
        if (a.step <= best.rowStep[r]) {
          level = Math.max(level, a.level[r]);
        }
      }
      best.roundOff[r] = Math.max(best.roundOff[r], level * best.mass[r]);
    }
  }

  /**
   * A row whose unresolved variation did not shrink although the step shrank by 64× or more is not
   * smooth at any scale: x sits on a kink (relu or |x| at 0). There the stencil estimates the
   * symmetric difference quotient, whose accuracy is what the companion difference and round-off
   * describe; the unresolved term is dropped so that the checker sees the (wrong-for-any-one-side)
   * value with a tight bar and its kink diagnosis can take over.
   */
  private static void discountKinks(Attempt best, java.util.List<Attempt> attempts) {
    Attempt first = attempts.get(0);
    for (int r = 0; r < best.values.length; r++) {
      if (best.unresolved[r] > 0
          && best.unresolved[r] >= 0.25 * first.unresolved[r]
          && attempts.get(attempts.size() - 1).step <= first.step / 64) {
        best.truncation[r] = best.gap[r];
        best.unresolved[r] = 0.0;
      }
    }
  }

  /**
   * If an earlier attempt disagrees with the chosen value beyond both error bars, either that
   * attempt was outside the asymptotic range or f is not smooth enough for the power law behind the
   * companion estimate (x^1.5 at 0). One more stencil at a quarter of the step tells them apart: a
   * row whose value moves by more than that stencil's own error bar gets 3× the move as its error
   * (the move is at least half the error for any convergence order ≥ 1/2).
   */
  private void verify(Attempt best, java.util.List<Attempt> attempts) {
    // rows may come from different steps (a long step suits rows that do not depend on u): each
    // step a disagreeing row came from is checked at its own quarter, never at another row's
    java.util.List<Double> steps = new java.util.ArrayList<>();
    boolean[] disagreeing = new boolean[best.values.length];
    for (int r = 0; r < best.values.length; r++) {
      for (Attempt a : attempts) {
        disagreeing[r] |= !a.flat[r] && disagrees(best, a, r);
      }
      if (disagreeing[r] && !steps.contains(best.rowStep[r])) {
        steps.add(best.rowStep[r]);
      }
    }
    for (double step : steps) {
      if (step / 4 < minimumStep() || !fits(best.method, step / 4, true)) {
        continue;
      }
      Attempt check = attempt(best.method, step / 4, true);
      if (check == null) {
        continue;
      }
      for (int r = 0; r < best.values.length; r++) {
        if (best.rowStep[r] != step) {
          continue;
        }
        double move =
            Math.abs(best.values[r] - check.values[r]) - check.roundOff[r] - best.roundOff[r];
        if (3 * move > best.error(r)) {
          best.truncation[r] = 3 * move;
        }
      }
    }
    // Two estimates that each agree with themselves at a quarter of their step yet disagree beyond
    // both bars leave the truth undecided between them: a function whose computed values are flat
    // between jumps far larger than its ulps (GELU's far tail, ½x·(1 + tanh u) with 1 + tanh u ≈
    // 1e-12 kept to 1e-16) looks perfectly smooth at tiny steps, with a slope that is not f′, and
    // its own quarter-step check agrees. The bar then reaches the other estimate's interval. (An
    // earlier estimate that moves beyond its bar at its own quarter step, e.g. a long step near a
    // singularity, was only outside the asymptotic range.)
    for (Attempt a : attempts) {
      Attempt quarter = null;
      for (int r = 0; r < best.values.length; r++) {
        if (!disagreeing[r]
            || !disagrees(best, a, r)
            || !(a.error(r) < Math.abs(a.values[r]) / 2)) {
          continue;
        }
        if (quarter == null) {
          if (a.step / 4 < minimumStep() || !fits(a.method, a.step / 4, true)) {
            break;
          }
          quarter = attempt(a.method, a.step / 4, true);
          if (quarter == null) {
            break;
          }
        }
        if (!disagrees(quarter, a, r)) {
          double gap = Math.abs(best.values[r] - a.values[r]);
          best.truncation[r] = Math.max(best.truncation[r], gap - a.error(r) - best.roundOff[r]);
        }
      }
    }
  }

  /** Whether row r of {@code a} and of {@code best} differ by more than both error bars. */
  private static boolean disagrees(Attempt best, Attempt a, int r) {
    return Math.abs(best.values[r] - a.values[r]) > a.error(r) + best.error(r);
  }

  /**
   * A row whose chosen estimate is flat — its stencil values equalled f(x) bit for bit — while at
   * some other step its values moved in a handful of equal jumps far above the ulp of f(x) takes
   * the best resolved (bar below half the value) estimate of an attempt at which it moved. Such a
   * function is computed through a rounded intermediate: naive softplus log(1 + eˣ) at x ≈ −27 is
   * constant to the last bit over 1e-6 and moves in steps of 2.2e-16, 1e12 ulps of its value, yet
   * its slope, 2e-12, shows at a step of 0.03; a flat stencil says nothing about f′ there. A row
   * that is flat where f is constant (relu's dead side, |x − c| + x left of c, a clamp) keeps its
   * flat estimate even when a longer step reaches past a kink: its values move by ulps of f(x) or
   * continuously, never in large equal jumps. So does a row flat at every step (an output that does
   * not depend on the input).
   */
  private void preferMovingRows(Attempt best, java.util.List<Attempt> attempts) {
    for (int r = 0; r < best.values.length; r++) {
      if (!best.flat[r] || f0[r] == 0.0 || !movesInQuanta(attempts, r)) {
        continue;
      }
      Attempt moving = null;
      for (Attempt a : attempts) {
        if (!a.flat[r]
            && a.error(r) < Math.abs(a.values[r]) / 2
            && (moving == null || a.error(r) < moving.error(r))) {
          moving = a;
        }
      }
      if (moving != null) {
        copyRow(best, moving, r);
      }
    }
  }

  /**
   * Whether, on the stencil of some attempt, row r's values differ from f(x) by whole multiples (at
   * most 512) of one quantum far above the ulp of f(x), and not all by 0.
   */
  private boolean movesInQuanta(java.util.List<Attempt> attempts, int r) {
    for (Attempt a : attempts) {
      if (a.flat[r]) {
        continue;
      }
      double[] grid = a.method.sharedGrid();
      double quantum = Double.POSITIVE_INFINITY;
      for (double g : grid) {
        double d = Math.abs(at(g * a.step, false)[r] - f0[r]);
        if (d > 0) {
          quantum = Math.min(quantum, d);
        }
      }
      // the smallest move may itself be a few quanta: try it divided by 1…8
      for (int parts = 1;
          parts <= 8 && quantum / parts > NOISE_CEILING * Math.ulp(f0[r]);
          parts++) {
        double q = quantum / parts;
        boolean whole = true;
        for (double g : grid) {
          double k = Math.abs(at(g * a.step, false)[r] - f0[r]) / q;
          whole &= k <= 512 && Math.abs(k - Math.rint(k)) <= 1e-3;
        }
        if (whole) {
          return true;
        }
      }
    }
    return false;
  }

  private static void copyRow(Attempt to, Attempt from, int r) {
    to.values[r] = from.values[r];
    to.truncation[r] = from.truncation[r];
    to.unresolved[r] = from.unresolved[r];
    to.gap[r] = from.gap[r];
    to.roundOff[r] = from.roundOff[r];
    to.level[r] = from.level[r];
    to.mass[r] = from.mass[r];
    to.rowStep[r] = from.rowStep[r];
    to.flat[r] = from.flat[r];
    to.spread[r] = from.spread[r];
  }

  /**
   * {@return {@code best}, each of whose rows {@code a} replaces where its error bar is smaller}
   * ({@code best} is modified; null: a copy of {@code a}). The stencil and step follow the attempt
   * that produced most rows. For pairs: an output that hardly depends on the input keeps the
   * round-off bar of the longer step.
   */
  static Attempt merge(Attempt best, Attempt a) {
    if (best == null) {
      Attempt copy = new Attempt(a.values.length, a.method, a.step);
      for (int r = 0; r < a.values.length; r++) {
        copyRow(copy, a, r);
      }
      return copy;
    }
    int wins = 0;
    for (int r = 0; r < a.values.length; r++) {
      if (a.error(r) < best.error(r)) {
        copyRow(best, a, r);
        wins++;
      }
    }
    if (2 * wins >= a.values.length && wins > 0) {
      // extrapolation continues from the stencil that produced most of the chosen rows
      best.method = a.method;
      best.step = a.step;
    }
    return best;
  }

  /**
   * Richardson extrapolation of {@code start.method} from 4× the step of {@code start} down by the
   * extrapolation ratio; rows whose tableau error (plus round-off at the finest step it used) beats
   * {@code start} take the extrapolated value.
   */
  Attempt extrapolate(Attempt start, RichardsonExtrapolation extrapolation) {
    FiniteDifferenceMethod method = start.method;
    double h0 = start.step * 2;
    while (h0 > start.step && !fits(method, h0, false)) {
      h0 /= 2;
    }
    int orderIncrement = isSymmetric(method.grid()) ? 2 : 1;
    int m = f0.length;
    double[][] roundOffs = new double[extrapolation.maxLevels()][];
    int[] level = {0};
    RichardsonExtrapolation.Tableau t;
    try {
      t =
          extrapolation.tableau(
              h -> {
                double[][] applied = apply(method, h, false);
                roundOffs[level[0]++] = applied[1];
                return applied[0];
              },
              h0,
              method.accuracyOrder(),
              orderIncrement,
              m);
    } catch (NonFiniteValueException | StepUnderflowException e) {
      return start;
    }
    for (int r = 0; r < m; r++) {
      if (Double.isInfinite(t.errors[r])) {
        continue;
      }
      double error = t.errors[r] + roundOffs[t.level[r]][r];
      if (error < start.error(r)
          && Math.abs(t.values[r] - start.values[r]) <= start.error(r) + error) {
        start.values[r] = t.values[r];
        start.truncation[r] = t.errors[r];
        start.roundOff[r] = roundOffs[t.level[r]][r];
        start.rowStep[r] = h0 / Math.pow(extrapolation.ratio(), t.level[r]);
      }
    }
    return start;
  }

  private static boolean isSymmetric(double[] grid) {
    double[] sorted = grid.clone();
    Arrays.sort(sorted);
    for (int i = 0; i < sorted.length; i++) {
      if (sorted[i] != -sorted[sorted.length - 1 - i]) {
        return false;
      }
    }
    return true;
  }
}
