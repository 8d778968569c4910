package org.gradcheck.robust;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.ToDoubleFunction;
import java.util.function.UnaryOperator;
import org.gradcheck.numeric.NumericDifferentiator;
import org.junit.jupiter.api.Test;

/**
 * The measurements behind {@link TautologyGuard#MIN_DISAGREEMENT}: the median relative disagreement
 * of a correct hand-written gradient with (a) the checker's numeric engine and (b) the finite
 * differences a tautological "analytic" side would use, on functions with n = 64 … 1000. Values,
 * not timings, so the test is deterministic.
 */
class TautologyEvidenceTest {
  private static final long SEED = 20_240_611L;
  private static final double EPS = Math.ulp(1.0);

  /** A test function with its hand-written gradient. */
  private record Case(
      String name, double[] x, ToDoubleFunction<double[]> f, UnaryOperator<double[]> gradient) {}

  private static List<Case> cases() {
    Random rnd = new Random(SEED);
    List<Case> cases = new ArrayList<>();
    cases.add(sines(64, rnd));
    cases.add(rosenbrock(256, rnd));
    cases.add(rosenbrock(1000, rnd));
    cases.add(logSumExp(64, rnd));
    cases.add(logSumExp(512, rnd));
    return cases;
  }

  private static Case sines(int n, Random rnd) {
    double[] x = new double[n];
    for (int j = 0; j < n; j++) {
      x[j] = rnd.nextDouble() * 2 - 1;
    }
    return new Case(
        "sum of 40 shifted sines, n = " + n,
        x,
        v -> {
          double s = 0;
          for (int r = 0; r < 40; r++) {
            for (double e : v) {
              s += Math.sin(e + r);
            }
          }
          return s;
        },
        v -> {
          double[] g = new double[v.length];
          for (int r = 0; r < 40; r++) {
            for (int j = 0; j < v.length; j++) {
              g[j] += Math.cos(v[j] + r);
            }
          }
          return g;
        });
  }

  private static Case rosenbrock(int n, Random rnd) {
    double[] x = new double[n];
    for (int j = 0; j < n; j++) {
      x[j] = rnd.nextDouble() * 3 - 1.5;
    }
    return new Case(
        "Rosenbrock, n = " + n,
        x,
        v -> {
          double s = 0;
          for (int i = 0; i + 1 < v.length; i++) {
            double a = v[i + 1] - v[i] * v[i];
            s += 100 * a * a + (1 - v[i]) * (1 - v[i]);
          }
          return s;
        },
        v -> {
          double[] g = new double[v.length];
          for (int i = 0; i + 1 < v.length; i++) {
            double a = v[i + 1] - v[i] * v[i];
            g[i] += -400 * a * v[i] - 2 * (1 - v[i]);
            g[i + 1] += 200 * a;
          }
          return g;
        });
  }

  /** log Σ exp(Ax) + ½‖x‖², A 16×n with entries N(0, 1/n): a softmax-loss–like function. */
  private static Case logSumExp(int n, Random rnd) {
    int m = 16;
    double[][] a = new double[m][n];
    for (double[] row : a) {
      for (int j = 0; j < n; j++) {
        row[j] = rnd.nextGaussian() / Math.sqrt(n);
      }
    }
    double[] x = new double[n];
    for (int j = 0; j < n; j++) {
      x[j] = rnd.nextGaussian();
    }
    return new Case(
        "log-sum-exp(Ax) + ½‖x‖², n = " + n,
        x,
        v -> {
          double[] z = times(a, v);
          double max = Double.NEGATIVE_INFINITY;
          for (double e : z) {
            max = Math.max(max, e);
          }
          double s = 0;
          for (double e : z) {
            s += Math.exp(e - max);
          }
          double q = 0;
          for (double e : v) {
            q += e * e;
          }
          return max + Math.log(s) + 0.5 * q;
        },
        v -> {
          double[] z = times(a, v);
          double max = Double.NEGATIVE_INFINITY;
          for (double e : z) {
            max = Math.max(max, e);
          }
          double s = 0;
          for (int i = 0; i < m; i++) {
            z[i] = Math.exp(z[i] - max);
            s += z[i];
          }
          double[] g = v.clone();
          for (int i = 0; i < m; i++) {
            for (int j = 0; j < v.length; j++) {
              g[j] += a[i][j] * z[i] / s;
            }
          }
          return g;
        });
  }

  private static double[] times(double[][] a, double[] v) {
    double[] z = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < v.length; j++) {
        z[i] += a[i][j] * v[j];
      }
    }
    return z;
  }

  /** Central difference with step h·max(1, |x_j|) (relative = true) or h (relative = false). */
  private static double[] central(Case c, double h, boolean relative) {
    double[] w = c.x().clone();
    double[] g = new double[w.length];
    for (int j = 0; j < w.length; j++) {
      double xj = w[j];
      double step = relative ? h * Math.max(1, Math.abs(xj)) : h;
      w[j] = xj + step;
      double up = c.f().applyAsDouble(w);
      w[j] = xj - step;
      double down = c.f().applyAsDouble(w);
      w[j] = xj;
      g[j] = (up - down) / (2 * step);
    }
    return g;
  }

  private static double[] engine(Case c, NumericDifferentiator engine) {
    return engine.jacobian(v -> new double[] {c.f().applyAsDouble(v)}, c.x()).values().data;
  }

  @Test
  void correctGradientsAgreeWithTheEngineAndFiniteDifferencesDoNot() {
    StringBuilder table = new StringBuilder("seed " + SEED + "\n");
    table.append(
        String.format(
            Locale.ROOT,
            "%-34s %10s %10s %10s %10s %10s%n",
            "function",
            "engine",
            "Richardson",
            "CD 1e-6",
            "CD √ε",
            "CD ∛ε"));
    double worstCorrect = 0;
    double leastFd = Double.POSITIVE_INFINITY;
    for (Case c : cases()) {
      double[] exact = c.gradient().apply(c.x());
      double engine =
          TautologyGuard.medianRelativeDisagreement(
              exact, engine(c, NumericDifferentiator.defaults()));
      double richardson =
          TautologyGuard.medianRelativeDisagreement(
              exact, engine(c, NumericDifferentiator.richardson()));
      double fixed = TautologyGuard.medianRelativeDisagreement(central(c, 1e-6, false), exact);
      double sqrt =
          TautologyGuard.medianRelativeDisagreement(central(c, Math.sqrt(EPS), true), exact);
      double cbrt =
          TautologyGuard.medianRelativeDisagreement(central(c, Math.cbrt(EPS), true), exact);
      table.append(
          String.format(
              Locale.ROOT,
              "%-34s %10.1e %10.1e %10.1e %10.1e %10.1e%n",
              c.name(),
              engine,
              richardson,
              fixed,
              sqrt,
              cbrt));
      worstCorrect = Math.max(worstCorrect, Math.max(engine, richardson));
      leastFd = Math.min(leastFd, Math.min(fixed, Math.min(sqrt, cbrt)));
    }
    System.out.print(table);
    double worst = worstCorrect;
    double least = leastFd;
    assertTrue(worst <= TautologyGuard.MIN_DISAGREEMENT / 5, () -> "correct side\n" + table);
    assertTrue(least > TautologyGuard.MIN_DISAGREEMENT, () -> "finite differences\n" + table);
  }
}
