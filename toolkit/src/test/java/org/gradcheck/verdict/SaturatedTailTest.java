package org.gradcheck.verdict;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.gradcheck.CheckReport;
import org.gradcheck.Elementwise;
import org.gradcheck.Finding;
import org.gradcheck.GradientChecker;
import org.gradcheck.VectorFunction;
import org.gradcheck.VectorJacobianProduct;
import org.junit.jupiter.api.Test;

/**
 * GELU in its tanh approximation, ½x(1 + tanh u), deep in its negative tail: 1 + tanh u is about
 * 1e-10 there but kept only to 1e-16, so f's computed values are flat between jumps a million ulps
 * of f high. At tiny steps such a function looks perfectly smooth, with the slope ½(1 + tanh u) of
 * one flat stretch instead of f′. Before the engine's consistency check widened a bar that
 * disagrees with an earlier estimate, the correct derivative failed at 44 of 300 points in [−8, −3]
 * (numeric 6.4e-11 ± 4e-17 against the true −3.3e-9 at x = −5.83). Both ways: the correct
 * derivative passes at every point; a wrong one (u′ without its factor 3) fails wherever f′ is
 * resolved and never passes without a finding in the tail. Naive softplus log(1 + eˣ) at x ≈ −27 is
 * the flat extreme: constant to the last bit over 1e-6, moving in jumps of 2.2e-16; the engine
 * reported 0 ± 7e-21 there (55 of 20 000 raw derivatives in [−36, −20], 1 of 40 fifty-input
 * checks).
 */
class SaturatedTailTest {
  private static final long SEED = 20261205L;
  private static final double C = Math.sqrt(2 / Math.PI);
  private static final double A = 0.044715;

  private static final VectorFunction GELU =
      x -> {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
          y[i] = 0.5 * x[i] * (1 + Math.tanh(C * (x[i] + A * x[i] * x[i] * x[i])));
        }
        return y;
      };

  /** GELU's backward pass; {@code cubic} is the factor of A·x² in u′ (3 is right). */
  private static VectorJacobianProduct backward(double cubic) {
    return (x, g) -> {
      double[] dx = new double[x.length];
      for (int i = 0; i < x.length; i++) {
        double t = Math.tanh(C * (x[i] + A * x[i] * x[i] * x[i]));
        double du = C * (1 + cubic * A * x[i] * x[i]);
        dx[i] = g[i] * (0.5 * (1 + t) + 0.5 * x[i] * (1 - t * t) * du);
      }
      return dx;
    };
  }

  private static List<double[]> points(int count, int n, double lo, double hi) {
    SplittableRandom random = new SplittableRandom(SEED);
    List<double[]> points = new ArrayList<>();
    for (int k = 0; k < count; k++) {
      double[] x = new double[n];
      for (int i = 0; i < n; i++) {
        x[i] = lo + (hi - lo) * random.nextDouble();
      }
      points.add(x);
    }
    return points;
  }

  @Test
  void theCorrectDerivativePassesEverywhereInTheTail() {
    GradientChecker checker = GradientChecker.defaults();
    List<String> failures = new ArrayList<>();
    for (double[] x : points(300, 1, -8, -3)) {
      CheckReport r = checker.checkVjp(GELU, backward(3), x);
      if (!r.passed()) {
        failures.add("x = " + x[0] + ":\n" + r);
      }
    }
    for (double[] x : points(5, 40, -8, -3)) {
      CheckReport r = checker.checkVjp(GELU, backward(3), x);
      if (!r.passed()) {
        failures.add(r.toString());
      }
    }
    assertTrue(failures.isEmpty(), () -> "seed " + SEED + ": false failures\n" + failures);
  }

  private static final VectorFunction NAIVE_SOFTPLUS =
      Elementwise.map(x -> Math.log(1 + Math.exp(x)));

  /** Softplus's backward pass, σ(x)·g, times {@code factor} (1 is right). */
  private static VectorJacobianProduct sigmoid(double factor) {
    return Elementwise.backward(x -> factor / (1 + Math.exp(-x)));
  }

  @Test
  void naiveSoftplusIsCheckedWhereItsValuesMoveInJumps() {
    GradientChecker checker = GradientChecker.defaults();
    List<String> failures = new ArrayList<>();
    for (double[] x : points(20, 50, -30, -20)) {
      CheckReport right = checker.checkVjp(NAIVE_SOFTPLUS, sigmoid(1), x);
      if (!right.passed()) {
        failures.add(right.toString());
      }
    }
    assertTrue(failures.isEmpty(), () -> "seed " + SEED + ": false failures\n" + failures);
    for (double[] x : points(20, 50, -24, -20)) { // σ(x) ≥ 3.7e-11, well above atol
      CheckReport wrong = checker.checkVjp(NAIVE_SOFTPLUS, sigmoid(1.5), x);
      assertTrue(!wrong.passed(), () -> "seed " + SEED + ": 1.5·σ passed" + wrong);
    }
  }

  @Test
  void aWrongDerivativeFailsWhereResolvedAndIsNeverASilentPassInTheTail() {
    GradientChecker checker = GradientChecker.defaults();
    for (double[] x : points(50, 1, -3, -0.5)) {
      CheckReport r = checker.checkVjp(GELU, backward(1), x);
      assertTrue(!r.passed(), () -> "seed " + SEED + ": the wrong u′ passed at x = " + x[0] + r);
    }
    int failed = 0;
    for (double[] x : points(100, 1, -6.5, -3)) {
      CheckReport r = checker.checkVjp(GELU, backward(1), x);
      if (!r.passed()) {
        failed++;
        continue;
      }
      assertTrue(
          r.hasFinding(Finding.Kind.NOISE) || r.hasFinding(Finding.Kind.COVERAGE),
          () -> "seed " + SEED + ": the wrong u′ passed silently at x = " + x[0] + r);
    }
    int caught = failed;
    assertTrue(
        caught >= 50, () -> "seed " + SEED + ": only " + caught + " of 100 tail points fail");
  }
}
