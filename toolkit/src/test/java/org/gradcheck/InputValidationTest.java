package org.gradcheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Bad input gets a specific error naming the input, the index or shape, and what was expected. */
class InputValidationTest {
  private final GradientChecker checker = GradientChecker.builder().mode(Mode.FULL).build();
  private final double[] x = {0.1, 0.2, 0.3};

  /** f: R³ → R², y = (x0·x1, sin x2). */
  private static double[] f(double[] x) {
    return new double[] {x[0] * x[1], Math.sin(x[2])};
  }

  private static DMatrixRMaj jacobian(double[] x) {
    return new DMatrixRMaj(2, 3, true, x[1], x[0], 0, 0, 0, Math.cos(x[2]));
  }

  private static <T extends Throwable> String message(Class<T> type, Executable call) {
    return assertThrows(type, call).getMessage();
  }

  @Test
  void emptyNullAndNonFiniteInputsAreNamed() {
    assertTrue(
        message(
                InvalidCheckInputException.class,
                () ->
                    checker.checkJacobian(
                        InputValidationTest::f, InputValidationTest::jacobian, new double[0]))
            .contains("input x is empty"));
    assertTrue(
        message(
                InvalidCheckInputException.class,
                () ->
                    checker.checkJacobian(
                        InputValidationTest::f, InputValidationTest::jacobian, null))
            .contains("input x"));
    String nan =
        message(
            InvalidCheckInputException.class,
            () ->
                checker.checkJacobian(
                    InputValidationTest::f,
                    InputValidationTest::jacobian,
                    new double[] {0, Double.NaN, 1}));
    assertTrue(nan.contains("x[1] = NaN"), nan);
    assertTrue(
        message(
                InvalidCheckInputException.class,
                () -> checker.checkJacobian(null, InputValidationTest::jacobian, x))
            .contains("function f"));
    assertTrue(
        message(
                InvalidCheckInputException.class,
                () -> checker.checkVjp(InputValidationTest::f, null, x))
            .contains("vjp"));
  }

  @Test
  void signatureMismatchNamesBothShapes() {
    Signature sig = Signature.builder().input("a", 2).input("W", 2, 2).output("y", 2).build();
    String inputs =
        message(
            InvalidCheckInputException.class,
            () ->
                checker.checkJacobian(
                    InputValidationTest::f, InputValidationTest::jacobian, x, sig));
    assertTrue(inputs.contains("x has length 3"), inputs);
    assertTrue(inputs.contains("declares 6 inputs [a: 2, W: 2×2]"), inputs);
    Signature threeOut = Signature.builder().input("x", 3).output("y", 3).build();
    String outputs =
        message(
            InvalidCheckInputException.class,
            () ->
                checker.checkJacobian(
                    InputValidationTest::f, InputValidationTest::jacobian, x, threeOut));
    assertTrue(outputs.contains("f returned 2 outputs"), outputs);
    assertTrue(outputs.contains("declares 3 [y: 3]"), outputs);
    Signature allConstant = Signature.builder().constant("labels", 3).output("y", 2).build();
    String constant =
        message(
            InvalidCheckInputException.class,
            () ->
                checker.checkJacobian(
                    InputValidationTest::f, InputValidationTest::jacobian, x, allConstant));
    assertTrue(constant.contains("nothing to differentiate"), constant);
  }

  @Test
  void badFunctionResultsAreNamed() {
    String nullResult =
        message(
            InvalidCheckInputException.class,
            () -> checker.checkJacobian(z -> null, InputValidationTest::jacobian, x));
    assertTrue(nullResult.contains("f returned null"), nullResult);
    String nonFinite =
        message(
            FunctionFailedException.class,
            () ->
                checker.checkJacobian(
                    z -> new double[] {1, Double.POSITIVE_INFINITY},
                    InputValidationTest::jacobian,
                    x));
    assertTrue(nonFinite.contains("output[1] = Infinity"), nonFinite);
    String gradientLength =
        message(
            InvalidCheckInputException.class,
            () -> checker.checkHessian(z -> new double[2], z -> new DMatrixRMaj(3, 3), x));
    assertTrue(
        gradientLength.contains("the gradient returned length 2, expected 3"), gradientLength);
  }

  @Test
  void badAnalyticResultsAreNamed() {
    String transposed =
        message(
            InvalidCheckInputException.class,
            () -> checker.checkJacobian(InputValidationTest::f, z -> new DMatrixRMaj(3, 2), x));
    assertTrue(transposed.contains("is 3×2, expected 2×3"), transposed);
    assertTrue(transposed.contains("transposed"), transposed);
    String nullMatrix =
        message(
            InvalidCheckInputException.class,
            () -> checker.checkJacobian(InputValidationTest::f, z -> null, x));
    assertTrue(nullMatrix.contains("returned null; expected a 2×3 matrix"), nullMatrix);
    String vjpLength =
        message(
            InvalidCheckInputException.class,
            () -> checker.checkVjp(InputValidationTest::f, (z, g) -> new double[2], x));
    assertTrue(vjpLength.contains("length 2"), vjpLength);
    assertTrue(vjpLength.contains("expected length 3"), vjpLength);
    String jvpNull =
        message(
            InvalidCheckInputException.class,
            () -> checker.checkJvp(InputValidationTest::f, (z, u) -> null, x));
    assertTrue(jvpNull.contains("JVP"), jvpNull);
    String gradientLength =
        message(
            InvalidCheckInputException.class,
            () -> checker.checkGradient(z -> z[0], z -> new double[1], x));
    assertTrue(gradientLength.contains("gradient returned an array of length 1"), gradientLength);
  }

  @Test
  void nonFiniteAnalyticValuesFailTheCheckRatherThanPass() {
    CheckReport report =
        checker.checkJacobian(
            InputValidationTest::f,
            z -> {
              DMatrixRMaj j = jacobian(z);
              j.set(1, 2, Double.NaN);
              return j;
            },
            x);
    assertFalse(report.passed(), report::toString);
    assertTrue(Double.isNaN(report.maxAbsError()), report::toString);
    assertEquals("∂y[1]/∂x[2]", report.worstEntries().get(0).label(), report::toString);
  }

  @Test
  void aFunctionUndefinedOnTheStencilFailsThatColumnAndSaysWhy() {
    // f = x1·√x0 at x0 = 0: the stencil of ∂/∂x0 steps into x0 < 0
    CheckReport report =
        checker.checkVjp(
            z -> new double[] {z[1] * Math.sqrt(z[0])},
            (z, g) -> new double[] {0.0, g[0] * Math.sqrt(z[0])},
            new double[] {0.0, 0.5});
    assertFalse(report.passed(), report::toString);
    assertEquals("∂y[0]/∂x[0]", report.worstEntries().get(0).label(), report::toString);
    assertTrue(Double.isNaN(report.worstEntries().get(0).numeric()), report::toString);
    assertTrue(
        report.notes().stream().anyMatch(n -> n.contains("[x[0]] could not be differentiated")),
        report::toString);
  }

  @Test
  void anEntryConfirmedOnlyByAWideErrorBarIsNoted() {
    // a coarse fixed step on exp(4·x0): the estimate's error bar is wider than 10 % of its value,
    // so the (correct) analytic entry passes inside the bar but the numeric side cannot confirm it
    GradientChecker coarse =
        checker.toBuilder()
            .differentiator(
                org.gradcheck.numeric.NumericDifferentiator.defaults()
                    .withStep(org.gradcheck.numeric.StepSize.fixed(0.4)))
            .build();
    CheckReport report =
        coarse.checkGradient(
            z -> Math.exp(4 * z[0]) + z[1] * z[1],
            z -> new double[] {4 * Math.exp(4 * z[0]), 2 * z[1]},
            new double[] {0.0, 0.5});
    assertTrue(report.hasFinding(Finding.Kind.NOISE), report::toString);
    CheckReport smooth =
        checker.checkGradient(
            z -> z[0] * z[0] + z[1] * z[1],
            z -> new double[] {2 * z[0], 2 * z[1]},
            new double[] {0.0, 0.5});
    assertTrue(smooth.passed(), smooth::toString);
    assertTrue(!smooth.hasFinding(Finding.Kind.NOISE), smooth::toString);
  }

  @Test
  void badKnobsAreRejectedAtBuild() {
    String atol =
        message(
            IllegalArgumentException.class,
            () -> GradientChecker.builder().atol(Double.NaN).build());
    assertTrue(atol.contains("atol = NaN"), atol);
    String rtol =
        message(IllegalArgumentException.class, () -> GradientChecker.builder().rtol(-1).build());
    assertTrue(rtol.contains("rtol = -1.0"), rtol);
    String k =
        message(
            IllegalArgumentException.class,
            () -> GradientChecker.builder().errorBoundFactor(Double.POSITIVE_INFINITY).build());
    assertTrue(k.contains("errorBoundFactor = Infinity"), k);
    assertTrue(
        message(IllegalArgumentException.class, () -> GradientChecker.builder().probes(0).build())
            .contains("probes = 0"));
    assertTrue(
        message(IllegalArgumentException.class, () -> GradientChecker.builder().threads(0).build())
            .contains("threads = 0"));
    assertTrue(
        message(
                IllegalArgumentException.class,
                () -> GradientChecker.builder().sampleSize(-3).build())
            .contains("sampleSize = -3"));
  }
}
