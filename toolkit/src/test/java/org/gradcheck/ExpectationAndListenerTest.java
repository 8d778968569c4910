package org.gradcheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@link GradientChecker#withReportListener} and {@link GradientChecker#expectFailure}: every check
 * form hands its report to the listener; an expecting checker's reports carry the expectation,
 * which {@link CheckReport#assertAsExpected()} asserts both ways.
 */
class ExpectationAndListenerTest {
  private static final double[] X = {0.3, -1.2, 0.8};
  private static final GradientChecker CHECKER = GradientChecker.builder().mode(Mode.FULL).build();

  private static double[] cube(double[] x) {
    double[] y = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = x[i] * x[i] * x[i];
    }
    return y;
  }

  /** d(x³)/dx times {@code factor}, as a VJP (elementwise, so also a JVP). */
  private static double[] scaled(double[] x, double[] g, double factor) {
    double[] out = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      out[i] = factor * 3 * x[i] * x[i] * g[i];
    }
    return out;
  }

  private static double loss(double[] x) {
    double s = 0;
    for (double v : cube(x)) {
      s += v;
    }
    return s;
  }

  @Test
  void everyCheckFormReachesTheListenerWithTheReportItReturns() {
    List<CheckReport> heard = new ArrayList<>();
    GradientChecker listening = CHECKER.withReportListener(heard::add);
    List<CheckReport> returned =
        List.of(
            listening.checkVjp(ExpectationAndListenerTest::cube, (x, g) -> scaled(x, g, 1), X),
            listening.checkJvp(ExpectationAndListenerTest::cube, (x, u) -> scaled(x, u, 1), X),
            listening.checkGradient(
                ExpectationAndListenerTest::loss, x -> scaled(x, new double[] {1, 1, 1}, 1), X),
            listening.checkJacobian(
                ExpectationAndListenerTest::cube,
                x -> org.ejml.dense.row.CommonOps_DDRM.diag(scaled(x, new double[] {1, 1, 1}, 1)),
                X),
            listening.checkHessianVectorProduct(
                x -> scaled(x, new double[] {1, 1, 1}, 1),
                (x, v) -> {
                  double[] out = new double[x.length];
                  for (int i = 0; i < x.length; i++) {
                    out[i] = 6 * x[i] * v[i];
                  }
                  return out;
                },
                X));
    assertEquals(returned.size(), heard.size());
    for (int i = 0; i < returned.size(); i++) {
      assertSame(returned.get(i), heard.get(i));
      assertTrue(returned.get(i).passed(), returned.get(i)::toString);
    }
    CheckReport unheard =
        CHECKER.checkVjp(ExpectationAndListenerTest::cube, (x, g) -> scaled(x, g, 1), X);
    assertEquals(5, heard.size(), "the original checker has no listener");
    assertTrue(unheard.passed());
  }

  @Test
  void listenersChainAndSurviveToBuilder() {
    List<String> heard = new ArrayList<>();
    GradientChecker both =
        CHECKER
            .withReportListener(r -> heard.add("first"))
            .withReportListener(r -> heard.add("second"))
            .toBuilder()
            .seed(3)
            .build();
    both.checkVjp(ExpectationAndListenerTest::cube, (x, g) -> scaled(x, g, 1), X);
    assertEquals(List.of("first", "second"), heard);
  }

  @Test
  void anExpectationIsCarriedByTheReportAndMetByTheExpectedBug() {
    GradientChecker expecting = CHECKER.expectFailure(Finding.Kind.CONSTANT_FACTOR);
    assertEquals(Optional.empty(), CHECKER.expectation());
    assertEquals(
        List.of(Finding.Kind.CONSTANT_FACTOR), expecting.expectation().orElseThrow().kinds());
    CheckReport caught =
        expecting.checkVjp(ExpectationAndListenerTest::cube, (x, g) -> scaled(x, g, 2), X);
    assertFalse(caught.passed());
    assertEquals(
        ExpectedFailure.of(Finding.Kind.CONSTANT_FACTOR), caught.expectation().orElseThrow());
    assertTrue(caught.asExpected());
    assertSame(caught, caught.assertAsExpected());
    assertEquals(
        Optional.of(ExpectedFailure.of(Finding.Kind.CONSTANT_FACTOR)),
        expecting.toBuilder().seed(9).build().expectation());
  }

  @Test
  void aCorrectDerivativeUnderAnExpectationIsNotAsExpected() {
    CheckReport passed =
        CHECKER
            .expectFailure(Finding.Kind.CONSTANT_FACTOR)
            .checkVjp(ExpectationAndListenerTest::cube, (x, g) -> scaled(x, g, 1), X);
    assertTrue(passed.passed());
    assertFalse(passed.asExpected());
    GradientCheckFailure e = assertThrows(GradientCheckFailure.class, passed::assertAsExpected);
    assertEquals(
        "expected the check to fail with [CONSTANT_FACTOR], but it passed",
        e.getMessage().lines().findFirst().orElseThrow());
  }

  @Test
  void aFailureOfAnotherKindNamesTheKindsFound() {
    CheckReport flipped =
        CHECKER
            .expectFailure(Finding.Kind.CONSTANT_FACTOR)
            .checkVjp(ExpectationAndListenerTest::cube, (x, g) -> scaled(x, g, -1), X);
    assertFalse(flipped.asExpected());
    GradientCheckFailure e = assertThrows(GradientCheckFailure.class, flipped::assertAsExpected);
    assertEquals(
        "expected the check to fail with [CONSTANT_FACTOR]; it failed, but [CONSTANT_FACTOR] is not"
            + " among its findings [SIGN_FLIPPED]",
        e.getMessage().lines().findFirst().orElseThrow());
  }

  @Test
  void withoutAnExpectationAssertAsExpectedIsAssertPassed() {
    CheckReport right =
        CHECKER.checkVjp(ExpectationAndListenerTest::cube, (x, g) -> scaled(x, g, 1), X);
    CheckReport wrong =
        CHECKER.checkVjp(ExpectationAndListenerTest::cube, (x, g) -> scaled(x, g, 2), X);
    assertEquals(Optional.empty(), right.expectation());
    assertSame(right, right.assertAsExpected());
    assertTrue(right.asExpected());
    assertFalse(wrong.asExpected());
    assertThrows(GradientCheckFailure.class, wrong::assertAsExpected);
    assertNull(ExpectedFailure.of().unmetBy(wrong).orElse(null), "any failure meets no kinds");
  }
}
