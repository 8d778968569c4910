package org.gradcheck;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * When a diagnosis is offered, and what its findings carry: no diagnosis once a broken contract
 * says the comparison itself is not evidence; a block-level diagnosis names its blocks.
 */
class DiagnosisOfferedTest {
  private static final GradientChecker CHECKER = GradientChecker.builder().mode(Mode.FULL).build();

  /** y = W·v + b for a constant v = (1, 2, 3): inputs W (2×3) and b (2), output y (2). */
  private static final Signature LAYER =
      Signature.builder().input("W", 2, 3).input("b", 2).output("y", 2).build();

  private static final double[] X = {0.5, -1.0, 2.0, 0.25, 1.5, -0.75, 0.1, -0.2};

  private static double[] layer(double[] p) {
    double[] y = new double[2];
    for (int i = 0; i < 2; i++) {
      y[i] = p[6 + i];
      for (int k = 0; k < 3; k++) {
        y[i] += p[3 * i + k] * (k + 1);
      }
    }
    return y;
  }

  /** The backward pass with dW scaled by {@code factor}. */
  private static VectorJacobianProduct backward(double factor) {
    return (p, g) -> {
      double[] d = new double[8];
      for (int i = 0; i < 2; i++) {
        for (int k = 0; k < 3; k++) {
          d[3 * i + k] = factor * g[i] * (k + 1);
        }
        d[6 + i] = g[i];
      }
      return d;
    };
  }

  @Test
  void aFactorOnOneBlockIsAFindingThatNamesTheBlock() {
    CheckReport r = CHECKER.checkVjp(DiagnosisOfferedTest::layer, backward(2.0), X, LAYER);
    Finding factor =
        r.findings().stream()
            .filter(f -> f.kind() == Finding.Kind.CONSTANT_FACTOR)
            .findFirst()
            .orElseThrow(() -> new AssertionError("no CONSTANT_FACTOR\n" + r));
    assertTrue(factor.blocks().stream().anyMatch(b -> b.contains("W")), factor::toString);
    assertTrue(factor.blocks().stream().noneMatch(b -> b.contains("b")), factor::toString);
    CheckReport right = CHECKER.checkVjp(DiagnosisOfferedTest::layer, backward(1.0), X, LAYER);
    assertTrue(right.passed() && right.findings().isEmpty(), right::toString);
  }

  @Test
  void noDiagnosisIsOfferedWhenTheFunctionBrokeItsContract() {
    VectorFunction scribbling =
        p -> {
          double[] y = layer(p);
          p[0] += 1.0; // writes into its input
          return y;
        };
    CheckReport broken = CHECKER.checkVjp(scribbling, backward(2.0), X, LAYER);
    assertFalse(broken.passed(), broken::toString);
    assertTrue(broken.hasFinding(Finding.Kind.CONTRACT_VIOLATION), broken::toString);
    assertTrue(broken.findings().stream().noneMatch(f -> f.kind().isDiagnosis()), broken::toString);
    CheckReport honest = CHECKER.checkVjp(DiagnosisOfferedTest::layer, backward(2.0), X, LAYER);
    assertTrue(honest.hasFinding(Finding.Kind.CONSTANT_FACTOR), honest::toString);
  }
}
