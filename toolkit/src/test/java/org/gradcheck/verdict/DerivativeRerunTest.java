package org.gradcheck.verdict;

import static org.gradcheck.verdict.VerdictFunctions.SIN;
import static org.gradcheck.verdict.VerdictFunctions.checker;
import static org.gradcheck.verdict.VerdictFunctions.context;
import static org.gradcheck.verdict.VerdictFunctions.noisySinVjp;
import static org.gradcheck.verdict.VerdictFunctions.point;
import static org.gradcheck.verdict.VerdictFunctions.sinVjp;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.gradcheck.CheckReport;
import org.gradcheck.Finding;
import org.gradcheck.Mode;
import org.gradcheck.Robustness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The derivative is re-run: a backward pass whose result differs from call to call is reported as
 * NONDETERMINISTIC_DERIVATIVE unless the declared nondeterminism tolerance covers its spread; a
 * deterministic one never is.
 */
class DerivativeRerunTest {
  private static final long SEED = 8_675_309L;
  private static final int N = 10;

  @Test
  void aBackwardWithNoise1e12FailsAsNondeterministicAtTheDefaultTolerance() {
    CheckReport r =
        checker(Mode.FULL, SEED).checkVjp(SIN, noisySinVjp(1e-12, SEED), point(N, SEED));
    assertFalse(r.passed(), () -> context(SEED, Mode.FULL, r));
    assertTrue(
        r.hasFinding(Finding.Kind.NONDETERMINISTIC_DERIVATIVE), () -> context(SEED, Mode.FULL, r));
  }

  @Test
  void aBackwardWithNoise1e12PassesWhenTheToleranceCoversIt() {
    Robustness tolerant = Robustness.defaults().withNondeterminismTolerance(1e-9);
    CheckReport r =
        checker(Mode.FULL, SEED, tolerant).checkVjp(SIN, noisySinVjp(1e-12, SEED), point(N, SEED));
    assertTrue(r.passed(), () -> context(SEED, Mode.FULL, r));
    assertFalse(
        r.hasFinding(Finding.Kind.NONDETERMINISTIC_DERIVATIVE), () -> context(SEED, Mode.FULL, r));
  }

  @ParameterizedTest
  @ValueSource(doubles = {0.0, 1e-12, 1e-9, 1e-7, 5e-7})
  void aBackwardWithNoise1e6FailsAsNondeterministicAtAnyToleranceBelowIt(double tolerance) {
    Robustness settings = Robustness.defaults().withNondeterminismTolerance(tolerance);
    CheckReport r =
        checker(Mode.FULL, SEED, settings).checkVjp(SIN, noisySinVjp(1e-6, SEED), point(N, SEED));
    assertFalse(r.passed(), () -> "tolerance " + tolerance + "; " + context(SEED, Mode.FULL, r));
    assertTrue(
        r.hasFinding(Finding.Kind.NONDETERMINISTIC_DERIVATIVE),
        () -> "tolerance " + tolerance + "; " + context(SEED, Mode.FULL, r));
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void aDeterministicBackwardNeverGetsTheFindingInAnyMode(Mode mode) {
    CheckReport good = checker(mode, SEED).checkVjp(SIN, sinVjp(1.0), point(N, SEED));
    assertTrue(good.passed(), () -> context(SEED, mode, good));
    assertFalse(
        good.hasFinding(Finding.Kind.NONDETERMINISTIC_DERIVATIVE), () -> context(SEED, mode, good));
    CheckReport wrong = checker(mode, SEED).checkVjp(SIN, sinVjp(2.0), point(N, SEED));
    assertFalse(wrong.passed(), () -> context(SEED, mode, wrong));
    assertFalse(
        wrong.hasFinding(Finding.Kind.NONDETERMINISTIC_DERIVATIVE),
        () -> context(SEED, mode, wrong));
  }
}
