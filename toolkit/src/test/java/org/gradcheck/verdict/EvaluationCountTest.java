package org.gradcheck.verdict;

import static org.gradcheck.verdict.VerdictFunctions.RELU;
import static org.gradcheck.verdict.VerdictFunctions.RELU_VJP;
import static org.gradcheck.verdict.VerdictFunctions.SIN;
import static org.gradcheck.verdict.VerdictFunctions.checker;
import static org.gradcheck.verdict.VerdictFunctions.context;
import static org.gradcheck.verdict.VerdictFunctions.point;
import static org.gradcheck.verdict.VerdictFunctions.reluPoint;
import static org.gradcheck.verdict.VerdictFunctions.sinVjp;
import static org.gradcheck.verdict.VerdictFunctions.sinVjpWrongAt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.gradcheck.CheckReport;
import org.gradcheck.Mode;
import org.gradcheck.verdict.VerdictFunctions.Counted;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code functionEvaluations()} is the number of times f was called — every call, including the
 * nondeterminism re-run, kink searches, second opinions and localisation — in every mode, for a
 * passing and a failing check.
 */
class EvaluationCountTest {
  private static final long SEED = 88L;

  @ParameterizedTest
  @EnumSource(Mode.class)
  void aPassingCheckCountsEveryCallOfF(Mode mode) {
    Counted f = new Counted(SIN);
    CheckReport r = checker(mode, SEED).checkVjp(f, sinVjp(1.0), point(30, SEED));
    assertTrue(r.passed(), () -> context(SEED, mode, r));
    assertEquals(f.calls(), r.functionEvaluations(), () -> context(SEED, mode, r));
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void aFailingCheckCountsEveryCallOfF(Mode mode) {
    Counted f = new Counted(SIN);
    CheckReport r = checker(mode, SEED).checkVjp(f, sinVjp(2.0), point(30, SEED));
    assertFalse(r.passed(), () -> context(SEED, mode, r));
    assertEquals(f.calls(), r.functionEvaluations(), () -> context(SEED, mode, r));
  }

  /** FULL at n = 3 000 takes ~20 s; the small checks above cover FULL. */
  @ParameterizedTest
  @EnumSource(
      value = Mode.class,
      names = {"AUTO", "SAMPLED", "FAST"})
  void aFailingLocalisedCheckOnALargeInputCountsEveryCallOfF(Mode mode) {
    Counted f = new Counted(SIN);
    CheckReport r = checker(mode, SEED).checkVjp(f, sinVjpWrongAt(7), point(3_000, SEED));
    if (mode != Mode.SAMPLED) { // SAMPLED may legitimately not draw x[7] out of 3 000
      assertFalse(r.passed(), () -> context(SEED, mode, r));
    }
    assertEquals(f.calls(), r.functionEvaluations(), () -> context(SEED, mode, r));
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void aCheckWithKinksCountsTheKinkSearchToo(Mode mode) {
    Counted f = new Counted(RELU);
    CheckReport r = checker(mode, SEED).checkVjp(f, RELU_VJP, reluPoint(40, 4, SEED));
    assertEquals(f.calls(), r.functionEvaluations(), () -> context(SEED, mode, r));
  }
}
