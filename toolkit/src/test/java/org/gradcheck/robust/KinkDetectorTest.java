package org.gradcheck.robust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** The kink detector on the numeric engine's one-sided stencils, each property both ways. */
class KinkDetectorTest {
  private static final long SEED = 20260512L;
  private final KinkDetector kinks = KinkDetector.defaults();

  private static UnaryOperator<double[]> scalar(java.util.function.DoubleUnaryOperator g) {
    return x -> new double[] {g.applyAsDouble(x[0])};
  }

  private static double softplus(double t) {
    return Math.max(t, 0) + Math.log1p(Math.exp(-Math.abs(t)));
  }

  @Test
  void reluAbsAndMaxAtExactZerosAndTiesAreKinksWithTheirOneSidedDerivatives() {
    Random rnd = new Random(SEED);
    for (int t = 0; t < 50; t++) {
      double c = rnd.nextGaussian() * Math.pow(10, rnd.nextInt(7) - 3);
      String where = "trial " + t + ", kink at " + c + " (seed " + SEED + ")";
      DetectedKink relu =
          kinks
              .detect(scalar(v -> Math.max(0, v - c)), new double[] {c}, 0, "x")
              .orElseThrow(() -> new AssertionError("relu kink missed at " + where));
      assertEquals(0.0, relu.left(), 1e-9, where);
      assertEquals(1.0, relu.right(), 1e-9, where);
      DetectedKink abs =
          kinks
              .detect(scalar(v -> 3 * Math.abs(v - c)), new double[] {c}, 0, "x")
              .orElseThrow(() -> new AssertionError("|x| kink missed at " + where));
      assertEquals(-3.0, abs.left(), 1e-8, where);
      assertEquals(3.0, abs.right(), 1e-8, where);
      UnaryOperator<double[]> max = x -> new double[] {Math.max(x[0], x[1]), x[0] * x[1]};
      DetectedKink tie =
          kinks
              .detect(max, new double[] {c, c}, 1, "x[1]")
              .orElseThrow(() -> new AssertionError("max tie missed at " + where));
      assertEquals(0, tie.outputIndex(), where);
      assertEquals(1, tie.inputIndex(), where);
      assertEquals(0.0, tie.left(), 1e-9, where);
      assertEquals(1.0, tie.right(), 1e-9, where);
      // the other way: the same functions away from their kinks are smooth
      double off = c + 0.5 * Math.max(1, Math.abs(c));
      assertTrue(
          kinks.detect(scalar(v -> Math.max(0, v - c)), new double[] {off}, 0, "x").isEmpty(),
          where);
      assertTrue(
          kinks.detect(scalar(v -> 3 * Math.abs(v - c)), new double[] {off}, 0, "x").isEmpty(),
          where);
      assertTrue(kinks.detect(max, new double[] {c, off}, 1, "x[1]").isEmpty(), where);
    }
  }

  @Test
  void smoothFunctionsAreNeverKinksButASmoothPlusReluIs() {
    Random rnd = new Random(SEED + 1);
    UnaryOperator<double[]> smooth =
        x ->
            new double[] {
              Math.sin(x[0]), Math.tanh(x[0]), softplus(x[0]), x[0] * x[0] * x[0], Math.exp(x[0])
            };
    for (int t = 0; t < 200; t++) {
      double magnitude = Math.pow(10, rnd.nextInt(17) - 8); // 1e-8 … 1e8
      double x0 = t == 0 ? 0.0 : rnd.nextGaussian() * magnitude;
      if (Math.abs(x0) > 700) {
        x0 = Math.copySign(700 * rnd.nextDouble(), x0); // keep exp finite
      }
      double[] x = {x0};
      Optional<DetectedKink> k = kinks.detect(smooth, x, 0, "x");
      int trial = t;
      assertTrue(
          k.isEmpty(),
          () -> "false kink at x = " + x[0] + ", trial " + trial + " (seed " + SEED + "): " + k);
    }
    // the other way: a kink added to the same smooth function is found, with its values
    UnaryOperator<double[]> kinked = x -> new double[] {Math.sin(x[0]) + Math.max(0, x[0])};
    DetectedKink k = kinks.detect(kinked, new double[] {0}, 0, "x").orElseThrow();
    assertEquals(1.0, k.left(), 1e-9, k::describe);
    assertEquals(2.0, k.right(), 1e-9, k::describe);
  }

  @Test
  void declaredNoiseIsNeverAKinkButARealKinkStillIs() {
    double sigma = 1e-12;
    double declared = 1e-11;
    Random noise = new Random(SEED + 2);
    UnaryOperator<double[]> noisy =
        x -> new double[] {Math.sin(x[0]) + sigma * noise.nextGaussian(), x[0] * x[0]};
    Random points = new Random(SEED + 3);
    for (int t = 0; t < 100; t++) {
      double[] x = {points.nextGaussian() * 2};
      Optional<DetectedKink> k = kinks.detect(noisy, x, 0, "x", declared);
      int trial = t;
      assertTrue(
          k.isEmpty(),
          () ->
              "noise of "
                  + sigma
                  + " called a kink at x = "
                  + x[0]
                  + ", trial "
                  + trial
                  + " (seed "
                  + SEED
                  + "): "
                  + k);
    }
    // the worst noise within the declared level: a jump of ±σ exactly at x
    for (double c : new double[] {0.0, 0.3, -1.7, 25.0}) {
      UnaryOperator<double[]> jump =
          x -> new double[] {Math.cos(x[0]) + (x[0] > c ? declared : -declared)};
      assertTrue(
          kinks.detect(jump, new double[] {c}, 0, "x", declared).isEmpty(),
          "a ±" + declared + " jump at " + c + " is within the declared noise");
    }
    // the other way: a real ReLU kink under the same noise, with the noise declared
    UnaryOperator<double[]> noisyRelu =
        x -> new double[] {Math.max(0, x[0]) + 0.5 * x[0] + sigma * noise.nextGaussian()};
    DetectedKink k =
        kinks
            .detect(noisyRelu, new double[] {0}, 0, "x", declared)
            .orElseThrow(() -> new AssertionError("noisy relu kink missed (seed " + SEED + ")"));
    assertEquals(0.5, k.left(), 1e-3, k::describe);
    assertEquals(1.5, k.right(), 1e-3, k::describe);
    assertTrue(k.leftError() > 0 && k.rightError() > 0, k::describe);
  }

  @Test
  void aKinkAtDistanceFromXIsNotAKinkAtX() {
    Random rnd = new Random(SEED + 4);
    for (int t = 0; t < 50; t++) {
      double x0 = rnd.nextGaussian();
      double d = (rnd.nextBoolean() ? 1 : -1) * 1e-3;
      String where = "x = " + x0 + ", kink at x + " + d + ", trial " + t + " (seed " + SEED + ")";
      UnaryOperator<double[]> near =
          x -> new double[] {Math.max(0, x[0] - x0 - d), Math.abs(x[0] - x0 - d) + x[0]};
      Optional<DetectedKink> k = kinks.detect(near, new double[] {x0}, 0, "x");
      assertTrue(k.isEmpty(), () -> where + ": " + k);
      // the other way: at the kink itself it is one
      assertTrue(kinks.detect(near, new double[] {x0 + d}, 0, "x").isPresent(), where);
    }
  }

  @Test
  void badArgumentsAreNamed() {
    UnaryOperator<double[]> f = scalar(Math::sin);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> kinks.detect(f, new double[] {0}, 0, "x", -1));
    assertTrue(e.getMessage().contains("noise = -1.0"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> kinks.detect(f, new double[] {0}, 0, "x", Double.NaN));
    assertThrows(IllegalArgumentException.class, () -> kinks.detect(f, new double[] {0}, 2, "x"));
  }
}
