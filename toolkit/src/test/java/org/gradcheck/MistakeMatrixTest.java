package org.gradcheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.ejml.data.DMatrixRMaj;
import org.gradcheck.TestFunctions.Mistake;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every check kind in every mode: the correct derivative passes, and each typical mistake fails
 * with the failing entry named.
 */
class MistakeMatrixTest {
  private static final double[] C = {1.0, -2.0, 0.5, 1.5};
  private static final Signature LOSS = Signature.builder().input("w", 4).output("loss").build();
  private static final Signature HESS = Signature.builder().input("w", 4).output("loss").build();

  static Stream<Arguments> kindsAndModes() {
    List<Arguments> all = new ArrayList<>();
    for (CheckKind kind : CheckKind.values()) {
      for (Mode mode : new Mode[] {Mode.FULL, Mode.FAST, Mode.SAMPLED, Mode.AUTO}) {
        all.add(Arguments.of(kind, mode));
      }
    }
    return all.stream();
  }

  static Stream<Arguments> kindsModesMistakes() {
    List<Arguments> all = new ArrayList<>();
    for (CheckKind kind : CheckKind.values()) {
      for (Mode mode : new Mode[] {Mode.FULL, Mode.FAST, Mode.SAMPLED}) {
        for (Mistake mistake : Mistake.values()) {
          boolean secondOrder = kind == CheckKind.HESSIAN || kind == CheckKind.HVP;
          if (secondOrder && mistake == Mistake.TRANSPOSED) {
            continue; // a Hessian is symmetric: its transpose is no mistake
          }
          all.add(Arguments.of(kind, mode, mistake));
        }
      }
    }
    return all.stream();
  }

  private static GradientChecker checker(Mode mode) {
    return GradientChecker.builder().mode(mode).sampleSize(3).seed(7).build();
  }

  /** Runs one check of the given kind with the derivative the mistake (or null) produced. */
  static CheckReport check(CheckKind kind, Mode mode, Mistake mistake) {
    GradientChecker checker = checker(mode);
    double[] x = TestFunctions.point();
    Function<double[], DMatrixRMaj> first =
        mistake == null
            ? w -> TestFunctions.squareJacobian(w, true)
            : TestFunctions.broken(TestFunctions::squareJacobian, mistake);
    Function<double[], DMatrixRMaj> second =
        mistake == null
            ? w -> TestFunctions.phiHessian(w, true)
            : TestFunctions.broken(TestFunctions::phiHessian, mistake);
    return switch (kind) {
      case JACOBIAN ->
          checker.checkJacobian(TestFunctions::square, first::apply, x, TestFunctions.SQUARE);
      case VJP ->
          checker.checkVjp(
              TestFunctions::square,
              (w, g) -> TestFunctions.transposeTimes(first.apply(w), g),
              x,
              TestFunctions.SQUARE);
      case JVP ->
          checker.checkJvp(
              TestFunctions::square,
              (w, u) -> TestFunctions.times(first.apply(w), u),
              x,
              TestFunctions.SQUARE);
      case GRADIENT ->
          checker.checkGradient(
              w -> dot(C, TestFunctions.square(w)),
              w -> TestFunctions.transposeTimes(first.apply(w), C),
              x,
              LOSS);
      case HESSIAN -> checker.checkHessian(TestFunctions::phiGradient, second::apply, x, HESS);
      case HVP ->
          checker.checkHessianVectorProduct(
              TestFunctions::phiGradient,
              (w, v) -> TestFunctions.times(second.apply(w), v),
              x,
              HESS);
    };
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("kindsAndModes")
  void correctDerivativePasses(CheckKind kind, Mode mode) {
    CheckReport report = check(kind, mode, null);
    assertTrue(report.passed(), report::toString);
    assertEquals(kind, report.kind());
    assertTrue(report.comparedCount() > 0, report::toString);
    assertTrue(report.maxRelError() < 1e-8, report::toString);
    assertTrue(
        report.notes().stream().noneMatch(n -> n.contains("not symmetric")), report::toString);
    if (mode != Mode.AUTO) {
      assertEquals(mode, report.mode());
    }
    report.assertPassed();
  }

  @ParameterizedTest(name = "{0} {1} {2}")
  @MethodSource("kindsModesMistakes")
  void mistakeFailsWithTheEntryNamed(CheckKind kind, Mode mode, Mistake mistake) {
    CheckReport report = check(kind, mode, mistake);
    List<Integer> sampledColumns =
        report.comparedEntries().stream().map(ComparedEntry::inputIndex).distinct().toList();
    if (mode == Mode.SAMPLED
        && mistake == Mistake.ONE_WRONG_ENTRY
        && !sampledColumns.contains(TestFunctions.WRONG_COLUMN)) {
      assertTrue(report.passed(), "the wrong column was not sampled:\n" + report);
      return;
    }
    assertFalse(report.passed(), report::toString);
    GradientCheckFailure failure = assertThrows(GradientCheckFailure.class, report::assertPassed);
    assertTrue(failure.getMessage().contains("seed 7"), failure.getMessage());
    List<ComparedEntry> namedFailures =
        report.worstEntries().stream()
            .filter(e -> !e.withinTolerance() && e.outputIndex() >= 0)
            .toList();
    assertFalse(namedFailures.isEmpty(), () -> "no failing entry is named:\n" + report);
    ComparedEntry worst = namedFailures.get(0);
    String prefix = kind == CheckKind.HESSIAN || kind == CheckKind.HVP ? "∂²f/∂w[" : "∂";
    assertTrue(worst.label().startsWith(prefix), report::toString);
    assertTrue(report.toString().contains(worst.label()), report::toString);
    if (mistake == Mistake.ONE_WRONG_ENTRY) {
      String expected =
          switch (kind) {
            case JACOBIAN, VJP, JVP -> "∂y[1]/∂w[2]";
            case GRADIENT -> "∂loss/∂w[2]";
            case HESSIAN, HVP -> "∂²f/∂w[1]∂w[2]";
          };
      assertEquals(expected, worst.label(), report::toString);
      assertEquals(1, namedFailures.size(), report::toString);
      if (kind == CheckKind.HESSIAN) {
        assertTrue(
            report.notes().stream()
                .anyMatch(n -> n.contains("the analytic Hessian is not symmetric in 1 pair(s)")),
            report::toString);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = Mode.class,
      names = {"FULL", "FAST"})
  void softmaxDiagonalOnlyJacobianFails(Mode mode) {
    double[] x = {0.2, -1.0, 0.7, 0.1, 1.5};
    GradientChecker checker = GradientChecker.builder().mode(mode).build();
    CheckReport good =
        checker.checkJacobian(
            TestFunctions::softmax, z -> TestFunctions.softmaxJacobian(z, false), x);
    assertTrue(good.passed(), good::toString);
    CheckReport bad =
        checker.checkJacobian(
            TestFunctions::softmax, z -> TestFunctions.softmaxJacobian(z, true), x);
    assertFalse(bad.passed(), bad::toString);
    CheckReport badVjp =
        checker.checkVjp(
            TestFunctions::softmax,
            (z, g) -> TestFunctions.transposeTimes(TestFunctions.softmaxJacobian(z, true), g),
            x);
    assertFalse(badVjp.passed(), badVjp::toString);
    ComparedEntry worst =
        bad.worstEntries().stream().filter(e -> e.outputIndex() >= 0).findFirst().orElseThrow();
    assertTrue(worst.outputIndex() != worst.inputIndex(), "off-diagonal entries are wrong: " + bad);
    assertEquals(0.0, worst.analytic(), bad::toString);
  }
}
