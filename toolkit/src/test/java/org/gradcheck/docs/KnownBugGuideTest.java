package org.gradcheck.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.gradcheck.Finding;
import org.gradcheck.GradientFunction;
import org.gradcheck.Signature;
import org.gradcheck.VectorFunction;
import org.gradcheck.generate.Generator;
import org.gradcheck.generate.Generators;
import org.gradcheck.registry.GradientRegistry;
import org.gradcheck.registry.GradientRule;
import org.gradcheck.registry.RuleReport;
import org.gradcheck.registry.VerificationConfig;
import org.junit.jupiter.api.Test;

/** The user guide's known-bug declaration: a mean loss whose gradient forgot the 1/B, both ways. */
class KnownBugGuideTest {
  private static final int B = 4;
  private static final VerificationConfig CONFIG =
      VerificationConfig.builder().seed(42).pointsPerRule(5).build();

  private final Signature sig = Signature.builder().input("z", B).output("loss").build();

  /** L(z) = (1/B) Σ z_b²: the mean of the batch's squared errors. */
  private final VectorFunction meanLoss =
      z -> {
        double sum = 0;
        for (double zb : z) {
          sum += zb * zb;
        }
        return new double[] {sum / B};
      };

  /** 2 z_b: the gradient of the sum, not of the mean (the 1/B is missing). */
  private final GradientFunction summedGradient =
      z -> {
        double[] g = new double[z.length];
        for (int b = 0; b < z.length; b++) {
          g[b] = 2 * z[b];
        }
        return g;
      };

  /** The right gradient, 2 z_b / B. */
  private final GradientFunction meanGradient =
      z -> {
        double[] g = summedGradient.gradient(z);
        for (int b = 0; b < g.length; b++) {
          g[b] /= B;
        }
        return g;
      };

  private final Generator<double[]> batches = Generators.uniform(B, -2, 2);

  @Test
  void theDeclaredBugIsCaughtAndVerified() {
    GradientRule noMean =
        GradientRule.builder("mine/loss-without-1-over-B")
            .signature(sig)
            .forward(meanLoss)
            .gradient(summedGradient)
            .inputs(batches)
            .knownBug(
                "mean loss differentiated as a sum: 1/B missing", Finding.Kind.CONSTANT_FACTOR)
            .build();
    RuleReport report = GradientRegistry.verify(noMean, CONFIG);
    assertEquals(RuleReport.Status.FAILED, report.status(), report::toString);
    assertEquals(Optional.empty(), report.missed(), report::toString);
    assertTrue(report.verified(), report::toString);
  }

  @Test
  void theSameDeclarationOnTheRightGradientIsMissed() {
    GradientRule notABug =
        GradientRule.builder("mine/loss-with-1-over-B")
            .signature(sig)
            .forward(meanLoss)
            .gradient(meanGradient)
            .inputs(batches)
            .knownBug(
                "mean loss differentiated as a sum: 1/B missing", Finding.Kind.CONSTANT_FACTOR)
            .build();
    RuleReport report = GradientRegistry.verify(notABug, CONFIG);
    assertTrue(report.passed(), report::toString);
    assertFalse(report.verified(), report::toString);
    assertTrue(report.missed().orElseThrow().contains("passed"), report::toString);
  }
}
