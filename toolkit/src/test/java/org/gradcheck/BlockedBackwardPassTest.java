package org.gradcheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.gradcheck.numeric.NumericDifferentiator;
import org.junit.jupiter.api.Test;

/**
 * FULL through a backward pass whose rows do not fit in memory at once: the analytic rows are
 * fetched in blocks of columns ahead of a single numeric sweep (not one sweep per block of rows),
 * the backward pass is called once per row and block, the 5-point pair decides as in memory, and
 * the verdict is the same as with every row in memory — a correct VJP passes, a wrong entry fails
 * and is named.
 */
class BlockedBackwardPassTest {
  private static final int M = 5;
  private static final int N = 40;

  /** y_i = Σ_j c_ij·tanh(x_j) + x_i·x_{i+1}: every entry of J non-zero, each row its own. */
  private static double[] f(double[] x) {
    double[] y = new double[M];
    for (int i = 0; i < M; i++) {
      double s = x[i] * x[i + 1];
      for (int j = 0; j < N; j++) {
        s += c(i, j) * Math.tanh(x[j]);
      }
      y[i] = s;
    }
    return y;
  }

  private static double c(int i, int j) {
    return Math.sin(1.0 + i + 0.37 * j);
  }

  /** The backward pass; {@code slip} adds 1e-3 to ∂y[2]/∂x[33]. */
  private static double[] vjp(double[] x, double[] g, boolean slip) {
    double[] out = new double[N];
    for (int i = 0; i < M; i++) {
      for (int j = 0; j < N; j++) {
        double t = Math.tanh(x[j]);
        out[j] += g[i] * c(i, j) * (1 - t * t);
      }
      out[i] += g[i] * x[i + 1];
      out[i + 1] += g[i] * x[i];
    }
    if (slip) {
      out[33] += 1e-3 * g[2];
    }
    return out;
  }

  private static double[] point() {
    double[] x = new double[N];
    for (int j = 0; j < N; j++) {
      x[j] = Math.cos(0.9 * j);
    }
    return x;
  }

  private record Run(Comparison comparison, long evaluations, long analyticCalls) {}

  /** FULL on every column with a memory bound of {@code doubles} for the expanded backward pass. */
  private static Run run(boolean slip, long doubles) {
    CheckSettings settings =
        new CheckSettings(
            NumericDifferentiator.defaults(),
            Tolerance.defaults(),
            Mode.FULL,
            GradientChecker.DEFAULT_SEED,
            GradientChecker.DEFAULT_PROBES,
            1,
            GradientChecker.DEFAULT_SAMPLE_SIZE,
            GradientChecker.DEFAULT_AUTO_FULL_COLUMNS,
            10,
            2048,
            Precision.FLOAT64);
    VectorJacobianProduct backward = (x, g) -> vjp(x, g, slip);
    CheckContext ctx =
        CheckContext.guard(
            settings,
            Robustness.defaults(),
            CheckKind.VJP,
            BlockedBackwardPassTest::f,
            point(),
            null,
            guard -> AnalyticSide.vjp(guard.vjp(backward)));
    Comparison comparison = new Comparison(ctx);
    long before = ctx.f.calls();
    new FullComparison(ctx, comparison, doubles).compare(ctx.columns, null);
    return new Run(comparison, ctx.f.calls() - before, ctx.analytic.calls());
  }

  @Test
  void blocksOfColumnsSweepTheNumericSideOnceAndPassACorrectBackwardPass() {
    Run inMemory = run(false, FullComparison.ROW_BLOCK_DOUBLES);
    // 2·M doubles per column (two blocks may be live): 60 doubles hold 6 columns, 7 blocks for 40
    Run blocked = run(false, 60);
    assertEquals(M * N, blocked.comparison().collector().compared());
    assertEquals(0, blocked.comparison().collector().failed());
    assertEquals(0, inMemory.comparison().collector().failed());
    // the numeric side is swept once, and the analytic entries arrive before their numeric
    // columns in both paths: the pair decides 39 of the 40 columns on 4 evaluations each, the
    // other takes 6, plus f(x) — the same evaluations as with every row in memory
    assertEquals(4L * 39 + 6 + 1, inMemory.evaluations(), inMemory.comparison().notes().toString());
    assertEquals(inMemory.evaluations(), blocked.evaluations());
    for (Run run : new Run[] {inMemory, blocked}) {
      assertTrue(
          run.comparison().notes().stream()
              .anyMatch(n -> n.contains("39 of 40 decided by the 5-point pair")),
          run.comparison().notes().toString());
    }
    assertEquals(7L * M, blocked.analyticCalls());
    assertTrue(
        blocked.comparison().notes().stream()
            .anyMatch(n -> n.contains("7 block(s) of up to 6 columns") && n.contains("once")),
        blocked.comparison().notes().toString());
    assertFalse(inMemory.comparison().notes().stream().anyMatch(n -> n.contains("block(s)")));
  }

  @Test
  void blocksOfColumnsCatchAndNameAWrongEntry() {
    Run blocked = run(true, 60);
    EntryCollector entries = blocked.comparison().collector();
    assertEquals(1, entries.failed());
    ComparedEntry worst = entries.worst().get(0);
    assertFalse(worst.withinTolerance());
    assertEquals(2, worst.outputIndex());
    assertEquals(33, worst.inputIndex());
  }
}
