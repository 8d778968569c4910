package org.gradcheck.numeric;

import java.util.Arrays;
import java.util.function.UnaryOperator;
import org.apiguardian.api.API;

/**
 * The line t ↦ x + t·u through a base point x along a direction u: the one place where the engine
 * (and the tools built on it, such as a step sweep of g(t) = vᵀf(x + t·u)) turns a perturbation t
 * into a point. Only the coordinates where u is non-zero move. If the function sees its inputs in a
 * narrower floating-point format (float32: 24 significant bits), every moving coordinate is rounded
 * to that format here, so that the points the function is given and the offsets a stencil uses are
 * the same numbers. Immutable: {@link #through(double[], double[])} copies its arguments.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class Line {
  /** Significant bits of a double. */
  public static final int DOUBLE_PRECISION = 53;

  /** Significant bits of a float (float32). */
  public static final int FLOAT_PRECISION = 24;

  private final double[] x;
  private final double[] u;

  /** The coordinates where u is non-zero, ascending; null when that is every coordinate. */
  private final int[] support;

  private final int precision;

  /** The caller's direction is this line's direction times {@code perUnit} (1 unless scaled). */
  private final double perUnit;

  private Line(double[] x, double[] u, int[] support, int precision) {
    this(x, u, support, precision, 1.0);
  }

  private Line(double[] x, double[] u, int[] support, int precision, double perUnit) {
    this.x = x;
    this.u = u;
    this.support = support;
    this.precision = precision;
    this.perUnit = perUnit;
  }

  /**
   * The line through {@code x} along {@code u} in double precision. Both arrays are copied, not
   * modified.
   *
   * @throws NullPointerException if x or u is null
   * @throws IllegalArgumentException if x is empty or u has another length than x
   * @throws InvalidInputException if an entry of x or u is not finite (naming the index)
   */
  public static Line through(double[] x, double[] u) {
    java.util.Objects.requireNonNull(x, "input x");
    java.util.Objects.requireNonNull(u, "direction u");
    if (x.length == 0) {
      throw new IllegalArgumentException("input x is empty; expected at least one coordinate");
    }
    if (u.length != x.length) {
      throw new IllegalArgumentException(
          "direction u has length " + u.length + ", expected " + x.length + " (length of x)");
    }
    int nonZero = 0;
    for (int k = 0; k < x.length; k++) {
      if (!Double.isFinite(x[k])) {
        throw new InvalidInputException(
            "input x[" + k + "] = " + x[k] + " is not finite; expected a finite number", k);
      }
      if (!Double.isFinite(u[k])) {
        throw new InvalidInputException(
            "direction u[" + k + "] = " + u[k] + " is not finite; expected a finite number", k);
      }
      nonZero += u[k] != 0.0 ? 1 : 0;
    }
    int[] support = nonZero == u.length ? null : supportOf(u, nonZero);
    return new Line(x.clone(), u.clone(), support, DOUBLE_PRECISION);
  }

  /**
   * A line over the caller's arrays (not copied: the engine's own read-only copies); {@code
   * coordinate} = j when u is known to be the unit vector e_j (no scan of u), else −1.
   */
  static Line shared(double[] x, double[] u, int coordinate, int precision) {
    int[] support = coordinate >= 0 ? new int[] {coordinate} : supportOf(u, -1);
    return new Line(x, u, support, precision);
  }

  /**
   * The non-zero coordinates of u ({@code count} of them, or −1 if not yet counted); null when
   * every coordinate is non-zero (the moving loops then run over all of x without an index array).
   */
  private static int[] supportOf(double[] u, int count) {
    if (count < 0) {
      count = 0;
      for (double v : u) {
        if (v != 0.0) {
          count++;
        }
      }
    }
    if (count == u.length) {
      return null;
    }
    int[] s = new int[count];
    int k = 0;
    for (int j = 0; j < u.length; j++) {
      if (u[j] != 0.0) {
        s[k++] = j;
      }
    }
    return s;
  }

  /**
   * The same line for a function that sees its inputs with {@code bits} significant bits (24 for
   * float32, 53 for double): moving coordinates are rounded to nearest (ties to even) at that
   * precision.
   *
   * @throws IllegalArgumentException if bits is outside 2 to 53
   */
  public Line withInputPrecision(int bits) {
    checkPrecision(bits);
    return new Line(x, u, support, bits, perUnit);
  }

  /**
   * The same line with its direction rescaled so that steps are measured in the Euclidean norm: d =
   * u·σ/‖u‖₂ with σ = max(1, the u-weighted RMS of x). A random direction over n coordinates then
   * moves x by as much as one coordinate step does, not √n times more; {@link #derivative} still
   * returns the derivative along the caller's u.
   */
  public Line euclidean() {
    double norm2 = 0;
    double weighted = 0;
    int count = support == null ? u.length : support.length;
    for (int s = 0; s < count; s++) {
      int k = support == null ? s : support[s];
      double uu = u[k] * u[k];
      norm2 += uu;
      weighted += uu * x[k] * x[k];
    }
    if (norm2 == 0) {
      return this;
    }
    double factor = Math.max(1.0, Math.sqrt(weighted / norm2)) / Math.sqrt(norm2);
    double[] d = new double[u.length];
    if (support == null) {
      for (int k = 0; k < u.length; k++) {
        d[k] = u[k] * factor;
      }
    } else {
      for (int k : support) {
        d[k] = u[k] * factor;
      }
    }
    return new Line(x, d, support, precision, perUnit * factor);
  }

  /** True if the direction is zero: the line is the single point x. */
  public boolean isPoint() {
    return support != null && support.length == 0;
  }

  /**
   * The interval of t for which x + t·u stays inside {@code domain} in every moving coordinate, as
   * a one-coordinate domain of the parameter t (unbounded if the domain is).
   *
   * @throws InvalidInputException if x itself lies outside the domain, or the domain leaves no room
   *     to move along u
   */
  public Domain parameterDomain(Domain domain) {
    java.util.Objects.requireNonNull(domain, "domain");
    if (!domain.isBounded() || isPoint()) {
      return Domain.unbounded();
    }
    double lo = Double.NEGATIVE_INFINITY;
    double hi = Double.POSITIVE_INFINITY;
    for (int k : moving()) {
      double a = (domain.lower(k) - x[k]) / u[k];
      double b = (domain.upper(k) - x[k]) / u[k];
      lo = Math.max(lo, Math.min(a, b));
      hi = Math.min(hi, Math.max(a, b));
    }
    if (!(lo <= 0 && hi >= 0)) {
      throw new InvalidInputException("x lies outside the declared domain " + domain, -1);
    }
    if (!(lo < hi)) {
      throw new InvalidInputException(
          "the domain " + domain + " leaves no room to move from x along the direction", -1);
    }
    return Domain.unbounded().withBounds(0, lo, hi);
  }

  /**
   * The derivative of {@code g} along the caller's direction at x: the engine differentiates the
   * one-variable function t ↦ g(x + t·u) at t = 0 inside the engine's domain (mapped onto t), and
   * the result is rescaled to the caller's u if this line was made {@link #euclidean()}. {@code
   * gAtX} = g(x) if already known (the evaluation at t = 0 then returns a copy of it), else null.
   * Arrays given are not modified; g is called from this thread only.
   *
   * @throws NumericDifferentiationException as the engine does
   */
  public DirectionalDerivative derivative(
      NumericDifferentiator engine, UnaryOperator<double[]> g, double[] gAtX) {
    java.util.Objects.requireNonNull(engine, "engine");
    java.util.Objects.requireNonNull(g, "function");
    if (isPoint()) {
      int m = gAtX != null ? gAtX.length : g.apply(x.clone()).length;
      return new DirectionalDerivative(new double[m], new double[m], gAtX != null ? 0 : 1);
    }
    double[] work = x.clone();
    UnaryOperator<double[]> along =
        z -> {
          moveTo(z[0], work);
          return g.apply(work);
        };
    UnaryOperator<double[]> alongFromX =
        gAtX == null ? along : z -> z[0] == 0.0 ? gAtX.clone() : along.apply(z);
    NumericDifferentiator lineEngine =
        engine.domain().isBounded() ? engine.withDomain(parameterDomain(engine.domain())) : engine;
    DirectionalDerivative d =
        lineEngine.directional(alongFromX, new double[] {0.0}, new double[] {1.0});
    double back = 1.0 / perUnit;
    double[] values = d.values().clone();
    double[] errors = d.errors().clone();
    double[] steps = d.steps().clone();
    double[] roundOff = d.roundOff().clone();
    for (int i = 0; i < values.length; i++) {
      values[i] *= back;
      errors[i] *= back;
      roundOff[i] *= back;
      steps[i] *= perUnit; // x + t·d = x + (t·perUnit)·u: a step along the caller's u
    }
    return new DirectionalDerivative(values, errors, d.evaluations(), steps, roundOff);
  }

  /**
   * Writes x + t·u into {@code work} (which must hold x on the coordinates that do not move, e.g. a
   * copy of x reused between calls) and returns it.
   */
  public double[] pointInto(double t, double[] work) {
    moveTo(t, work);
    return work;
  }

  static void checkPrecision(int bits) {
    if (bits < 2 || bits > DOUBLE_PRECISION) {
      throw new IllegalArgumentException(
          "input precision of " + bits + " significant bits; expected 2 to " + DOUBLE_PRECISION);
    }
  }

  /** The number of coordinates of a point. */
  public int dimension() {
    return x.length;
  }

  /** The significant bits the moving coordinates are rounded to (53: none). */
  public int inputPrecision() {
    return precision;
  }

  /**
   * Coordinate k of x + t·u (rounded to the input precision if it moves); x_k itself where u_k = 0.
   *
   * @throws ArrayIndexOutOfBoundsException if k is not a coordinate
   */
  public double coordinate(int k, double t) {
    if (u[k] == 0.0) {
      return x[k];
    }
    return round(x[k] + t * u[k], precision);
  }

  /** The point x + t·u as a fresh array (the caller may modify it). */
  public double[] point(double t) {
    double[] p = x.clone();
    moveTo(t, p);
    return p;
  }

  /**
   * Writes the moving coordinates of x + t·u into {@code work}, which holds x elsewhere (the engine
   * copies x back after every evaluation, since f may scribble on its input).
   */
  void moveTo(double t, double[] work) {
    if (support != null) {
      for (int k : support) {
        work[k] = coordinate(k, t);
      }
    } else if (precision >= DOUBLE_PRECISION) {
      for (int k = 0; k < work.length; k++) {
        work[k] = x[k] + t * u[k]; // what coordinate(k, t) is without rounding: one tight loop
      }
    } else {
      for (int k = 0; k < work.length; k++) {
        work[k] = coordinate(k, t);
      }
    }
  }

  /** The moving coordinates as an index array (made here when they are all of x). */
  private int[] moving() {
    if (support != null) {
      return support;
    }
    int[] all = new int[x.length];
    for (int k = 0; k < all.length; k++) {
      all[k] = k;
    }
    return all;
  }

  /** Whether x + t·u differs from x in at least one coordinate. */
  public boolean moves(double t) {
    for (int k : moving()) {
      if (coordinate(k, t) != x[k]) {
        return true;
      }
    }
    return false;
  }

  /**
   * The spacing of representable inputs near |v| at the input precision (the ulp of v with {@link
   * #inputPrecision()} significant bits).
   */
  double spacingNear(double v) {
    return Math.scalb(
        Math.ulp(Math.max(Math.abs(v), Double.MIN_NORMAL)), DOUBLE_PRECISION - precision);
  }

  /** v rounded to nearest (ties to even) with {@code bits} significant bits. */
  static double round(double v, int bits) {
    if (bits >= DOUBLE_PRECISION || v == 0.0 || !Double.isFinite(v)) {
      return v;
    }
    int exponent = Math.max(Math.getExponent(v), Double.MIN_EXPONENT) - (bits - 1);
    return Math.scalb(Math.rint(Math.scalb(v, -exponent)), exponent);
  }

  @Override
  public String toString() {
    return "line through "
        + NumericDifferentiator.summary(x)
        + " along "
        + NumericDifferentiator.summary(u)
        + (precision == DOUBLE_PRECISION ? "" : " (inputs rounded to " + precision + " bits)")
        + " moving "
        + (support == null
            ? "every coordinate"
            : Arrays.toString(support.length <= 6 ? support : Arrays.copyOf(support, 6)));
  }
}
