package org.gradcheck.numeric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.DoubleUnaryOperator;
import org.gradcheck.VectorFunction;
import org.junit.jupiter.api.Test;

class BadInputAndDomainTest {
  private static final NumericDifferentiator ENGINE = NumericDifferentiator.defaults();
  private static final VectorFunction SUM_SQUARES =
      x -> {
        double s = 0;
        for (double v : x) {
          s += v * v;
        }
        return new double[] {s};
      };

  private static void assertMentions(Throwable e, String... parts) {
    for (String part : parts) {
      assertTrue(e.getMessage().contains(part), "'" + part + "' missing from: " + e.getMessage());
    }
  }

  @Test
  void nonFiniteInputsNameTheIndex() {
    for (double bad :
        new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
      InvalidInputException e =
          assertThrows(
              InvalidInputException.class,
              () -> ENGINE.jacobian(SUM_SQUARES, new double[] {1, 2, bad}));
      assertEquals(2, e.index());
      assertMentions(e, "x[2]", String.valueOf(bad), "not finite");
    }
    InvalidInputException u =
        assertThrows(
            InvalidInputException.class,
            () ->
                ENGINE.directional(SUM_SQUARES, new double[] {1, 2}, new double[] {Double.NaN, 1}));
    assertEquals(0, u.index());
    assertMentions(u, "direction u[0]");
    assertThrows(InvalidInputException.class, () -> ENGINE.derivative(Math::exp, Double.NaN));
  }

  @Test
  void shapeErrorsAreIllegalArguments() {
    assertMentions(
        assertThrows(
            IllegalArgumentException.class, () -> ENGINE.partial(SUM_SQUARES, new double[] {1}, 1)),
        "column 1",
        "length 1");
    assertMentions(
        assertThrows(
            IllegalArgumentException.class,
            () -> ENGINE.directional(SUM_SQUARES, new double[] {1, 2}, new double[] {1})),
        "length 1",
        "expected 2");
    assertMentions(
        assertThrows(
            IllegalArgumentException.class, () -> ENGINE.jacobian(SUM_SQUARES, new double[0])),
        "empty");
    assertMentions(
        assertThrows(
            IllegalArgumentException.class,
            () ->
                ENGINE.forEachColumn(
                    SUM_SQUARES, new double[] {1}, new int[] {0, -1}, (c, d) -> {})),
        "columns[1] = -1");
    assertThrows(IllegalArgumentException.class, () -> ENGINE.withThreads(0));
    assertThrows(IllegalArgumentException.class, () -> StepSize.fixed(0));
    assertThrows(IllegalArgumentException.class, () -> StepSize.fixed(Double.NaN));
    assertThrows(IllegalArgumentException.class, () -> StepSize.scaled(-1));
    assertThrows(IllegalArgumentException.class, () -> new StepSize.Adaptive(0));
    assertThrows(
        IllegalArgumentException.class,
        () -> ENGINE.withMethod(FiniteDifferenceMethod.central(5, 3)));
  }

  @Test
  void nullResultsAreReportedAtTheBaseAndAtPerturbedPoints() {
    FunctionEvaluationException base =
        assertThrows(
            FunctionEvaluationException.class, () -> ENGINE.jacobian(x -> null, new double[] {1}));
    assertMentions(base, "null", "base point", "[1.0]");
    FunctionEvaluationException perturbed =
        assertThrows(
            FunctionEvaluationException.class,
            () -> ENGINE.jacobian(x -> x[0] == 1.0 ? new double[] {1} : null, new double[] {1}));
    assertMentions(perturbed, "null", "t = ");
    assertTrue(perturbed.perturbation() != 0.0);
  }

  @Test
  void changingResultLengthIsReported() {
    FunctionEvaluationException e =
        assertThrows(
            FunctionEvaluationException.class,
            () ->
                ENGINE.jacobian(
                    x -> x[1] == 2.0 ? new double[] {1, 2} : new double[] {1, 2, 3},
                    new double[] {1, 2}));
    assertMentions(e, "length changed from 2", "to 3");
  }

  @Test
  void nonFiniteValueAtTheBasePointNamesTheOutput() {
    NonFiniteValueException e =
        assertThrows(
            NonFiniteValueException.class,
            () -> ENGINE.jacobian(x -> new double[] {1, Math.log(x[0] - 1)}, new double[] {1}));
    assertEquals(1, e.output());
    assertEquals(0.0, e.perturbation());
    assertMentions(e, "output [1]", "-Infinity", "base point");
  }

  @Test
  void throwingFunctionsAreWrappedWithPointAndPerturbation() {
    IllegalStateException cause = new IllegalStateException("layer exploded");
    FunctionEvaluationException atBase =
        assertThrows(
            FunctionEvaluationException.class,
            () ->
                ENGINE.jacobian(
                    x -> {
                      throw cause;
                    },
                    new double[] {0.5}));
    assertSame(cause, atBase.getCause());
    assertMentions(atBase, "layer exploded", "base point", "0.5");
    FunctionEvaluationException perturbed =
        assertThrows(
            FunctionEvaluationException.class,
            () ->
                ENGINE.derivative(
                    x -> {
                      if (x > 0.5) {
                        throw cause;
                      }
                      return x;
                    },
                    0.5));
    assertSame(cause, perturbed.getCause());
    assertTrue(perturbed.perturbation() > 0);
    assertMentions(perturbed, "layer exploded", "t = " + perturbed.perturbation(), "x = [0.5]");
  }

  @Test
  void underflowingStepsAreRejected() {
    StepUnderflowException e =
        assertThrows(
            StepUnderflowException.class,
            () -> NumericDifferentiator.classic().derivative(x -> x, 1e12));
    assertMentions(e, "h = 1.0E-6", "underflows");
    assertThrows(
        StepUnderflowException.class,
        () ->
            NumericDifferentiator.defaults()
                .withStep(StepSize.fixed(1e-300))
                .derivative(x -> x, 1.0));
    // the adaptive step never underflows at large |x|
    assertEquals(1.0, ENGINE.derivative(x -> x, 1e12).value(), 1e-12);
  }

  @Test
  void nonFiniteValuesNearTheBaseAreNeverSilent() {
    // fixed step: no back-off, a specific error that suggests declaring the domain
    NonFiniteValueException fixed =
        assertThrows(
            NonFiniteValueException.class,
            () ->
                NumericDifferentiator.defaults()
                    .withStep(StepSize.fixed(0.1))
                    .derivative(Math::log, 0.05));
    assertMentions(fixed, "NaN", "withDomain");
    // adaptive: f finite only at the base point
    DoubleUnaryOperator spike = x -> x == 1.0 ? 1.0 : Double.NaN;
    assertThrows(NonFiniteValueException.class, () -> ENGINE.derivative(spike, 1.0));
  }

  @Test
  void oneSidedDomainsNeverEvaluateOutside() {
    double[] lowest = {Double.POSITIVE_INFINITY};
    AtomicInteger calls = new AtomicInteger();
    DoubleUnaryOperator sqrt =
        x -> {
          lowest[0] = Math.min(lowest[0], x);
          calls.incrementAndGet();
          return Math.sqrt(x);
        };
    NumericDifferentiator bounded = ENGINE.withDomain(Domain.unbounded().withLowerBound(0, 0.0));
    for (double x : new double[] {1e-6, 1e-3, 0.5}) {
      Derivative d = bounded.derivative(sqrt, x);
      double truth = 0.5 / Math.sqrt(x);
      assertTrue(Math.abs(d.value() - truth) <= 1e-9 * truth, "sqrt'(" + x + ") = " + d.value());
      assertTrue(Math.abs(d.value() - truth) <= d.error(), "error bar at " + x);
    }
    assertTrue(lowest[0] >= 0.0, "evaluated sqrt at " + lowest[0]);
    // exactly at the bound: x^1.5 has derivative 0 at 0
    Derivative atZero = bounded.derivative(x -> Math.pow(check(x), 1.5), 0.0);
    assertTrue(Math.abs(atZero.value()) <= atZero.error(), atZero.toString());
    // not smooth at the bound (f'' is infinite): the attempts disagree and the error bar widens
    assertTrue(atZero.error() < 0.05, atZero.toString());
    // an upper bound turns the stencil backward; richardson and classic respect it too
    Domain below = Domain.unbounded().withUpperBound(0, 1.0);
    DoubleUnaryOperator guarded =
        x -> {
          assertTrue(x <= 1.0, "evaluated above the bound at " + x);
          return Math.asin(x);
        };
    double x = 0.9999995;
    double truth = 1 / Math.sqrt(1 - x * x);
    for (NumericDifferentiator e :
        new NumericDifferentiator[] {
          ENGINE.withDomain(below), NumericDifferentiator.richardson().withDomain(below)
        }) {
      Derivative d = e.derivative(guarded, x);
      assertTrue(Math.abs(d.value() - truth) <= d.error(), e.method() + ": " + d + " vs " + truth);
      assertTrue(d.error() < 1e-6 * truth, e.method() + ": " + d);
    }
    // the classic fixed step (2e-6 wide once one-sided) is longer than the distance to the
    // singularity: inaccurate, but it still never leaves the domain
    Derivative classic = NumericDifferentiator.classic().withDomain(below).derivative(guarded, x);
    assertTrue(Math.abs(classic.value() - truth) > 1e-3 * truth, classic.toString());
  }

  @Test
  void kinksGiveTheSymmetricQuotientWithATightBarAndNearbyPointsResolve() {
    DoubleUnaryOperator relu = x -> Math.max(0, x);
    // at the kink no one-sided derivative is right; the engine reports the symmetric quotient 1/2
    // with the accuracy of that quotient, so a checker comparing 0 or 1 fails and can diagnose it
    Derivative atKink = ENGINE.derivative(relu, 0.0);
    assertEquals(0.5, atKink.value(), 1e-15);
    assertTrue(atKink.error() < 1e-12, atKink.toString());
    assertEquals(0.0, ENGINE.derivative(Math::abs, 0.0).value(), 1e-15);
    // next to the kink the step shrinks until the stencil no longer straddles it
    Derivative near = ENGINE.derivative(relu, 1e-4);
    assertEquals(1.0, near.value(), 1e-12);
    assertTrue(Math.abs(near.value() - 1.0) <= near.error(), near.toString());
  }

  private static double check(double x) {
    assertTrue(x >= 0, "evaluated outside the domain at " + x);
    return x;
  }

  @Test
  void domainsApplyPerCoordinateInJacobians() {
    Domain domain = Domain.allAtLeast(0.0).withBounds(1, -1.0, 1.0);
    VectorFunction f =
        x -> {
          assertTrue(x[0] >= 0 && x[1] >= -1 && x[1] <= 1, "outside at x = " + x[0] + ", " + x[1]);
          return new double[] {Math.sqrt(x[0]) + Math.asin(x[1])};
        };
    NumericJacobian j = ENGINE.withDomain(domain).jacobian(f, new double[] {1e-8, 1.0 - 1e-9});
    double t0 = 0.5 / Math.sqrt(1e-8);
    assertEquals(t0, j.values().get(0, 0), 1e-6 * t0);
    assertTrue(Math.abs(j.values().get(0, 0) - t0) <= j.errors().get(0, 0));
    InvalidInputException outside =
        assertThrows(
            InvalidInputException.class,
            () -> ENGINE.withDomain(domain).jacobian(f, new double[] {-1e-3, 0}));
    assertEquals(0, outside.index());
    assertMentions(outside, "x[0] = -0.001", "outside the declared domain [0.0, Infinity]");
    assertThrows(IllegalArgumentException.class, () -> Domain.unbounded().withBounds(0, 1, 1));
    assertThrows(IllegalArgumentException.class, () -> Domain.unbounded().withBounds(-1, 0, 1));
    assertEquals(-1.0, domain.lower(1));
    assertEquals(0.0, domain.lower(7));
    assertTrue(domain.toString().contains("x1 in [-1.0, 1.0]"));
  }
}
