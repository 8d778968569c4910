package org.gradcheck.numeric;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** The engine's line, declared noise, input precision and one-sided derivatives, both ways. */
class NoiseLineAndOneSidedTest {
  private static final long SEED = 8675309L;
  private static final NumericDifferentiator ENGINE = NumericDifferentiator.defaults();

  @Test
  void linePointsAreXPlusTUAndRoundToTheInputPrecision() {
    Line line = Line.through(new double[] {1.0, 2.0, -3.0}, new double[] {0.5, 0.0, 2.0});
    assertArrayEquals(new double[] {1.25, 2.0, -2.0}, line.point(0.5));
    assertEquals(2.0, line.coordinate(1, 123.0), "a coordinate with u = 0 never moves");
    assertTrue(line.moves(1e-3));
    assertFalse(line.moves(1e-300), "a perturbation below the spacing of doubles is no move");
    Random rnd = new Random(SEED);
    Line floats = line.withInputPrecision(Line.FLOAT_PRECISION);
    for (int t = 0; t < 10_000; t++) {
      double v = rnd.nextGaussian() * Math.pow(10, rnd.nextInt(20) - 10);
      double expected = (float) v;
      assertEquals(
          expected,
          Line.round(v, Line.FLOAT_PRECISION),
          0.0,
          "trial " + t + " (seed " + SEED + ")");
    }
    double p = floats.point(1e-9)[0];
    assertEquals((double) (float) p, p, 0.0, "float line points are floats");
    assertFalse(floats.moves(1e-9), "1 + 5e-10 is 1 in float");
    assertThrows(IllegalArgumentException.class, () -> line.withInputPrecision(54));
    assertThrows(
        IllegalArgumentException.class, () -> Line.through(new double[] {1}, new double[] {1, 2}));
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () -> Line.through(new double[] {1, Double.NaN}, new double[] {1, 2}));
    assertTrue(e.getMessage().contains("x[1] = NaN"), e.getMessage());
  }

  @Test
  void declaredNoiseWidensTheErrorBarSoThatItCoversTheNoise() {
    double sigma = 1e-9;
    Random noise = new Random(SEED);
    UnaryOperator<double[]> noisy =
        x -> new double[] {Math.exp(x[0]) + sigma * (2 * noise.nextDouble() - 1)};
    NumericDifferentiator declared = ENGINE.withNoise(NoiseLevel.absolute(sigma));
    Random points = new Random(SEED + 1);
    int outside = 0;
    for (int t = 0; t < 200; t++) {
      double x = points.nextGaussian();
      DirectionalDerivative d = declared.partial(noisy, new double[] {x}, 0);
      double err = Math.abs(d.values()[0] - Math.exp(x));
      assertTrue(
          d.errors()[0] >= sigma / 1.0,
          "trial " + t + " (seed " + SEED + "): bar " + d.errors()[0] + " below the noise");
      if (err > d.errors()[0]) {
        outside++;
      }
    }
    assertEquals(0, outside, "estimates outside their error bar (seed " + SEED + ")");
    // the other way: without noise the bar of a clean function stays at round-off level
    DirectionalDerivative clean =
        ENGINE.partial(x -> new double[] {Math.exp(x[0])}, new double[] {0.5}, 0);
    assertTrue(clean.errors()[0] < 1e-10, () -> "clean bar " + clean.errors()[0]);
    DirectionalDerivative cleanDeclared =
        declared.partial(x -> new double[] {Math.exp(x[0])}, new double[] {0.5}, 0);
    assertTrue(cleanDeclared.errors()[0] > 10 * clean.errors()[0], "declared noise is in the bar");
    assertThrows(IllegalArgumentException.class, () -> NoiseLevel.absolute(-1));
    assertThrows(IllegalArgumentException.class, () -> NoiseLevel.relative(Double.NaN));
    assertTrue(NoiseLevel.none().isNone());
    assertEquals(3.0, new NoiseLevel(1, 0.5).at(-4), 0.0);
  }

  @Test
  void oneSidedDerivativesSeeEachSideOfAKinkAndAgreeOnSmoothFunctions() {
    UnaryOperator<double[]> kinked =
        x -> new double[] {Math.max(0, x[0]) + Math.sin(x[0]), Math.abs(x[0] - x[1])};
    double[] x = {0.0, 0.0};
    double[] u = {1.0, 0.0};
    DirectionalDerivative right = ENGINE.oneSided(kinked, x, u, 1);
    DirectionalDerivative left = ENGINE.oneSided(kinked, x, u, -1);
    assertEquals(2.0, right.values()[0], 1e-9);
    assertEquals(1.0, left.values()[0], 1e-9);
    assertEquals(1.0, right.values()[1], 1e-9);
    assertEquals(-1.0, left.values()[1], 1e-9);
    assertTrue(right.errors()[0] < 1e-8 && left.errors()[0] < 1e-8, "each side is smooth");
    // the other way: on a smooth function both sides agree within their bars
    Random rnd = new Random(SEED + 2);
    for (int t = 0; t < 100; t++) {
      double[] p = {rnd.nextGaussian() * 3, rnd.nextGaussian()};
      double[] dir = {rnd.nextGaussian(), rnd.nextGaussian()};
      UnaryOperator<double[]> smooth = y -> new double[] {Math.tanh(y[0]) * Math.exp(y[1])};
      DirectionalDerivative r = ENGINE.oneSided(smooth, p, dir, 1);
      DirectionalDerivative l = ENGINE.oneSided(smooth, p, dir, -1);
      double truth =
          (1 - Math.pow(Math.tanh(p[0]), 2)) * Math.exp(p[1]) * dir[0]
              + Math.tanh(p[0]) * Math.exp(p[1]) * dir[1];
      String where = "trial " + t + " (seed " + SEED + ")";
      assertEquals(truth, r.values()[0], r.errors()[0] + 1e-15, where);
      assertEquals(truth, l.values()[0], l.errors()[0] + 1e-15, where);
    }
  }

  @Test
  void aOneSidedDerivativeNeverCrossesToTheOtherSide() {
    double[] seen = {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
    UnaryOperator<double[]> watched =
        x -> {
          seen[0] = Math.min(seen[0], x[0]);
          seen[1] = Math.max(seen[1], x[0]);
          return new double[] {x[0] * x[0]};
        };
    ENGINE.oneSided(watched, new double[] {1.0}, new double[] {1.0}, 1);
    assertEquals(1.0, seen[0], 0.0, "the right derivative evaluated left of x");
    seen[0] = Double.POSITIVE_INFINITY;
    seen[1] = Double.NEGATIVE_INFINITY;
    ENGINE.oneSided(watched, new double[] {1.0}, new double[] {1.0}, -1);
    assertEquals(1.0, seen[1], 0.0, "the left derivative evaluated right of x");
    // at the lower bound of a domain there is no left derivative, and no silent right one
    NumericDifferentiator bounded = ENGINE.withDomain(Domain.allAtLeast(0));
    assertThrows(
        StepUnderflowException.class,
        () -> bounded.oneSided(watched, new double[] {0.0}, new double[] {1.0}, -1));
    assertEquals(
        0.0,
        bounded.oneSided(watched, new double[] {0.0}, new double[] {1.0}, 1).values()[0],
        1e-12);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ENGINE.oneSided(watched, new double[] {0.0}, new double[] {1.0}, 0));
    assertTrue(e.getMessage().contains("side = 0"), e.getMessage());
  }

  @Test
  void aFloatPrecisionEngineEvaluatesOnlyAtFloatsAndTakesTheirOffsets() {
    Random rnd = new Random(SEED + 3);
    boolean[] offGrid = {false};
    UnaryOperator<double[]> cube =
        x -> {
          offGrid[0] |= (double) (float) x[0] != x[0];
          float v = (float) x[0];
          return new double[] {v * v * v};
        };
    NumericDifferentiator floats =
        ENGINE.withInputPrecision(Line.FLOAT_PRECISION).withNoise(NoiseLevel.relative(0x1p-23));
    for (int t = 0; t < 200; t++) {
      float x = (float) (rnd.nextGaussian() * 10);
      DirectionalDerivative d = floats.partial(cube, new double[] {x}, 0);
      double truth = 3.0 * x * x;
      String where = "x = " + x + ", trial " + t + " (seed " + SEED + ")";
      assertEquals(truth, d.values()[0], 3 * d.errors()[0] + 1e-7 * truth, where);
      assertTrue(d.errors()[0] < 1e-3 * truth + 1e-6, where + ": bar " + d.errors()[0]);
    }
    assertFalse(offGrid[0], "the function was handed a point that is not a float");
    assertEquals(Line.FLOAT_PRECISION, floats.inputPrecision());
    assertThrows(IllegalArgumentException.class, () -> ENGINE.withInputPrecision(1));
  }
}
