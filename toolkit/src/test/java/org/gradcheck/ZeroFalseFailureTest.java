package org.gradcheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/**
 * The default tolerances never fail a correct derivative — over thousands of random points and
 * several functions — yet they catch the same derivative off by 1e-4 relative in one entry.
 */
class ZeroFalseFailureTest {
  private static final long SEED = 20261124L;
  private static final int POINTS_PER_FUNCTION = 300;

  /** A test function: its value, its exact gradient (or Jacobian) and its input size. */
  private interface Case {
    String name();

    int size();

    CheckReport check(GradientChecker checker, double[] x, boolean corrupt);
  }

  private static double[] corruptLargest(double[] g) {
    int k = 0;
    for (int j = 1; j < g.length; j++) {
      if (Math.abs(g[j]) > Math.abs(g[k])) {
        k = j;
      }
    }
    double[] out = g.clone();
    out[k] *= 1 + 1e-4;
    return out;
  }

  private static Case gradientCase(
      String name, int size, ScalarFunction f, GradientFunction gradient) {
    return new Case() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public int size() {
        return size;
      }

      @Override
      public CheckReport check(GradientChecker checker, double[] x, boolean corrupt) {
        GradientFunction g = corrupt ? z -> corruptLargest(gradient.gradient(z)) : gradient;
        return checker.checkGradient(f, g, x);
      }
    };
  }

  private static List<Case> cases() {
    List<Case> cases = new ArrayList<>();
    cases.add(
        gradientCase(
            "log-sum-exp",
            6,
            x -> {
              double max = Double.NEGATIVE_INFINITY;
              for (double v : x) {
                max = Math.max(max, v);
              }
              double s = 0;
              for (double v : x) {
                s += Math.exp(v - max);
              }
              return max + Math.log(s);
            },
            TestFunctions::softmax));
    cases.add(
        gradientCase(
            "rosenbrock",
            5,
            x -> {
              double s = 0;
              for (int i = 0; i + 1 < x.length; i++) {
                double a = x[i + 1] - x[i] * x[i];
                double b = 1 - x[i];
                s += 100 * a * a + b * b;
              }
              return s;
            },
            x -> {
              double[] g = new double[x.length];
              for (int i = 0; i + 1 < x.length; i++) {
                double a = x[i + 1] - x[i] * x[i];
                g[i] += -400 * x[i] * a - 2 * (1 - x[i]);
                g[i + 1] += 200 * a;
              }
              return g;
            }));
    cases.add(
        gradientCase(
            "exp-sin-rational",
            3,
            x -> Math.exp(Math.sin(x[0]) * x[1]) + x[2] * x[2] * x[2] / (1 + x[0] * x[0]),
            x -> {
              double e = Math.exp(Math.sin(x[0]) * x[1]);
              double d = 1 + x[0] * x[0];
              return new double[] {
                e * Math.cos(x[0]) * x[1] - x[2] * x[2] * x[2] * 2 * x[0] / (d * d),
                e * Math.sin(x[0]),
                3 * x[2] * x[2] / d
              };
            }));
    SmallNetwork net = new SmallNetwork(4, 5, 3, 6, 11L);
    cases.add(gradientCase("mlp-loss", net.parameterCount(), net::loss, net::gradient));
    cases.add(
        new Case() {
          @Override
          public String name() {
            return "tanh-layer-jacobian";
          }

          @Override
          public int size() {
            return 4;
          }

          @Override
          public CheckReport check(GradientChecker checker, double[] x, boolean corrupt) {
            return checker.checkJacobian(
                TestFunctions::square,
                w -> {
                  DMatrixRMaj j = TestFunctions.squareJacobian(w, true);
                  if (corrupt) {
                    j.set(0, 0, j.get(0, 0) * (1 + 1e-4));
                  }
                  return j;
                },
                x);
          }
        });
    return cases;
  }

  @Test
  void correctDerivativesNeverFailAndSlightlyWrongOnesAlwaysDo() {
    Random random = new Random(SEED);
    GradientChecker full = GradientChecker.builder().mode(Mode.FULL).seed(SEED).build();
    int checked = 0;
    List<String> falseFailures = new ArrayList<>();
    List<String> missed = new ArrayList<>();
    for (Case c : cases()) {
      for (int p = 0; p < POINTS_PER_FUNCTION; p++) {
        double scale = new double[] {0.3, 1.0, 2.0}[p % 3];
        double[] x = new double[c.size()];
        for (int j = 0; j < x.length; j++) {
          x[j] = scale * random.nextGaussian();
        }
        CheckReport good = c.check(full, x, false);
        checked++;
        if (!good.passed()
            || good.notes().stream().anyMatch(n -> n.contains("wide numeric error bar"))) {
          falseFailures.add(c.name() + " point " + p + ":\n" + good);
        }
        CheckReport bad = c.check(full, x, true);
        if (bad.passed()) {
          missed.add(c.name() + " point " + p + ":\n" + bad);
        }
      }
    }
    assertEquals(5 * POINTS_PER_FUNCTION, checked);
    assertTrue(
        falseFailures.isEmpty(),
        () ->
            falseFailures.size()
                + " false failures (seed "
                + SEED
                + "), first:\n"
                + falseFailures.get(0));
    assertTrue(
        missed.isEmpty(),
        () -> missed.size() + " missed 1e-4 errors (seed " + SEED + "), first:\n" + missed.get(0));
  }

  @Test
  void fastModeHasNoFalseFailuresEither() {
    Random random = new Random(SEED + 1);
    List<String> falseFailures = new ArrayList<>();
    int checked = 0;
    for (Case c : cases()) {
      for (int p = 0; p < POINTS_PER_FUNCTION / 2; p++) {
        double[] x = new double[c.size()];
        for (int j = 0; j < x.length; j++) {
          x[j] = random.nextGaussian();
        }
        GradientChecker fast = GradientChecker.builder().mode(Mode.FAST).seed(SEED + p).build();
        CheckReport good = c.check(fast, x, false);
        checked++;
        if (!good.passed()) {
          falseFailures.add(c.name() + " point " + p + ":\n" + good);
        }
      }
    }
    assertEquals(5 * POINTS_PER_FUNCTION / 2, checked);
    assertTrue(
        falseFailures.isEmpty(),
        () -> falseFailures.size() + " false failures, first:\n" + falseFailures.get(0));
  }
}
