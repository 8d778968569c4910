package org.gradcheck.verdict;

import static org.gradcheck.verdict.VerdictFunctions.checker;
import static org.gradcheck.verdict.VerdictFunctions.context;
import static org.gradcheck.verdict.VerdictFunctions.noisySin;
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

/**
 * Declared noise does not hide a bug: f = sin(x) with relative noise 1e-12 that differs call to
 * call, checked with a declared nondeterminism tolerance of 1e-11, passes a correct backward pass
 * and fails one off by a factor of 2 in every mode (the noise must not make every input look like a
 * kink). At the default tolerance 0 the wrong backward fails with both the nondeterminism and the
 * constant-factor finding.
 */
class DeclaredNoiseTest {
  private static final long SEED = 1_000_000_007L;
  private static final int N = 10;
  private static final double NOISE = 1e-12;
  private static final Robustness DECLARED =
      Robustness.defaults().withNondeterminismTolerance(1e-11);

  @ParameterizedTest
  @EnumSource(Mode.class)
  void aCorrectBackwardOfANoisyFunctionPassesWithTheNoiseDeclared(Mode mode) {
    CheckReport r =
        checker(mode, SEED, DECLARED).checkVjp(noisySin(NOISE, SEED), sinVjp(1.0), point(N, SEED));
    assertTrue(r.passed(), () -> context(SEED, mode, r));
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void aBackwardOffByTwoFailsDespiteDeclaredNoiseInEveryMode(Mode mode) {
    CheckReport r =
        checker(mode, SEED, DECLARED).checkVjp(noisySin(NOISE, SEED), sinVjp(2.0), point(N, SEED));
    assertFalse(r.passed(), () -> context(SEED, mode, r));
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void declaredNoiseIsNotTakenForAKinkInEveryMode(Mode mode) {
    CheckReport r =
        checker(mode, SEED, DECLARED).checkVjp(noisySin(NOISE, SEED), sinVjp(2.0), point(N, SEED));
    assertFalse(r.hasFinding(Finding.Kind.KINK), () -> context(SEED, mode, r));
  }

  @Test
  void atTheDefaultToleranceTheWrongBackwardFailsWithNondeterminismAndConstantFactor() {
    CheckReport r =
        checker(Mode.FULL, SEED).checkVjp(noisySin(NOISE, SEED), sinVjp(2.0), point(N, SEED));
    assertFalse(r.passed(), () -> context(SEED, Mode.FULL, r));
    assertTrue(
        r.hasFinding(Finding.Kind.NONDETERMINISTIC_FUNCTION), () -> context(SEED, Mode.FULL, r));
    assertTrue(r.hasFinding(Finding.Kind.CONSTANT_FACTOR), () -> context(SEED, Mode.FULL, r));
  }

  @Test
  void atTheDefaultToleranceACorrectBackwardOfANoisyFunctionFailsAsNondeterministic() {
    CheckReport r =
        checker(Mode.FULL, SEED).checkVjp(noisySin(NOISE, SEED), sinVjp(1.0), point(N, SEED));
    assertFalse(r.passed(), () -> context(SEED, Mode.FULL, r));
    assertTrue(
        r.hasFinding(Finding.Kind.NONDETERMINISTIC_FUNCTION), () -> context(SEED, Mode.FULL, r));
    assertFalse(r.hasFinding(Finding.Kind.CONSTANT_FACTOR), () -> context(SEED, Mode.FULL, r));
  }
}
