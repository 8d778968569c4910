package org.gradcheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * FAST mode on a layer with n ≈ 10^5 parameters: a wrong entry or block of the backward pass is
 * found by bisection over the probe direction with O(log n) extra probes, never a Jacobian.
 */
class FastLocalisationTest {
  private static final int SIZE = 300;
  private static final long SEED = 5L;

  /** y = tanh(W x + b), W: SIZE×SIZE, x, b: SIZE; n = SIZE² + 2·SIZE, m = SIZE. */
  private static final Signature LAYER =
      Signature.builder()
          .input("x", SIZE)
          .input("W", SIZE, SIZE)
          .input("b", SIZE)
          .output("y", SIZE)
          .build();

  private static final int X = 0;
  private static final int W = SIZE;
  private static final int B = SIZE + SIZE * SIZE;

  private static double[] preActivation(double[] t) {
    double[] s = new double[SIZE];
    for (int i = 0; i < SIZE; i++) {
      double acc = t[B + i];
      int row = W + i * SIZE;
      for (int k = 0; k < SIZE; k++) {
        acc += t[row + k] * t[X + k];
      }
      s[i] = acc;
    }
    return s;
  }

  static double[] layer(double[] t) {
    double[] s = preActivation(t);
    for (int i = 0; i < SIZE; i++) {
      s[i] = Math.tanh(s[i]);
    }
    return s;
  }

  /** The backward pass; {@code wrongW} adds 1 to ∂y[17]/∂W[17,42], {@code zeroB} drops ∂/∂b. */
  static double[] backward(double[] t, double[] g, boolean wrongW, boolean zeroB) {
    double[] s = preActivation(t);
    double[] out = new double[t.length];
    for (int i = 0; i < SIZE; i++) {
      double th = Math.tanh(s[i]);
      double ds = g[i] * (1 - th * th);
      if (!zeroB) {
        out[B + i] = ds;
      }
      int row = W + i * SIZE;
      for (int k = 0; k < SIZE; k++) {
        out[row + k] = ds * t[X + k];
        out[X + k] += ds * t[row + k];
      }
    }
    if (wrongW) {
      out[W + 17 * SIZE + 42] += g[17];
    }
    return out;
  }

  private static double[] point() {
    Random random = new Random(SEED);
    double[] t = new double[LAYER.inputSize()];
    for (int k = 0; k < t.length; k++) {
      t[k] = random.nextGaussian() * (k >= W && k < B ? 1.0 / Math.sqrt(SIZE) : 1.0);
    }
    return t;
  }

  private static GradientChecker fast() {
    return GradientChecker.builder().mode(Mode.FAST).seed(SEED).build();
  }

  @Test
  void correctBackwardPassPassesWithFewEvaluations() {
    double[] t = point();
    CheckReport report =
        fast()
            .checkVjp(
                FastLocalisationTest::layer, (x, g) -> backward(x, g, false, false), t, LAYER);
    assertTrue(report.passed(), report::toString);
    assertTrue(report.functionEvaluations() <= 4 * 25, report::toString);
    assertTrue(report.slipProbability() < 1e-6, report::toString);
  }

  @Test
  void oneWrongWeightIsNamedByBisectionWithoutAJacobian() {
    double[] t = point();
    int n = t.length;
    CheckReport report =
        fast()
            .checkVjp(FastLocalisationTest::layer, (x, g) -> backward(x, g, true, false), t, LAYER);
    assertFalse(report.passed(), report::toString);
    String notes = String.join("\n", report.notes());
    assertTrue(notes.contains("bisection"), report::toString);
    assertTrue(notes.contains("[W] fail, [x, b] pass"), report::toString);
    assertTrue(notes.contains("the wrong entry is at input W[17,42]"), report::toString);
    // a full numeric Jacobian would need ≥ 2n = 181 200 evaluations; bisection needs O(log n)
    assertTrue(report.functionEvaluations() < 2_000, report::toString);
    assertTrue(report.functionEvaluations() < n / 40, report::toString);
    ComparedEntry named =
        report.worstEntries().stream().filter(e -> e.inputIndex() >= 0).findFirst().orElseThrow();
    assertEquals("∂y[17]/∂W[17,42]", named.label(), report::toString);
    assertTrue(report.toString().contains("∂y[17]/∂W[17,42]"), report::toString);
  }

  @Test
  void aMissingBiasGradientIsNamedAsTheWrongBlock() {
    double[] t = point();
    CheckReport report =
        fast()
            .checkVjp(FastLocalisationTest::layer, (x, g) -> backward(x, g, false, true), t, LAYER);
    assertFalse(report.passed(), report::toString);
    String notes = String.join("\n", report.notes());
    assertTrue(notes.contains("[b] fail, [x, W] pass"), report::toString);
    // every b entry is wrong, so both halves fail: the note says the error spans many entries
    assertTrue(notes.contains("the worst part leads to input b["), report::toString);
    assertFalse(notes.contains("the wrong entry is at"), report::toString);
  }

  @Test
  void autoPicksFastForThisSizeAndSaysWhy() {
    double[] t = point();
    CheckReport report =
        GradientChecker.defaults()
            .checkVjp(
                FastLocalisationTest::layer, (x, g) -> backward(x, g, false, false), t, LAYER);
    assertEquals(Mode.FAST, report.mode(), report::toString);
    assertTrue(report.modeReason().contains("→ FAST"), report::toString);
    assertTrue(report.passed(), report::toString);
  }
}
