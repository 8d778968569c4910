package org.gradcheck.numeric;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

class FiniteDifferenceMethodTest {

  @Test
  void knownStencilsAreReproducedExactly() {
    assertArrayEquals(
        new double[] {-0.5, 0, 0.5}, FiniteDifferenceMethod.central(3, 1).coefficients(), 0.0);
    assertArrayEquals(
        new double[] {-0.5, 0.5}, FiniteDifferenceMethod.central(2, 1).coefficients(), 0.0);
    assertArrayEquals(
        new double[] {1.0 / 12, -2.0 / 3, 0, 2.0 / 3, -1.0 / 12},
        FiniteDifferenceMethod.central(5, 1).coefficients(),
        0.0);
    assertArrayEquals(
        new double[] {-1.0 / 60, 3.0 / 20, -3.0 / 4, 0, 3.0 / 4, -3.0 / 20, 1.0 / 60},
        FiniteDifferenceMethod.central(7, 1).coefficients(),
        0.0);
    assertArrayEquals(
        new double[] {1, -2, 1}, FiniteDifferenceMethod.central(3, 2).coefficients(), 0.0);
    assertArrayEquals(
        new double[] {-1.0 / 12, 4.0 / 3, -5.0 / 2, 4.0 / 3, -1.0 / 12},
        FiniteDifferenceMethod.central(5, 2).coefficients(),
        0.0);
    assertArrayEquals(
        new double[] {-1, 1}, FiniteDifferenceMethod.forward(2, 1).coefficients(), 0.0);
    assertArrayEquals(
        new double[] {-1.5, 2, -0.5}, FiniteDifferenceMethod.forward(3, 1).coefficients(), 0.0);
    assertArrayEquals(
        new double[] {0.5, -2, 1.5}, FiniteDifferenceMethod.backward(3, 1).coefficients(), 0.0);
    assertArrayEquals(
        new double[] {-2, -1, 1, 2}, FiniteDifferenceMethod.central(4, 1).grid(), 0.0);
    assertArrayEquals(
        new double[] {1.0 / 12, -2.0 / 3, 2.0 / 3, -1.0 / 12},
        FiniteDifferenceMethod.central(4, 1).coefficients(),
        0.0);
  }

  @Test
  void arbitraryGridsMatchTheirFactories() {
    FiniteDifferenceMethod g = FiniteDifferenceMethod.fromGrid(new double[] {0, 1, 2}, 1);
    assertArrayEquals(FiniteDifferenceMethod.forward(3, 1).coefficients(), g.coefficients(), 0.0);
    // a non-uniform grid: weights for f'(0) from f(-1), f(0), f(2): [-2/3, 1/2, 1/6]
    FiniteDifferenceMethod nonUniform = FiniteDifferenceMethod.fromGrid(new double[] {-1, 0, 2}, 1);
    assertArrayEquals(new double[] {-2.0 / 3, 0.5, 1.0 / 6}, nonUniform.coefficients(), 1e-16);
    assertEquals(2, nonUniform.accuracyOrder());
  }

  @Test
  void accuracyOrdersAndTruncationConstantsComeFromTheExactMoments() {
    assertEquals(2, FiniteDifferenceMethod.central(3, 1).accuracyOrder());
    assertEquals(2, FiniteDifferenceMethod.central(2, 1).accuracyOrder());
    assertEquals(4, FiniteDifferenceMethod.central(5, 1).accuracyOrder());
    assertEquals(6, FiniteDifferenceMethod.central(7, 1).accuracyOrder());
    assertEquals(2, FiniteDifferenceMethod.central(3, 2).accuracyOrder());
    assertEquals(6, FiniteDifferenceMethod.central(7, 2).accuracyOrder());
    assertEquals(1, FiniteDifferenceMethod.forward(2, 1).accuracyOrder());
    assertEquals(9, FiniteDifferenceMethod.forward(10, 1).accuracyOrder());
    assertEquals(8, FiniteDifferenceMethod.backward(10, 2).accuracyOrder());
    assertEquals(1.0 / 6, FiniteDifferenceMethod.central(3, 1).truncationConstant(), 1e-17);
    assertEquals(-1.0 / 30, FiniteDifferenceMethod.central(5, 1).truncationConstant(), 1e-17);
    assertEquals(1.0 / 12, FiniteDifferenceMethod.central(3, 2).truncationConstant(), 1e-17);
    assertEquals(1.0, FiniteDifferenceMethod.central(3, 1).coefficientMass(), 0.0);
    assertEquals(4.0, FiniteDifferenceMethod.central(3, 2).coefficientMass(), 0.0);
  }

  @Test
  void everyFactoryStencilIsExactForPolynomialsUpToItsOrder() {
    List<BiFunction<Integer, Integer, FiniteDifferenceMethod>> factories =
        List.of(
            FiniteDifferenceMethod::central,
            FiniteDifferenceMethod::forward,
            FiniteDifferenceMethod::backward);
    for (var factory : factories) {
      for (int q = 1; q <= 2; q++) {
        for (int points = q + 1; points <= 10; points++) {
          FiniteDifferenceMethod m = factory.apply(points, q);
          double[] g = m.grid();
          double[] c = m.coefficients();
          // Σ c_i g_i^k must equal k!·[k == q] for every k below p + q
          for (int k = 0; k < m.accuracyOrder() + q; k++) {
            double sum = 0;
            double mass = 0;
            for (int i = 0; i < g.length; i++) {
              sum += c[i] * Math.pow(g[i], k);
              mass += Math.abs(c[i] * Math.pow(g[i], k));
            }
            double expected = k == q ? (q == 1 ? 1 : 2) : 0;
            assertEquals(expected, sum, 1e-13 * Math.max(1, mass), m + ", monomial x^" + k);
          }
        }
      }
    }
  }

  @Test
  void errorShrinksByTwoToTheOrderWhenTheStepHalves() {
    for (FiniteDifferenceMethod m :
        List.of(
            FiniteDifferenceMethod.central(3, 1),
            FiniteDifferenceMethod.central(5, 1),
            FiniteDifferenceMethod.forward(3, 1),
            FiniteDifferenceMethod.forward(4, 1),
            FiniteDifferenceMethod.central(5, 2))) {
      double x = 0.3;
      double truth = Math.exp(x);
      double h = m.accuracyOrder() >= 4 ? 0.1 : 0.02;
      double e1 = Math.abs(m.estimate(Math::exp, x, h).value() - truth);
      double e2 = Math.abs(m.estimate(Math::exp, x, h / 2).value() - truth);
      double observed = Math.log(e1 / e2) / Math.log(2);
      assertEquals(m.accuracyOrder(), observed, 0.25, m + ": observed order " + observed);
    }
  }

  @Test
  void estimateCarriesAnHonestErrorAndCountsEvaluations() {
    FiniteDifferenceMethod m = FiniteDifferenceMethod.central(5, 1);
    Derivative d = m.estimate(Math::sin, 1.0, 1e-2);
    double error = Math.abs(d.value() - Math.cos(1.0));
    assertTrue(error <= d.error(), "error " + error + " > estimate " + d.error());
    // at a fixed step the estimate is the embedded 3-point stencil's error h^2 |f'''(x)| / 6
    double companionError = 1e-4 * Math.cos(1.0) / 6;
    assertEquals(companionError, d.error(), 0.01 * companionError);
    // ±h, ±2h for the stencil (its 3-point companion reuses ±h) plus f(x)
    assertEquals(5, d.evaluations());
    Derivative second = FiniteDifferenceMethod.central(5, 2).estimate(Math::sin, 1.0, 1e-2);
    assertEquals(-Math.sin(1.0), second.value(), 1e-9);
    assertTrue(Math.abs(second.value() + Math.sin(1.0)) <= second.error());
  }

  @Test
  void companionsAndOneSidedVariants() {
    assertEquals(
        FiniteDifferenceMethod.central(5, 1),
        FiniteDifferenceMethod.central(7, 1).companion().orElseThrow());
    assertTrue(FiniteDifferenceMethod.central(2, 1).companion().isEmpty());
    assertTrue(FiniteDifferenceMethod.central(3, 1).companion().isEmpty());
    assertEquals(
        FiniteDifferenceMethod.forward(6, 1),
        FiniteDifferenceMethod.forward(7, 1).companion().orElseThrow());
    assertEquals(
        FiniteDifferenceMethod.forward(7, 1), FiniteDifferenceMethod.central(7, 1).oneSided(1));
    assertEquals(
        FiniteDifferenceMethod.backward(7, 1), FiniteDifferenceMethod.central(7, 1).oneSided(-1));
    FiniteDifferenceMethod forward = FiniteDifferenceMethod.forward(3, 1);
    assertSame(forward, forward.oneSided(1));
    assertEquals(6, FiniteDifferenceMethod.central(7, 1).oneSided(1).accuracyOrder());
  }

  @Test
  void invalidStencilsAreRejectedWithTheReason() {
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> FiniteDifferenceMethod.central(11, 1))
            .getMessage()
            .contains("2 to 10"));
    assertThrows(IllegalArgumentException.class, () -> FiniteDifferenceMethod.forward(1, 1));
    assertThrows(IllegalArgumentException.class, () -> FiniteDifferenceMethod.backward(2, 2));
    assertThrows(IllegalArgumentException.class, () -> FiniteDifferenceMethod.central(3, 0));
    assertTrue(
        assertThrows(
                IllegalArgumentException.class,
                () -> FiniteDifferenceMethod.fromGrid(new double[] {0, 1, 1}, 1))
            .getMessage()
            .contains("grid[1] and grid[2]"));
    assertTrue(
        assertThrows(
                IllegalArgumentException.class,
                () -> FiniteDifferenceMethod.fromGrid(new double[] {0, Double.NaN}, 1))
            .getMessage()
            .contains("grid[1]"));
    assertThrows(
        IllegalArgumentException.class,
        () -> FiniteDifferenceMethod.fromGrid(new double[] {0, 1}, 2));
  }

  @Test
  void richardsonExtrapolationCancelsTheLeadingTerms() {
    // D(h) = 1 + h² + h⁴ + h⁶: extrapolation with p = 2, s = 2 recovers 1
    Derivative d =
        RichardsonExtrapolation.ridders()
            .extrapolate(h -> 1 + h * h + Math.pow(h, 4) + Math.pow(h, 6), 0.5, 2, 2);
    assertEquals(1.0, d.value(), 1e-13);
    assertTrue(Math.abs(d.value() - 1.0) <= d.error() + 1e-16);
    assertTrue(d.evaluations() >= 2 && d.evaluations() <= 6);
    assertThrows(IllegalArgumentException.class, () -> new RichardsonExtrapolation(1.0, 6, 2));
    assertThrows(IllegalArgumentException.class, () -> new RichardsonExtrapolation(2.0, 1, 2));
  }
}
