package org.gradcheck.verdict;

import static org.gradcheck.verdict.VerdictFunctions.SIN;
import static org.gradcheck.verdict.VerdictFunctions.autoFullColumns;
import static org.gradcheck.verdict.VerdictFunctions.context;
import static org.gradcheck.verdict.VerdictFunctions.defaultAutoFullColumns;
import static org.gradcheck.verdict.VerdictFunctions.point;
import static org.gradcheck.verdict.VerdictFunctions.sinVjp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import java.util.regex.Pattern;
import org.gradcheck.CheckReport;
import org.gradcheck.GradientChecker;
import org.gradcheck.Mode;
import org.gradcheck.Signature;
import org.gradcheck.VectorFunction;
import org.gradcheck.VectorJacobianProduct;
import org.junit.jupiter.api.Test;

/**
 * AUTO's choice follows from the problem, never from a clock: the same check gives the same mode
 * and the same reason every time; FULL up to {@code DEFAULT_AUTO_FULL_COLUMNS} differentiable input
 * coordinates (constants do not count), FAST above; the reason carries no time.
 */
class DeterministicAutoTest {
  private static final long SEED = 424242L;

  /** A number followed by a time unit ("3.1 ms", "12 µs", "40ns", "1.2 s"). */
  private static final Pattern TIME =
      Pattern.compile("\\d\\s*(ms|µs|us|ns|s)(?![\\p{L}\\p{N}])", Pattern.UNICODE_CHARACTER_CLASS);

  private static GradientChecker auto() {
    return GradientChecker.builder().mode(Mode.AUTO).seed(SEED).build();
  }

  private static void assertNoTimeIn(CheckReport r) {
    String reason = r.modeReason();
    assertFalse(TIME.matcher(reason).find(), () -> context(SEED, Mode.AUTO, r));
    for (String unit : new String[] {" ms", "µs", " ns", " s ", " s)", " s,"}) {
      assertFalse(
          reason.contains(unit), () -> "unit '" + unit + "'; " + context(SEED, Mode.AUTO, r));
    }
  }

  @Test
  void fiveFreshCheckersGiveTheSameModeAndTheSameReason() {
    // a size near where a clock-based estimate would flip between FULL and FAST
    for (int n : new int[] {64, 1024, 1025, 3000}) {
      double[] x = point(n, SEED + n);
      CheckReport first = auto().checkVjp(SIN, sinVjp(1.0), x);
      for (int k = 1; k < 5; k++) {
        CheckReport again = auto().checkVjp(SIN, sinVjp(1.0), x);
        int size = n;
        assertEquals(
            first.mode(),
            again.mode(),
            () -> "n = " + size + "; " + context(SEED, Mode.AUTO, again));
        assertEquals(
            first.modeReason(),
            again.modeReason(),
            () -> "n = " + size + "; " + context(SEED, Mode.AUTO, again));
      }
    }
  }

  @Test
  void theModeReasonContainsNoTimeUnit() {
    for (int n : new int[] {10, 1024, 1025, 5000}) {
      CheckReport r = auto().checkVjp(SIN, sinVjp(1.0), point(n, SEED));
      assertNoTimeIn(r);
    }
  }

  @Test
  void theDefaultThresholdIs1024Columns() {
    assertEquals(1024, defaultAutoFullColumns());
  }

  @Test
  void autoPicksFullUpToTheDefaultThresholdAndFastAbove() {
    int limit = defaultAutoFullColumns();
    CheckReport atLimit = auto().checkVjp(SIN, sinVjp(1.0), point(limit, SEED));
    assertEquals(Mode.FULL, atLimit.mode(), () -> context(SEED, Mode.AUTO, atLimit));
    assertTrue(atLimit.passed(), () -> context(SEED, Mode.AUTO, atLimit));
    CheckReport above = auto().checkVjp(SIN, sinVjp(1.0), point(limit + 1, SEED));
    assertEquals(Mode.FAST, above.mode(), () -> context(SEED, Mode.AUTO, above));
    assertTrue(above.passed(), () -> context(SEED, Mode.AUTO, above));
  }

  @Test
  void aSlowFunctionBelowTheThresholdStillRunsFull() {
    // 2 ms per call, 40 columns: a clock-based estimate (≈ 40 × 7 × 2 ms) is over a 50 ms budget
    VectorFunction slow =
        x -> {
          long until = System.nanoTime() + 2_000_000L;
          while (System.nanoTime() < until) {
            Thread.onSpinWait();
          }
          return SIN.apply(x);
        };
    CheckReport r = auto().checkVjp(slow, sinVjp(1.0), point(40, SEED));
    assertEquals(Mode.FULL, r.mode(), () -> context(SEED, Mode.AUTO, r));
    assertTrue(r.passed(), () -> context(SEED, Mode.AUTO, r));
  }

  @Test
  void onlyDifferentiableCoordinatesCountTowardsTheThreshold() {
    // 1 000 differentiable + 3 000 constant coordinates: FULL; 1 100 differentiable: FAST
    Signature mostlyConstant =
        Signature.builder().input("w", 1000).constant("c", 3000).output("y", 1000).build();
    VectorFunction f = x -> SIN.apply(Arrays.copyOf(x, 1000));
    VectorJacobianProduct vjp =
        (x, g) -> {
          double[] out = new double[x.length];
          for (int j = 0; j < 1000; j++) {
            out[j] = g[j] * Math.cos(x[j]);
          }
          return out;
        };
    CheckReport full = auto().checkVjp(f, vjp, point(4000, SEED), mostlyConstant);
    assertEquals(Mode.FULL, full.mode(), () -> context(SEED, Mode.AUTO, full));
    assertTrue(full.passed(), () -> context(SEED, Mode.AUTO, full));

    Signature larger =
        Signature.builder().input("w", 1100).constant("c", 100).output("y", 1100).build();
    VectorFunction g = x -> SIN.apply(Arrays.copyOf(x, 1100));
    VectorJacobianProduct gVjp =
        (x, u) -> {
          double[] out = new double[x.length];
          for (int j = 0; j < 1100; j++) {
            out[j] = u[j] * Math.cos(x[j]);
          }
          return out;
        };
    CheckReport fast = auto().checkVjp(g, gVjp, point(1200, SEED), larger);
    assertEquals(Mode.FAST, fast.mode(), () -> context(SEED, Mode.AUTO, fast));
    assertTrue(fast.passed(), () -> context(SEED, Mode.AUTO, fast));
  }

  @Test
  void theAutoFullColumnsKnobMovesTheThreshold() {
    GradientChecker ten =
        autoFullColumns(GradientChecker.builder().mode(Mode.AUTO).seed(SEED), 10).build();
    CheckReport atTen = ten.checkVjp(SIN, sinVjp(1.0), point(10, SEED));
    assertEquals(Mode.FULL, atTen.mode(), () -> context(SEED, Mode.AUTO, atTen));
    CheckReport atEleven = ten.checkVjp(SIN, sinVjp(1.0), point(11, SEED));
    assertEquals(Mode.FAST, atEleven.mode(), () -> context(SEED, Mode.AUTO, atEleven));
    // a wrong derivative fails whichever mode AUTO picked
    assertFalse(ten.checkVjp(SIN, sinVjp(2.0), point(10, SEED)).passed(), "seed " + SEED);
    assertFalse(ten.checkVjp(SIN, sinVjp(2.0), point(11, SEED)).passed(), "seed " + SEED);
  }

  @Test
  void theAutoFullColumnsKnobRejectsValuesBelowOne() {
    autoFullColumns(GradientChecker.builder(), 1).build(); // the knob exists and accepts 1
    assertThrows(
        IllegalArgumentException.class,
        () -> autoFullColumns(GradientChecker.builder(), 0).build(),
        "seed " + SEED);
  }

  @Test
  void theOldFullBudgetKnobIsGone() {
    boolean present =
        Arrays.stream(GradientChecker.Builder.class.getMethods())
            .anyMatch(
                m ->
                    m.getName().equals("fullBudget")
                        && Arrays.equals(m.getParameterTypes(), new Class<?>[] {Duration.class}));
    assertFalse(present, "GradientChecker.Builder.fullBudget(Duration) still exists");
  }
}
