package org.gradcheck.verdict;

import static org.junit.jupiter.api.Assertions.fail;

import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.gradcheck.CheckReport;
import org.gradcheck.GradientChecker;
import org.gradcheck.JacobianVectorProduct;
import org.gradcheck.Mode;
import org.gradcheck.Robustness;
import org.gradcheck.VectorFunction;
import org.gradcheck.VectorJacobianProduct;

/**
 * Small functions with exact derivatives (and their typical wrong versions) shared by the verdict
 * acceptance tests, plus helpers for checkers, failure messages and the builder knobs that the
 * orchestrator fix adds (reached by reflection, so that this package compiles before the fix).
 */
final class VerdictFunctions {
  private VerdictFunctions() {}

  // ---- checkers and messages ---------------------------------------------------------------

  /** A checker in {@code mode} with the given seed and default everything else. */
  static GradientChecker checker(Mode mode, long seed) {
    return GradientChecker.builder().mode(mode).seed(seed).build();
  }

  /** A checker in {@code mode} with the given seed and robustness settings. */
  static GradientChecker checker(Mode mode, long seed, Robustness robustness) {
    return GradientChecker.builder().mode(mode).seed(seed).robustness(robustness).build();
  }

  /** The failure message: the seed and mode first, then the whole report. */
  static String context(long seed, Mode mode, CheckReport report) {
    return "seed " + seed + ", mode " + mode + "\n" + report;
  }

  /** The failure message when there is no report. */
  static String context(long seed, Mode mode, String what) {
    return "seed " + seed + ", mode " + mode + ": " + what;
  }

  // ---- knobs added by the fix (reflection) -------------------------------------------------

  /** {@code builder.autoFullColumns(columns)}; fails the test if the knob does not exist yet. */
  static GradientChecker.Builder autoFullColumns(GradientChecker.Builder builder, int columns) {
    Method m;
    try {
      m = GradientChecker.Builder.class.getMethod("autoFullColumns", int.class);
    } catch (NoSuchMethodException e) {
      return fail("GradientChecker.Builder.autoFullColumns(int) does not exist (yet)");
    }
    try {
      return (GradientChecker.Builder) m.invoke(builder, columns);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new AssertionError(e.getCause());
    } catch (IllegalAccessException e) {
      throw new AssertionError(e);
    }
  }

  /** {@code GradientChecker.DEFAULT_AUTO_FULL_COLUMNS}; fails the test if it does not exist yet. */
  static int defaultAutoFullColumns() {
    try {
      Field field = GradientChecker.class.getField("DEFAULT_AUTO_FULL_COLUMNS");
      return field.getInt(null);
    } catch (NoSuchFieldException e) {
      return fail("GradientChecker.DEFAULT_AUTO_FULL_COLUMNS does not exist (yet)");
    } catch (IllegalAccessException e) {
      throw new AssertionError(e);
    }
  }

  // ---- points --------------------------------------------------------------------------------

  /**
   * A point of length n whose coordinates are ±[0.1, 2] (never near 0), except {@code zeros}
   * coordinates at seeded positions that are exactly 0.
   */
  static double[] reluPoint(int n, int zeros, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double[] x = new double[n];
    for (int j = 0; j < n; j++) {
      double magnitude = 0.1 + 1.9 * random.nextDouble();
      x[j] = random.nextBoolean() ? magnitude : -magnitude;
    }
    int[] index = new int[n];
    for (int j = 0; j < n; j++) {
      index[j] = j;
    }
    for (int k = 0; k < zeros; k++) {
      int pick = k + random.nextInt(n - k);
      int t = index[k];
      index[k] = index[pick];
      index[pick] = t;
      x[index[k]] = 0.0;
    }
    return x;
  }

  /** A smooth-function point: n coordinates uniform in [−1.5, 1.5]. */
  static double[] point(int n, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double[] x = new double[n];
    for (int j = 0; j < n; j++) {
      x[j] = -1.5 + 3.0 * random.nextDouble();
    }
    return x;
  }

  /** How many coordinates of x are exactly 0. */
  static int zerosIn(double[] x) {
    int count = 0;
    for (double v : x) {
      if (v == 0.0) {
        count++;
      }
    }
    return count;
  }

  // ---- ReLU ----------------------------------------------------------------------------------

  /** y = max(0, x) elementwise. */
  static final VectorFunction RELU =
      x -> {
        double[] y = new double[x.length];
        for (int j = 0; j < x.length; j++) {
          y[j] = Math.max(0.0, x[j]);
        }
        return y;
      };

  /** y = ReLU(ReLU(x)) elementwise. */
  static final VectorFunction RELU_RELU = x -> RELU.apply(RELU.apply(x));

  /** The correct backward of ReLU: g·[x > 0]. */
  static final VectorJacobianProduct RELU_VJP =
      (x, g) -> {
        double[] out = new double[x.length];
        for (int j = 0; j < x.length; j++) {
          out[j] = x[j] > 0 ? g[j] : 0.0;
        }
        return out;
      };

  /** A wrong backward of ReLU: the mask inverted, g·[x < 0]. */
  static final VectorJacobianProduct RELU_VJP_INVERTED_MASK =
      (x, g) -> {
        double[] out = new double[x.length];
        for (int j = 0; j < x.length; j++) {
          out[j] = x[j] < 0 ? g[j] : 0.0;
        }
        return out;
      };

  /** A wrong backward of ReLU: the right mask, but 2·g on the positive side. */
  static final VectorJacobianProduct RELU_VJP_DOUBLED =
      (x, g) -> {
        double[] out = new double[x.length];
        for (int j = 0; j < x.length; j++) {
          out[j] = x[j] > 0 ? 2.0 * g[j] : 0.0;
        }
        return out;
      };

  /** The correct forward-mode derivative of ReLU(ReLU(x)): u·[x > 0]. */
  static final JacobianVectorProduct RELU_RELU_JVP =
      (x, u) -> {
        double[] out = new double[x.length];
        for (int j = 0; j < x.length; j++) {
          out[j] = x[j] > 0 ? u[j] : 0.0;
        }
        return out;
      };

  // ---- sin -----------------------------------------------------------------------------------

  /** y = sin(x) elementwise. */
  static final VectorFunction SIN =
      x -> {
        double[] y = new double[x.length];
        for (int j = 0; j < x.length; j++) {
          y[j] = Math.sin(x[j]);
        }
        return y;
      };

  /** The backward of sin, g·cos(x), times {@code factor} (1: correct). */
  static VectorJacobianProduct sinVjp(double factor) {
    return (x, g) -> {
      double[] out = new double[x.length];
      for (int j = 0; j < x.length; j++) {
        out[j] = factor * g[j] * Math.cos(x[j]);
      }
      return out;
    };
  }

  /** The correct backward of sin with one entry (input {@code wrong}) off by a factor of 2. */
  static VectorJacobianProduct sinVjpWrongAt(int wrong) {
    return (x, g) -> {
      double[] out = sinVjp(1.0).apply(x, g);
      out[wrong] *= 2.0;
      return out;
    };
  }

  /**
   * sin(x) elementwise with relative noise of size {@code relative} that differs from call to call
   * (each call draws from a {@link SplittableRandom} seeded by the seed and a call counter).
   */
  static VectorFunction noisySin(double relative, long seed) {
    AtomicLong calls = new AtomicLong();
    return x -> {
      SplittableRandom random = new SplittableRandom(seed * 1_000_003L + calls.getAndIncrement());
      double[] y = new double[x.length];
      for (int j = 0; j < x.length; j++) {
        y[j] = Math.sin(x[j]) * (1.0 + relative * (2.0 * random.nextDouble() - 1.0));
      }
      return y;
    };
  }

  /** The correct backward of sin with relative noise of size {@code relative}, per call. */
  static VectorJacobianProduct noisySinVjp(double relative, long seed) {
    AtomicLong calls = new AtomicLong();
    return (x, g) -> {
      SplittableRandom random = new SplittableRandom(seed * 1_000_003L + calls.getAndIncrement());
      double[] out = sinVjp(1.0).apply(x, g);
      for (int j = 0; j < out.length; j++) {
        out[j] *= 1.0 + relative * (2.0 * random.nextDouble() - 1.0);
      }
      return out;
    };
  }

  /**
   * The backward pass, failing the test (an {@link AssertionError}, which the checker does not
   * wrap) once it is called more than {@code budget} times: keeps a check that expands every row of
   * a wide backward pass from running for minutes before it fails.
   */
  static VectorJacobianProduct callBudget(VectorJacobianProduct vjp, int budget, long seed) {
    AtomicLong calls = new AtomicLong();
    return (x, g) -> {
      long k = calls.incrementAndGet();
      if (k > budget) {
        throw new AssertionError(
            "seed " + seed + ": the backward pass was called more than " + budget + " times");
      }
      return vjp.apply(x, g);
    };
  }

  // ---- counting ------------------------------------------------------------------------------

  /** A function that counts its calls (thread-safe). */
  static final class Counted implements VectorFunction {
    private final VectorFunction f;
    private final AtomicLong calls = new AtomicLong();

    Counted(VectorFunction f) {
      this.f = f;
    }

    @Override
    public double[] apply(double[] x) {
      calls.incrementAndGet();
      return f.apply(x);
    }

    long calls() {
      return calls.get();
    }
  }
}
