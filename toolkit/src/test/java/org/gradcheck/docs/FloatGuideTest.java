package org.gradcheck.docs;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.gradcheck.CheckReport;
import org.gradcheck.GradientChecker;
import org.gradcheck.float32.FloatGradientChecker;
import org.junit.jupiter.api.Test;

/** The user guide's float32 section, both ways. */
class FloatGuideTest {
  @Test
  void aCorrectFloatSigmoidPasses() {
    // docs: float32
    FloatGradientChecker floats = FloatGradientChecker.defaults();
    float[] x = {-2f, -0.5f, 0f, 0.75f, 3f};
    CheckReport report = floats.checkVjp(FloatSigmoid::forward, FloatSigmoid::backward, x);
    report.assertPassed(); // the table says "precision: FLOAT32"
    // docs: end
    assertTrue(report.toString().contains("precision: FLOAT32"), report::toString);
  }

  @Test
  void aSlipOf1e4FailsWhileTheDoubleTolerancesWouldFailEvenTheCorrectLayer() {
    float[] x = {-2f, -0.5f, 0f, 0.75f, 3f};
    FloatGradientChecker floats = FloatGradientChecker.defaults();
    CheckReport slip = floats.checkVjp(FloatSigmoid::forward, FloatSigmoid::backwardOffBy1e4, x);
    assertFalse(slip.passed(), slip::toString);
    double[] wide = {-2, -0.5, 0, 0.75, 3};
    CheckReport strict =
        GradientChecker.defaults()
            .checkVjp(
                v -> widen(FloatSigmoid.forward(narrow(v))),
                (v, g) -> widen(FloatSigmoid.backward(narrow(v), narrow(g))),
                wide);
    assertFalse(strict.passed(), strict::toString);
  }

  private static float[] narrow(double[] v) {
    float[] r = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      r[i] = (float) v[i];
    }
    return r;
  }

  private static double[] widen(float[] v) {
    double[] r = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      r[i] = v[i];
    }
    return r;
  }
}
