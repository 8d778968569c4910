package org.gradcheck.float32;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.gradcheck.CheckReport;
import org.gradcheck.ComparedEntry;
import org.gradcheck.GradientChecker;
import org.gradcheck.Precision;
import org.gradcheck.VectorFunction;
import org.gradcheck.VectorJacobianProduct;
import org.junit.jupiter.api.Test;

/**
 * The float tolerances follow from ε_f: they are wide enough for float rounding and no wider than
 * it needs — a correct float layer uses a good part of its allowance, a slip of 1e-4 fails, the
 * double checker's tolerances reject the same correct float layer.
 */
class FloatToleranceTest {
  private static final double EPS = Precision.FLOAT32.epsilon();

  private static double worstExcess(CheckReport r) {
    return r.worstEntries().stream().mapToDouble(ComparedEntry::excess).max().orElse(0);
  }

  @Test
  void floatRoundingOfTheGradientPassesAndASlipOf1e4Fails() {
    FloatGradientChecker c = FloatGradientChecker.defaults();
    float[] x = {0.7f, -1.2f, 0.4f, 1.9f, -0.3f};
    for (double ulps : new double[] {0, 4, 16, 32}) {
      CheckReport r = c.checkGradient(LogSumLoss::value, LogSumLoss.gradient(ulps * EPS), x);
      assertTrue(r.passed(), () -> ulps + " ε_f off:\n" + r);
    }
    CheckReport slip = c.checkGradient(LogSumLoss::value, LogSumLoss.gradient(1e-4), x);
    assertFalse(slip.passed(), slip::toString);
  }

  @Test
  void aCorrectFloatLayerUsesAGoodPartOfItsAllowanceAndStaysWithinIt() {
    // pinned at seed 31337: over 500 points the worst entry uses 0.25…1 of its allowance, so the
    // float tolerance is as wide as float rounding needs and not much wider
    FloatGradientChecker c = FloatGradientChecker.defaults();
    Random rnd = new Random(31337L);
    double worst = 0;
    for (int t = 0; t < 500; t++) {
      CheckReport r =
          c.checkVjp(
              FloatGradientCheckerTest::forward,
              FloatGradientCheckerTest.backward("none"),
              FloatGradientCheckerTest.randomPoint(rnd),
              FloatGradientCheckerTest.LAYER);
      worst = Math.max(worst, worstExcess(r));
    }
    assertTrue(worst < 1 && worst > 0.25, "worst |a − n| / allowed = " + worst);
  }

  @Test
  void theDoubleTolerancesRejectACorrectFloatLayerThatTheFloatOnesAccept() {
    float[] p = FloatGradientCheckerTest.randomPoint(new Random(3));
    FloatVectorJacobianProduct backward = FloatGradientCheckerTest.backward("none");
    VectorFunction f =
        x -> FloatGradientChecker.widened(FloatGradientCheckerTest.forward(narrow(x)));
    VectorJacobianProduct vjp =
        (x, g) -> FloatGradientChecker.widened(backward.apply(narrow(x), narrow(g)));
    CheckReport asDouble =
        GradientChecker.defaults()
            .checkVjp(f, vjp, FloatGradientChecker.widened(p), FloatGradientCheckerTest.LAYER);
    assertFalse(asDouble.passed(), asDouble::toString);
    CheckReport asFloat =
        GradientChecker.builder()
            .precision(Precision.FLOAT32)
            .build()
            .checkVjp(f, vjp, FloatGradientChecker.widened(p), FloatGradientCheckerTest.LAYER);
    assertTrue(asFloat.passed(), asFloat::toString);
    assertEquals(Precision.FLOAT32, asFloat.precision());
  }

  private static float[] narrow(double[] v) {
    float[] out = new float[v.length];
    for (int k = 0; k < v.length; k++) {
      out[k] = (float) v[k];
    }
    return out;
  }
}
