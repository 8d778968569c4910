package org.gradcheck.hamcrest;

import static org.gradcheck.hamcrest.CloseToTest.mismatch;
import static org.gradcheck.hamcrest.GradientMatchers.matchesNumericJacobianOf;
import static org.gradcheck.hamcrest.GradientMatchers.passesGradientCheck;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.ejml.data.DMatrixRMaj;
import org.gradcheck.CheckReport;
import org.gradcheck.GradientChecker;
import org.gradcheck.Mode;
import org.gradcheck.Signature;
import org.gradcheck.VectorFunction;
import org.junit.jupiter.api.Test;

class CheckMatchersTest {
  /** f(x) = (x0·x1, sin x2, x0²). */
  private static final VectorFunction F =
      x -> new double[] {x[0] * x[1], Math.sin(x[2]), x[0] * x[0]};

  private static final double[] X = {0.3, -1.2, 0.7};

  private static DMatrixRMaj rightJacobian(double[] x) {
    return new DMatrixRMaj(
        new double[][] {{x[1], x[0], 0}, {0, 0, Math.cos(x[2])}, {2 * x[0], 0, 0}});
  }

  private static DMatrixRMaj oneWrongEntry(double[] x) {
    DMatrixRMaj j = rightJacobian(x);
    j.set(2, 0, x[0]); // forgot the factor 2 of d(x0²)/dx0
    return j;
  }

  private static final GradientChecker FULL = GradientChecker.builder().mode(Mode.FULL).build();

  @Test
  void passesGradientCheckMatchesAPassingReportAndNamesTheWorstEntriesOfAFailingOne() {
    CheckReport pass = FULL.checkJacobian(F, CheckMatchersTest::rightJacobian, X);
    assertThat(pass, passesGradientCheck());

    CheckReport fail = FULL.checkJacobian(F, CheckMatchersTest::oneWrongEntry, X);
    assertThat(fail, not(passesGradientCheck()));
    String text = mismatch(passesGradientCheck(), fail);
    assertThat(
        text,
        allOf(
            startsWith("JACOBIAN check (mode FULL) failed: 1 of 9 entries outside tolerance"),
            containsString("seed 42; worst:"),
            containsString("\n  ∂y[2]/∂x[0] (output 2, input 0): analytic 0.3, numeric 0.6 ± "),
            containsString(", off by 0.3, allowed "),
            containsString("\n  finding: diagnosis: one wrong entry: only ∂y[2]/∂x[0] is wrong")));
    AssertionError e =
        assertThrows(AssertionError.class, () -> assertThat(fail, passesGradientCheck()));
    assertThat(e.getMessage(), containsString("Expected: a passing gradient check"));
  }

  @Test
  void matchesNumericJacobianOfAcceptsTheRightJacobianAndNamesTheWrongEntry() {
    assertThat(rightJacobian(X), matchesNumericJacobianOf(F).at(X));
    assertThat(oneWrongEntry(X), not(matchesNumericJacobianOf(F).at(X)));

    Signature named = Signature.builder().input("w", 3).output("h", 3).build();
    String text = mismatch(matchesNumericJacobianOf(F).named(named).at(X), oneWrongEntry(X));
    assertThat(
        text,
        allOf(
            startsWith("JACOBIAN check (mode FULL) failed: 1 of 9 entries"),
            containsString("∂h[2]/∂w[0] (output 2, input 0): analytic 0.3, numeric 0.6 ± ")));
  }

  @Test
  void matchesNumericJacobianOfReportsAWrongShapeBeforeComparing() {
    VectorFunction g = x -> new double[] {x[0] + x[1], x[0] * x[1], x[0]};
    DMatrixRMaj transposedShape = new DMatrixRMaj(2, 3);
    assertThat(
        mismatch(matchesNumericJacobianOf(g).at(new double[] {1, 2}), transposedShape),
        equalTo("was a 2×3 matrix, but f maps R^2 to R^3, so its Jacobian is 3×2"));
  }

  @Test
  void matchesNumericJacobianOfUsesTheGivenCheckersTolerance() {
    GradientChecker loose = GradientChecker.builder().atol(0.5).build();
    assertThat(oneWrongEntry(X), matchesNumericJacobianOf(F).using(loose).at(X));
    StringBuilder description = new StringBuilder();
    org.hamcrest.StringDescription d = new org.hamcrest.StringDescription(description);
    matchesNumericJacobianOf(F).using(loose).at(X).describeTo(d);
    assertThat(
        description.toString(),
        allOf(
            startsWith(
                "the numeric Jacobian of f at x = double[3] [0.3, -1.2, 0.7], every entry within: pass"),
            containsString("atol = 0.5")));
  }
}
