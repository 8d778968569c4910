package org.gradcheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@link CheckReport#assertFailed(Finding.Kind...)}: expected failures asserted by kind. */
class AssertFailedTest {
  private static final double[] X = {0.3, -1.2, 0.8, 2.0};
  private static final GradientChecker CHECKER = GradientChecker.builder().mode(Mode.FULL).build();

  private static double[] tanh(double[] x) {
    double[] y = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = Math.tanh(x[i]);
    }
    return y;
  }

  private static VectorJacobianProduct backward(double factor) {
    return (x, g) -> {
      double[] out = new double[x.length];
      for (int i = 0; i < x.length; i++) {
        double t = Math.tanh(x[i]);
        out[i] = factor * g[i] * (1 - t * t);
      }
      return out;
    };
  }

  @Test
  void aCaughtBugOfTheExpectedKindPasses() {
    CheckReport r = CHECKER.checkVjp(AssertFailedTest::tanh, backward(2.0), X);
    assertSame(r, r.assertFailed(Finding.Kind.CONSTANT_FACTOR));
    assertSame(r, r.assertFailed());
  }

  @Test
  void aCorrectGradientFailsTheExpectation() {
    CheckReport r = CHECKER.checkVjp(AssertFailedTest::tanh, backward(1.0), X);
    GradientCheckFailure e =
        assertThrows(
            GradientCheckFailure.class, () -> r.assertFailed(Finding.Kind.CONSTANT_FACTOR));
    assertTrue(
        e.getMessage()
            .startsWith("expected the check to fail with [CONSTANT_FACTOR], but it passed"),
        e::getMessage);
    assertSame(r, e.report());
  }

  @Test
  void aBugOfAnotherKindSaysWhatWasFoundInstead() {
    CheckReport r = CHECKER.checkVjp(AssertFailedTest::tanh, backward(-1.0), X);
    GradientCheckFailure e =
        assertThrows(
            GradientCheckFailure.class, () -> r.assertFailed(Finding.Kind.CONSTANT_FACTOR));
    String first = e.getMessage().lines().findFirst().orElseThrow();
    assertEquals(
        "expected the check to fail with [CONSTANT_FACTOR]; it failed, but [CONSTANT_FACTOR] is not"
            + " among its findings [SIGN_FLIPPED]",
        first);
  }
}
