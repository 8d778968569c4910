package org.gradcheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * FULL on a function whose outputs are large (|y| ≈ 10⁴) and each depend on a block of inputs only
 * (issue 14's m = 100, n = 10⁵ benchmark has this shape): an output that does not depend on a
 * column has the exact numeric derivative 0 with an error bar that is only the rounding of its
 * large value, which is no sign of a kink. The check costs one sweep (the 5-point pair at two
 * steps, or the pair and the 7-point stencil, per column; f(x) and one re-run for nondeterminism)
 * instead of adding a kink search (two one-sided derivatives) on every column, and a wrong entry
 * still fails and is named.
 */
class IndependentOutputCostTest {
  private static final int M = 4;
  private static final int PER = 50;
  private static final int N = M * PER;
  private static final double OFFSET = 1e4;

  /** y_i = 10⁴ + Σ over block i of (w_j + 0.1·x_j)·x_j. */
  private static double[] f(double[] x) {
    double[] y = new double[M];
    for (int i = 0; i < M; i++) {
      double s = OFFSET;
      for (int j = i * PER; j < (i + 1) * PER; j++) {
        s += (w(j) + 0.1 * x[j]) * x[j];
      }
      y[i] = s;
    }
    return y;
  }

  private static double w(int j) {
    return Math.sin(1.0 + 0.37 * j);
  }

  /** The backward pass, with {@code slip} added to ∂y[2]/∂x[123]. */
  private static double[] vjp(double[] x, double[] g, double slip) {
    double[] out = new double[N];
    for (int i = 0; i < M; i++) {
      for (int j = i * PER; j < (i + 1) * PER; j++) {
        out[j] = g[i] * (w(j) + 0.2 * x[j]);
      }
    }
    out[123] += slip * g[2];
    return out;
  }

  /** x_j = 1.5·sin(0.7·j + 0.2). */
  private static double[] point() {
    return IntStream.range(0, N).mapToDouble(j -> 1.5 * Math.sin(0.7 * j + 0.2)).toArray();
  }

  private static CheckReport check(double slip) {
    return GradientChecker.builder()
        .mode(Mode.FULL)
        .build()
        .checkVjp(IndependentOutputCostTest::f, (x, g) -> vjp(x, g, slip), point());
  }

  @Test
  void largeOutputsThatDoNotDependOnAColumnCostOneSweepAndPass() {
    CheckReport r = check(0);
    assertTrue(r.passed(), r::toString);
    // the first column's pair, at an eighth of the start step, has a bar that is all rounding of
    // |y| ≈ 10⁴, so it is tried once more at the step that bar predicts (64× longer) and decides
    // there; the others' pairs start in the middle of the range of steps its bars predict to
    // decide in: 184 decide on 4 evaluations, 3 are tried at another step too (8–12), 13 with
    // small derivatives take the 7-point stencil as well; plus f(x), its nondeterminism re-run
    // and one more call the check makes at x. Before the first column set the step, each column
    // cost 8–10; with the pair at the start step only, 6.
    assertTrue(
        r.notes().stream()
            .anyMatch(
                n ->
                    n.contains(
                        "187 of 200 decided by the 5-point pair (184 at its first step on 4"
                            + " evaluations each, 3 at another step on 8–12), 13 by the"
                            + " adaptive 7-point engine")),
        r::toString);
    assertEquals(845, r.functionEvaluations(), r::toString);
    assertTrue(r.functionEvaluations() < 5L * N, r::toString);
    assertFalse(r.hasFinding(Finding.Kind.KINK), r::toString);
  }

  @Test
  void aWrongEntryAmongLargeIndependentOutputsFailsAndIsNamed() {
    CheckReport r = check(1e-6);
    assertFalse(r.passed(), r::toString);
    assertTrue(r.toString().contains("∂y[2]/∂x[123]"), r::toString);
  }
}
