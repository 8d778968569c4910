package org.gradcheck.verdict;

import static org.gradcheck.verdict.VerdictFunctions.RELU;
import static org.gradcheck.verdict.VerdictFunctions.RELU_RELU;
import static org.gradcheck.verdict.VerdictFunctions.RELU_RELU_JVP;
import static org.gradcheck.verdict.VerdictFunctions.RELU_VJP;
import static org.gradcheck.verdict.VerdictFunctions.RELU_VJP_DOUBLED;
import static org.gradcheck.verdict.VerdictFunctions.RELU_VJP_INVERTED_MASK;
import static org.gradcheck.verdict.VerdictFunctions.checker;
import static org.gradcheck.verdict.VerdictFunctions.context;
import static org.gradcheck.verdict.VerdictFunctions.reluPoint;
import static org.gradcheck.verdict.VerdictFunctions.zerosIn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.gradcheck.CheckReport;
import org.gradcheck.Finding;
import org.gradcheck.KinkPolicy;
import org.gradcheck.Mode;
import org.gradcheck.Robustness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Kinks in every mode: ReLU with inputs exactly at 0 is not a gradient bug (policy SKIP passes and
 * says KINK), in FULL, SAMPLED, FAST and AUTO alike; a wrong derivative next to the kinks still
 * fails in every mode; policy FAIL fails the correct ReLU and policy CHECK makes no KINK finding.
 */
class KinkInEveryModeTest {
  private static final long SEED = 20260101L;

  /** System property enabling the FULL-mode checks at n ≥ 5 000 (minutes on today's code). */
  static final String SLOW = "gradcheck.verdict.slow";

  private static void assertCorrectReluPasses(Mode mode, int n, int zeros) {
    double[] x = reluPoint(n, zeros, SEED);
    assertEquals(zeros, zerosIn(x));
    CheckReport r = checker(mode, SEED).checkVjp(RELU, RELU_VJP, x);
    String where = "n = " + n + ", " + zeros + " zeros; ";
    assertTrue(r.passed(), () -> where + context(SEED, mode, r));
    assertTrue(r.hasFinding(Finding.Kind.KINK), () -> where + context(SEED, mode, r));
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void aCorrectReluWithTwoExactZerosInAHundredPassesInEveryMode(Mode mode) {
    assertCorrectReluPasses(mode, 100, 2);
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void aCorrectReluWithTenExactZerosInTwoHundredPassesInEveryMode(Mode mode) {
    assertCorrectReluPasses(mode, 200, 10);
  }

  @ParameterizedTest
  @EnumSource(
      value = Mode.class,
      names = {"AUTO", "SAMPLED", "FAST"})
  void aCorrectReluWithFiveHundredExactZerosInFiveThousandPassesInEveryMode(Mode mode) {
    assertCorrectReluPasses(mode, 5_000, 500);
  }

  /** FULL at n = 5 000 compares 25 million entries: opt in with -Dgradcheck.verdict.slow=true. */
  @Test
  @EnabledIfSystemProperty(named = SLOW, matches = "true")
  void aCorrectReluWithFiveHundredExactZerosInFiveThousandPassesInFullMode() {
    assertCorrectReluPasses(Mode.FULL, 5_000, 500);
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void reluOfReluWithExactZerosPassesInEveryModeAtFifty(Mode mode) {
    double[] x = reluPoint(50, 5, SEED + 1);
    CheckReport r = checker(mode, SEED + 1).checkVjp(RELU_RELU, RELU_VJP, x);
    assertTrue(r.passed(), () -> "n = 50; " + context(SEED + 1, mode, r));
  }

  @ParameterizedTest
  @EnumSource(
      value = Mode.class,
      names = {"AUTO", "SAMPLED", "FAST"})
  void reluOfReluWithExactZerosPassesInEveryModeAtTwentyThousand(Mode mode) {
    assertReluOfReluPassesAtTwentyThousand(mode);
  }

  /** FULL at n = 20 000 compares 4·10⁸ entries: opt in with -Dgradcheck.verdict.slow=true. */
  @Test
  @EnabledIfSystemProperty(named = SLOW, matches = "true")
  void reluOfReluWithExactZerosPassesInFullModeAtTwentyThousand() {
    assertReluOfReluPassesAtTwentyThousand(Mode.FULL);
  }

  private static void assertReluOfReluPassesAtTwentyThousand(Mode mode) {
    // forward mode: a column is one cheap JVP, no dense expansion of a backward pass
    double[] x = reluPoint(20_000, 400, SEED + 2);
    CheckReport r = checker(mode, SEED + 2).checkJvp(RELU_RELU, RELU_RELU_JVP, x);
    assertTrue(r.passed(), () -> "n = 20000; " + context(SEED + 2, mode, r));
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void anInvertedReluMaskNextToKinksFailsInEveryMode(Mode mode) {
    for (int[] size : new int[][] {{100, 2}, {200, 10}}) {
      double[] x = reluPoint(size[0], size[1], SEED);
      CheckReport r = checker(mode, SEED).checkVjp(RELU, RELU_VJP_INVERTED_MASK, x);
      assertFalse(r.passed(), () -> "n = " + size[0] + "; " + context(SEED, mode, r));
    }
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void aReluMaskDoubledOnThePositiveSideNextToKinksFailsInEveryMode(Mode mode) {
    for (int[] size : new int[][] {{100, 2}, {200, 10}}) {
      double[] x = reluPoint(size[0], size[1], SEED);
      CheckReport r = checker(mode, SEED).checkVjp(RELU, RELU_VJP_DOUBLED, x);
      assertFalse(r.passed(), () -> "n = " + size[0] + "; " + context(SEED, mode, r));
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = Mode.class,
      names = {"AUTO", "SAMPLED", "FAST"})
  void aWrongReluNextToFiveHundredKinksFailsInEveryMode(Mode mode) {
    assertWrongReluFailsAtFiveThousand(mode);
  }

  /** FULL at n = 5 000: opt in with -Dgradcheck.verdict.slow=true. */
  @Test
  @EnabledIfSystemProperty(named = SLOW, matches = "true")
  void aWrongReluNextToFiveHundredKinksFailsInFullMode() {
    assertWrongReluFailsAtFiveThousand(Mode.FULL);
  }

  private static void assertWrongReluFailsAtFiveThousand(Mode mode) {
    double[] x = reluPoint(5_000, 500, SEED);
    CheckReport inverted = checker(mode, SEED).checkVjp(RELU, RELU_VJP_INVERTED_MASK, x);
    assertFalse(inverted.passed(), () -> "inverted mask; " + context(SEED, mode, inverted));
    CheckReport doubled = checker(mode, SEED).checkVjp(RELU, RELU_VJP_DOUBLED, x);
    assertFalse(doubled.passed(), () -> "doubled; " + context(SEED, mode, doubled));
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void kinkPolicyFailFailsACorrectReluWithZerosInEveryMode(Mode mode) {
    double[] x = reluPoint(100, 2, SEED);
    Robustness strict = Robustness.defaults().withKinkPolicy(KinkPolicy.FAIL);
    CheckReport r = checker(mode, SEED, strict).checkVjp(RELU, RELU_VJP, x);
    assertFalse(r.passed(), () -> context(SEED, mode, r));
    assertTrue(r.hasFinding(Finding.Kind.KINK), () -> context(SEED, mode, r));
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void kinkPolicyCheckMakesNoKinkFindingInEveryMode(Mode mode) {
    double[] x = reluPoint(100, 2, SEED);
    Robustness check = Robustness.defaults().withKinkPolicy(KinkPolicy.CHECK);
    CheckReport r = checker(mode, SEED, check).checkVjp(RELU, RELU_VJP, x);
    assertFalse(r.hasFinding(Finding.Kind.KINK), () -> context(SEED, mode, r));
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void aCorrectReluWithoutZerosPassesWithoutAKinkFindingInEveryMode(Mode mode) {
    // the control: no input at a kink, so nothing to skip and nothing to report
    double[] x = reluPoint(200, 0, SEED);
    CheckReport r = checker(mode, SEED).checkVjp(RELU, RELU_VJP, x);
    assertTrue(r.passed(), () -> context(SEED, mode, r));
    assertFalse(r.hasFinding(Finding.Kind.KINK), () -> context(SEED, mode, r));
  }
}
