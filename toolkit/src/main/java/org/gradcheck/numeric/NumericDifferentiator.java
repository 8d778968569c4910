package org.gradcheck.numeric;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.DoubleUnaryOperator;
import org.apiguardian.api.API;
import org.ejml.data.DMatrixRMaj;
import org.gradcheck.VectorFunction;

/**
 * The numeric differentiation engine: derivatives, directional derivatives J·u and Jacobians of
 * vector functions, each with an error estimate and an evaluation count. Immutable; configure with
 * the {@code with…} methods.
 *
 * <p>Baseline implementation: Ridders' extrapolation of central differences. Parallel evaluation
 * over columns is opt-in ({@link #withThreads(int)}); each worker owns its own copy of x, and
 * results are delivered in column order, identical to the sequential run.
 */
@API(status = API.Status.STABLE)
public final class NumericDifferentiator {
  private static final double CON = 1.4;
  private static final double CON2 = CON * CON;
  private static final int TABLEAU = 10;
  private static final double SAFE = 2.0;
  private static final double EPS = Math.ulp(1.0);

  private final double initialStep;
  private final int threads;

  private NumericDifferentiator(double initialStep, int threads) {
    this.initialStep = initialStep;
    this.threads = threads;
  }

  /** The default engine. */
  public static NumericDifferentiator defaults() {
    return new NumericDifferentiator(0.05, 1);
  }

  /** Receives one Jacobian column at a time, in ascending column order. */
  @API(status = API.Status.STABLE)
  @FunctionalInterface
  public interface ColumnConsumer {
    /** Called once per requested column, in the order the columns were requested. */
    void accept(int column, DirectionalDerivative derivative);
  }

  /**
   * The same engine evaluating columns on {@code threads} threads (1 = sequential). Opt in only if
   * the function is thread-safe.
   */
  public NumericDifferentiator withThreads(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be ≥ 1, got " + threads);
    }
    return new NumericDifferentiator(initialStep, threads);
  }

  /** Number of threads used over columns. */
  public int threads() {
    return threads;
  }

  /** The derivative of a scalar function of one variable at x. */
  public Derivative derivative(DoubleUnaryOperator f, double x) {
    Objects.requireNonNull(f, "function");
    VectorFunction g = v -> new double[] {f.applyAsDouble(v[0])};
    DirectionalDerivative d = partial(g, new double[] {x}, 0);
    return new Derivative(d.values()[0], d.errors()[0], d.evaluations());
  }

  /** One Jacobian column ∂f/∂x_j at x. {@code x} is not modified. */
  public DirectionalDerivative partial(VectorFunction f, double[] x, int j) {
    checkInput(f, x);
    if (j < 0 || j >= x.length) {
      throw new IllegalArgumentException(
          "column " + j + " outside the input of length " + x.length);
    }
    double[] u = new double[x.length];
    u[j] = 1.0;
    int m = baseValue(f, x).length;
    return directionalUnchecked(f, x.clone(), u, m);
  }

  /** The directional derivative J·u at x (one stencil, independent of n). Arguments unmodified. */
  public DirectionalDerivative directional(VectorFunction f, double[] x, double[] u) {
    checkInput(f, x);
    Objects.requireNonNull(u, "direction u");
    if (u.length != x.length) {
      throw new IllegalArgumentException(
          "direction u has length " + u.length + ", expected " + x.length + " (length of x)");
    }
    checkFinite(u, "direction u");
    int m = baseValue(f, x).length;
    return directionalUnchecked(f, x.clone(), u.clone(), m);
  }

  /** The full numeric Jacobian at x. */
  public NumericJacobian jacobian(VectorFunction f, double[] x) {
    checkInput(f, x);
    int m = baseValue(f, x).length;
    int n = x.length;
    DMatrixRMaj values = new DMatrixRMaj(m, n);
    DMatrixRMaj errors = new DMatrixRMaj(m, n);
    long[] evaluations = {1};
    int[] columns = new int[n];
    for (int j = 0; j < n; j++) {
      columns[j] = j;
    }
    forEachColumn(
        f,
        x,
        columns,
        (j, d) -> {
          for (int i = 0; i < m; i++) {
            values.unsafe_set(i, j, d.values()[i]);
            errors.unsafe_set(i, j, d.errors()[i]);
          }
          evaluations[0] += d.evaluations();
        });
    return new NumericJacobian(values, errors, evaluations[0]);
  }

  /**
   * Computes the requested Jacobian columns and hands each to {@code consumer} in the order given,
   * without keeping more than a block of columns in memory.
   */
  public void forEachColumn(VectorFunction f, double[] x, int[] columns, ColumnConsumer consumer) {
    checkInput(f, x);
    Objects.requireNonNull(columns, "columns");
    Objects.requireNonNull(consumer, "consumer");
    for (int k = 0; k < columns.length; k++) {
      if (columns[k] < 0 || columns[k] >= x.length) {
        throw new IllegalArgumentException(
            "columns[" + k + "] = " + columns[k] + " outside the input of length " + x.length);
      }
    }
    int m = baseValue(f, x).length;
    if (threads == 1 || columns.length < 2) {
      double[] work = x.clone();
      for (int column : columns) {
        double[] u = new double[x.length];
        u[column] = 1.0;
        consumer.accept(column, directionalUnchecked(f, work, u, m));
      }
      return;
    }
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      int block = 16 * threads;
      for (int start = 0; start < columns.length; start += block) {
        int end = Math.min(columns.length, start + block);
        List<Future<DirectionalDerivative>> futures = new ArrayList<>();
        for (int k = start; k < end; k++) {
          int column = columns[k];
          futures.add(
              pool.submit(
                  () -> {
                    double[] u = new double[x.length];
                    u[column] = 1.0;
                    return directionalUnchecked(f, x.clone(), u, m);
                  }));
        }
        for (int k = start; k < end; k++) {
          consumer.accept(columns[k], await(futures.get(k - start)));
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static DirectionalDerivative await(Future<DirectionalDerivative> future) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new NumericDifferentiationException("interrupted while differentiating", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new NumericDifferentiationException("differentiation failed", e.getCause());
    }
  }

  /** Ridders extrapolation along u; {@code work} is a scratch copy of x restored on exit. */
  private DirectionalDerivative directionalUnchecked(
      VectorFunction f, double[] work, double[] u, int m) {
    double scale = 1.0;
    double unorm = 0.0;
    for (int j = 0; j < work.length; j++) {
      if (u[j] != 0.0) {
        scale = Math.max(scale, Math.abs(work[j]));
        unorm = Math.max(unorm, Math.abs(u[j]));
      }
    }
    double[] values = new double[m];
    double[] errors = new double[m];
    if (unorm == 0.0) {
      return new DirectionalDerivative(values, errors, 0);
    }
    double[] base = work.clone();
    double h = initialStep * scale / unorm;
    double[][][] a = new double[TABLEAU][TABLEAU][];
    java.util.Arrays.fill(errors, Double.MAX_VALUE);
    boolean[] done = new boolean[m];
    double[] fmax = new double[m];
    long evaluations = 0;
    for (int i = 0; i < TABLEAU; i++) {
      if (i > 0) {
        h /= CON;
      }
      double[] plus = evaluate(f, work, base, u, h, m);
      double[] minus = evaluate(f, work, base, u, -h, m);
      evaluations += 2;
      double[] central = new double[m];
      for (int r = 0; r < m; r++) {
        central[r] = (plus[r] - minus[r]) / (2 * h);
        fmax[r] = Math.max(fmax[r], Math.max(Math.abs(plus[r]), Math.abs(minus[r])));
      }
      a[0][i] = central;
      double fac = CON2;
      for (int j = 1; j <= i; j++) {
        double[] prev = a[j - 1][i];
        double[] prevDiag = a[j - 1][i - 1];
        double[] next = new double[m];
        for (int r = 0; r < m; r++) {
          next[r] = (prev[r] * fac - prevDiag[r]) / (fac - 1.0);
          if (done[r]) {
            continue;
          }
          double err = Math.max(Math.abs(next[r] - prev[r]), Math.abs(next[r] - prevDiag[r]));
          if (err <= errors[r]) {
            errors[r] = err;
            values[r] = next[r];
          }
        }
        a[j][i] = next;
        fac *= CON2;
      }
      if (i == 0) {
        for (int r = 0; r < m; r++) {
          values[r] = central[r];
        }
        continue;
      }
      boolean all = true;
      for (int r = 0; r < m; r++) {
        if (!done[r] && Math.abs(a[i][i][r] - a[i - 1][i - 1][r]) >= SAFE * errors[r]) {
          done[r] = true;
        }
        all &= done[r];
      }
      if (all) {
        break;
      }
    }
    for (int r = 0; r < m; r++) {
      double roundOff = 4 * EPS * fmax[r] / h;
      errors[r] = Math.max(errors[r], roundOff) + EPS * Math.abs(values[r]);
    }
    return new DirectionalDerivative(values, errors, evaluations);
  }

  private static double[] evaluate(
      VectorFunction f, double[] work, double[] base, double[] u, double t, int m) {
    for (int j = 0; j < work.length; j++) {
      work[j] = base[j] + t * u[j];
    }
    double[] y;
    try {
      y = f.apply(work);
    } catch (RuntimeException e) {
      throw new NumericDifferentiationException(
          "function threw " + e + " at x + " + t + "·u (x = " + summary(base) + ")", e);
    } finally {
      System.arraycopy(base, 0, work, 0, work.length);
    }
    if (y == null) {
      throw new NumericDifferentiationException(
          "function returned null at x + " + t + "·u (x = " + summary(base) + ")");
    }
    if (y.length != m) {
      throw new NumericDifferentiationException(
          "function result length changed from "
              + m
              + " at the base point to "
              + y.length
              + " at x + "
              + t
              + "·u");
    }
    return y;
  }

  private static double[] baseValue(VectorFunction f, double[] x) {
    double[] y;
    try {
      y = f.apply(x.clone());
    } catch (RuntimeException e) {
      throw new NumericDifferentiationException(
          "function threw " + e + " at the base point x = " + summary(x), e);
    }
    if (y == null) {
      throw new NumericDifferentiationException(
          "function returned null at the base point x = " + summary(x));
    }
    for (int i = 0; i < y.length; i++) {
      if (!Double.isFinite(y[i])) {
        throw new NumericDifferentiationException(
            "function value f[" + i + "] = " + y[i] + " is not finite at the base point");
      }
    }
    return y;
  }

  private static void checkInput(VectorFunction f, double[] x) {
    Objects.requireNonNull(f, "function");
    Objects.requireNonNull(x, "input x");
    if (x.length == 0) {
      throw new IllegalArgumentException("input x is empty; expected at least one coordinate");
    }
    checkFinite(x, "input x");
  }

  private static void checkFinite(double[] v, String name) {
    for (int j = 0; j < v.length; j++) {
      if (!Double.isFinite(v[j])) {
        throw new IllegalArgumentException(
            name + "[" + j + "] = " + v[j] + " is not finite; expected a finite number");
      }
    }
  }

  private static String summary(double[] x) {
    if (x.length <= 6) {
      return java.util.Arrays.toString(x);
    }
    return "[" + x[0] + ", " + x[1] + ", " + x[2] + ", …] (length " + x.length + ")";
  }
}
