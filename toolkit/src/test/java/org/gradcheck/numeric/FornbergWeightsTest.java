package org.gradcheck.numeric;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The double-precision weights for realised offsets (the hot path of every Jacobian column) against
 * the exact rational weights they replace.
 */
class FornbergWeightsTest {
  private static final double[] SEVEN_POINT = {-3, -2, -1, 0, 1, 2, 3};

  /** The offsets (x + g·h) − x a coordinate column actually takes. */
  private static double[] realised(double x, double h, double[] grid) {
    double[] offsets = new double[grid.length];
    for (int i = 0; i < grid.length; i++) {
      offsets[i] = (x + grid[i] * h) - x;
    }
    return offsets;
  }

  private static double[] exactWeights(double[] offsets, int order) {
    Rational[] grid = new Rational[offsets.length];
    for (int i = 0; i < offsets.length; i++) {
      grid[i] = Rational.of(offsets[i]);
    }
    Rational[] w = FornbergWeights.weights(grid, order);
    double[] out = new double[w.length];
    for (int i = 0; i < w.length; i++) {
      out[i] = w[i].toDouble();
    }
    return out;
  }

  @Test
  void realisedOffsetWeightsMatchTheExactOnesToRounding() {
    long seed = 20261124L;
    Random random = new Random(seed);
    int perturbed = 0;
    for (int k = 0; k < 500; k++) {
      // points within 3h below a power of two, where x + g·h crosses a binade and rounds
      int exponent = random.nextInt(40) - 20;
      double h = Math.scalb(1.0, exponent - 8 - random.nextInt(30));
      double x = Math.scalb(1.0, exponent) - 3 * h * random.nextDouble();
      x = random.nextBoolean() ? x : -x;
      int order = 1 + random.nextInt(2);
      double[] offsets = realised(x, h, SEVEN_POINT);
      boolean nominal = true;
      for (int i = 0; i < offsets.length; i++) {
        nominal &= offsets[i] == SEVEN_POINT[i] * h;
      }
      perturbed += nominal ? 0 : 1;
      double[] fast = new double[offsets.length];
      FornbergWeights.forRealisedOffsets(offsets, order, fast);
      double[] exact = exactWeights(offsets, order);
      double scale = 0;
      for (double w : exact) {
        scale = Math.max(scale, Math.abs(w));
      }
      for (int i = 0; i < exact.length; i++) {
        assertEquals(
            exact[i],
            fast[i],
            1e-13 * scale,
            "seed " + seed + ", x = " + x + ", h = " + h + ", order " + order + ", weight " + i);
      }
      assertTrue(
          FornbergWeights.satisfiesMoments(offsets, order, exact),
          "seed " + seed + ": the exact weights must pass the moment check (x = " + x + ")");
    }
    assertTrue(perturbed > 200, "seed " + seed + ": only " + perturbed + " perturbed grids tested");
  }

  @Test
  void nominalGridGivesTheClassicCoefficients() {
    double[] weights = new double[7];
    FornbergWeights.forRealisedOffsets(SEVEN_POINT, 1, weights);
    double[] classic = {-1 / 60.0, 3 / 20.0, -3 / 4.0, 0, 3 / 4.0, -3 / 20.0, 1 / 60.0};
    assertArrayEquals(classic, weights, 1e-15);
  }

  @Test
  void momentCheckRejectsWeightsOffByMoreThanRounding() {
    double[] offsets = realised(2.0 - 0x1p-52, 0x1p-9, SEVEN_POINT);
    double[] weights = exactWeights(offsets, 1);
    assertTrue(FornbergWeights.satisfiesMoments(offsets, 1, weights));
    double[] wrong = weights.clone();
    wrong[6] *= 1 + 1e-10;
    assertFalse(FornbergWeights.satisfiesMoments(offsets, 1, wrong), "a 1e-10 relative slip");
    double[] shifted = weights.clone();
    shifted[2] += 1e-9 * Math.abs(shifted[2]);
    shifted[4] += 1e-9 * Math.abs(shifted[2]);
    assertFalse(FornbergWeights.satisfiesMoments(offsets, 1, shifted), "a symmetric slip");
    double[] nan = weights.clone();
    nan[0] = Double.NaN;
    assertFalse(FornbergWeights.satisfiesMoments(offsets, 1, nan), "NaN weights");
  }

  @Test
  void overflowingDoubleRecurrenceFallsBackToExactWeights() {
    // products of offset differences underflow in double; the rational weights are still finite
    double h = 0x1p-200;
    double[] offsets = new double[SEVEN_POINT.length];
    for (int i = 0; i < offsets.length; i++) {
      offsets[i] = SEVEN_POINT[i] * h;
    }
    double[] weights = new double[offsets.length];
    FornbergWeights.forRealisedOffsets(offsets, 1, weights);
    assertArrayEquals(exactWeights(offsets, 1), weights, 0.0);
  }
}
