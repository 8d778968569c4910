package org.gradcheck.verdict;

import static org.gradcheck.verdict.VerdictFunctions.checker;
import static org.gradcheck.verdict.VerdictFunctions.context;
import static org.gradcheck.verdict.VerdictFunctions.point;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.gradcheck.CheckReport;
import org.gradcheck.Finding;
import org.gradcheck.GradientChecker;
import org.gradcheck.GradientFunction;
import org.gradcheck.Mode;
import org.gradcheck.ScalarFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Derivatives far below atol are no silent pass: f = 1e-16·Σ sin(x) with a zero or a doubled
 * gradient either fails or carries a COVERAGE finding saying those entries were below atol; the
 * correct gradient passes. rtol must lie in [0, 1).
 */
class TinyDerivativeTest {
  private static final long SEED = 16L;
  private static final int N = 6;
  private static final double SCALE = 1e-16;

  private static final ScalarFunction TINY =
      x -> {
        double s = 0;
        for (double v : x) {
          s += Math.sin(v);
        }
        return SCALE * s;
      };

  private static GradientFunction tinyGradient(double factor) {
    return x -> {
      double[] g = new double[x.length];
      for (int j = 0; j < x.length; j++) {
        g[j] = factor * SCALE * Math.cos(x[j]);
      }
      return g;
    };
  }

  private static void assertNotASilentPass(Mode mode, GradientFunction gradient, String what) {
    CheckReport r = checker(mode, SEED).checkGradient(TINY, gradient, point(N, SEED));
    assertTrue(
        !r.passed() || r.hasFinding(Finding.Kind.COVERAGE),
        () -> what + " passed silently; " + context(SEED, mode, r));
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void aZeroGradientOfATinyFunctionIsNoSilentPass(Mode mode) {
    assertNotASilentPass(mode, tinyGradient(0.0), "a zero gradient");
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void aDoubledGradientOfATinyFunctionIsNoSilentPass(Mode mode) {
    assertNotASilentPass(mode, tinyGradient(2.0), "a doubled gradient");
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void theCorrectGradientOfATinyFunctionPasses(Mode mode) {
    CheckReport r = checker(mode, SEED).checkGradient(TINY, tinyGradient(1.0), point(N, SEED));
    assertTrue(r.passed(), () -> context(SEED, mode, r));
  }

  @ParameterizedTest
  @ValueSource(doubles = {1.0, 2.0, 1e6})
  void rtolOfOneOrMoreIsRejectedNamingRtolAndItsRange(double rtol) {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> GradientChecker.builder().rtol(rtol).build(),
            "rtol " + rtol + ", seed " + SEED);
    String message = String.valueOf(e.getMessage());
    assertTrue(message.contains("rtol"), () -> "rtol " + rtol + ": " + message);
    assertTrue(message.contains("[0, 1)"), () -> "rtol " + rtol + ": " + message);
  }

  @Test
  void rtolJustBelowOneIsAccepted() {
    GradientChecker.builder().rtol(0.999).build();
    GradientChecker.builder().rtol(0.0).build();
  }
}
