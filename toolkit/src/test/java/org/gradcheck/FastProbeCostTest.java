package org.gradcheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * FAST probes on a wide elementwise function (m = n = 20 000): one probe is the scalar vᵀf summed
 * over every output, whose round-off bound is large against its derivative. The probe reuses f(x)
 * and stops its step search at the accuracy the verdict needs, so it costs one stencil (6
 * evaluations) — and still catches a derivative that is off by 1e-6.
 */
class FastProbeCostTest {
  private static final int N = 20_000;
  private static final long SEED = 11L;
  private static final int PROBES = 4;

  private static double[] point() {
    Random random = new Random(SEED);
    double[] x = new double[N];
    for (int j = 0; j < N; j++) {
      x[j] = 3 * random.nextGaussian();
    }
    return x;
  }

  private static VectorFunction counted(AtomicLong calls) {
    return z -> {
      calls.incrementAndGet();
      double[] y = new double[z.length];
      for (int j = 0; j < z.length; j++) {
        y[j] = Math.tanh(z[j]) + 0.1 * z[j] * z[j];
      }
      return y;
    };
  }

  /** J·u of the function above, times (1 + relativeError). */
  private static JacobianVectorProduct jvp(double relativeError) {
    return (z, u) -> {
      double[] out = new double[z.length];
      for (int j = 0; j < z.length; j++) {
        double t = Math.tanh(z[j]);
        out[j] = (1 - t * t + 0.2 * z[j]) * u[j] * (1 + relativeError);
      }
      return out;
    };
  }

  private static GradientChecker fast() {
    return GradientChecker.builder().mode(Mode.FAST).probes(PROBES).seed(SEED).build();
  }

  @Test
  void aCorrectJvpPassesWithOneStencilPerProbe() {
    AtomicLong calls = new AtomicLong();
    CheckReport report = fast().checkJvp(counted(calls), jvp(0.0), point());
    assertTrue(report.passed(), "seed " + SEED + "\n" + report);
    // f(x) (shared by every probe) and once more at x for the nondeterminism test, then one
    // 7-point stencil (6) per probe; the report counts every call
    assertEquals(2 + 6L * PROBES, report.functionEvaluations(), "seed " + SEED + "\n" + report);
    assertEquals(
        calls.get(),
        report.functionEvaluations(),
        "seed " + SEED + ": the report counts " + report.functionEvaluations() + " of " + calls);
  }

  @Test
  void aJvpOffByOneInAMillionFails() {
    CheckReport report = fast().checkJvp(counted(new AtomicLong()), jvp(1e-6), point());
    assertFalse(report.passed(), "seed " + SEED + "\n" + report);
  }
}
