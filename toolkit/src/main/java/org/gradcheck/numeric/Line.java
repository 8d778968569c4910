package org.gradcheck.numeric;

import java.util.Objects;
import java.util.function.UnaryOperator;
import org.apiguardian.api.API;

/**
 * The line t ↦ x + t·d through x along a direction u, with d = u·σ/‖u‖₂ and σ = max(1, the
 * u-weighted RMS of x): steps along it are measured in the Euclidean norm, so a random direction
 * over n coordinates moves x by as much as one coordinate step does, not √n times more. The one
 * place that writes "x + t·u" for directional checks (probes, localisation, kink searches, step
 * sweeps). Immutable; {@code x} and {@code u} are copied.
 *
 * <pre>{@code
 * Line line = Line.through(x, u);
 * DirectionalDerivative ju = line.derivative(engine, f, fAtX);   // J·u, rescaled to u
 * }</pre>
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.2")
public final class Line {
  private final double[] x;
  private final double[] u;

  /** Indices where u ≠ 0, or null when u is dense (most coordinates non-zero). */
  private final int[] support;

  /** d = u·factor on the support (dense: all n coordinates). */
  private final double[] direction;

  private final double factor;

  private Line(double[] x, double[] u) {
    this.x = x;
    this.u = u;
    double norm2 = 0;
    double weighted = 0;
    int nonZero = 0;
    for (int k = 0; k < u.length; k++) {
      if (u[k] != 0) {
        norm2 += u[k] * u[k];
        weighted += u[k] * u[k] * x[k] * x[k];
        nonZero++;
      }
    }
    double norm = Math.sqrt(norm2);
    this.factor = norm2 == 0 ? 0 : Math.max(1.0, Math.sqrt(weighted / norm2)) / norm;
    if (nonZero * 4L >= u.length) {
      support = null;
      direction = new double[u.length];
      for (int k = 0; k < u.length; k++) {
        direction[k] = u[k] * factor;
      }
    } else {
      support = new int[nonZero];
      direction = new double[nonZero];
      int next = 0;
      for (int k = 0; k < u.length; k++) {
        if (u[k] != 0) {
          support[next] = k;
          direction[next++] = u[k] * factor;
        }
      }
    }
  }

  /**
   * The line through {@code x} along {@code u}.
   *
   * @throws IllegalArgumentException if the lengths differ or a value is not finite
   */
  public static Line through(double[] x, double[] u) {
    Objects.requireNonNull(x, "point x");
    Objects.requireNonNull(u, "direction u");
    if (u.length != x.length) {
      throw new IllegalArgumentException(
          "direction u has length " + u.length + ", expected " + x.length + " (length of x)");
    }
    for (int k = 0; k < x.length; k++) {
      if (!Double.isFinite(x[k]) || !Double.isFinite(u[k])) {
        throw new IllegalArgumentException(
            "x[" + k + "] = " + x[k] + ", u[" + k + "] = " + u[k] + "; expected finite numbers");
      }
    }
    return new Line(x.clone(), u.clone());
  }

  /** True if u is zero: the line is the single point x. */
  public boolean isPoint() {
    return factor == 0;
  }

  /**
   * Writes x + t·d into {@code out} (length n, holding x on the coordinates outside the support
   * from an earlier call or a copy of x) and returns it.
   */
  public double[] point(double t, double[] out) {
    if (support == null) {
      for (int k = 0; k < out.length; k++) {
        out[k] = x[k] + t * direction[k];
      }
    } else {
      for (int s = 0; s < support.length; s++) {
        int k = support[s];
        out[k] = x[k] + t * direction[s];
      }
    }
    return out;
  }

  /** x + t·u itself (not the scaled direction): the point a step sweep of u evaluates. */
  public double[] pointAlongU(double t) {
    double[] p = x.clone();
    for (int k = 0; k < p.length; k++) {
      if (u[k] != 0) {
        p[k] = x[k] + t * u[k];
      }
    }
    return p;
  }

  /**
   * The interval of t for which x + t·d stays inside {@code domain} in every coordinate, as a
   * one-coordinate domain of the parameter t (unbounded if the domain is).
   */
  public Domain parameterDomain(Domain domain) {
    Objects.requireNonNull(domain, "domain");
    if (!domain.isBounded() || isPoint()) {
      return Domain.unbounded();
    }
    double lo = Double.NEGATIVE_INFINITY;
    double hi = Double.POSITIVE_INFINITY;
    int count = support == null ? x.length : support.length;
    for (int s = 0; s < count; s++) {
      int k = support == null ? s : support[s];
      double d = direction[s];
      if (d == 0) {
        continue;
      }
      double a = (domain.lower(k) - x[k]) / d;
      double b = (domain.upper(k) - x[k]) / d;
      lo = Math.max(lo, Math.min(a, b));
      hi = Math.min(hi, Math.max(a, b));
    }
    if (!(lo <= 0 && hi >= 0)) {
      throw new InvalidInputException("x lies outside the declared domain " + domain, -1);
    }
    if (lo == hi) {
      throw new InvalidInputException(
          "the domain " + domain + " leaves no room to move from x along the direction", -1);
    }
    return Domain.unbounded().withBounds(0, lo, hi);
  }

  /**
   * J·u of {@code g} at x: the engine differentiates the one-variable function t ↦ g(x + t·d) at t
   * = 0 inside the engine's domain, and the result is rescaled from d to u. {@code gAtX} = g(x) if
   * already known (the evaluation at t = 0 then returns a copy of it), else null. Evaluations are
   * those of the engine (g is called from this thread only).
   */
  public DirectionalDerivative derivative(
      NumericDifferentiator engine, UnaryOperator<double[]> g, double[] gAtX) {
    Objects.requireNonNull(engine, "engine");
    Objects.requireNonNull(g, "function");
    if (isPoint()) {
      int m = gAtX != null ? gAtX.length : g.apply(x.clone()).length;
      return new DirectionalDerivative(new double[m], new double[m], gAtX != null ? 0 : 1);
    }
    double[] scratch = x.clone();
    UnaryOperator<double[]> along = z -> g.apply(point(z[0], scratch));
    UnaryOperator<double[]> alongFromX =
        gAtX == null ? along : z -> z[0] == 0.0 ? gAtX.clone() : along.apply(z);
    NumericDifferentiator lineEngine =
        engine.domain().isBounded() ? engine.withDomain(parameterDomain(engine.domain())) : engine;
    DirectionalDerivative d =
        lineEngine.directional(alongFromX, new double[] {0.0}, new double[] {1.0});
    double back = 1.0 / factor;
    double[] values = d.values().clone();
    double[] errors = d.errors().clone();
    for (int i = 0; i < values.length; i++) {
      values[i] *= back;
      errors[i] *= back;
    }
    return new DirectionalDerivative(values, errors, d.evaluations());
  }
}
