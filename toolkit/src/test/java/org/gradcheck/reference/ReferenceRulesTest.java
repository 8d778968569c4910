package org.gradcheck.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.ejml.data.DMatrixRMaj;
import org.gradcheck.Signature;
import org.gradcheck.generate.Generator;
import org.gradcheck.numeric.NumericDifferentiator;
import org.gradcheck.numeric.NumericJacobian;
import org.gradcheck.registry.GradientRule;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The reference math checked directly against the numeric engine (independently of the checker):
 * the analytic Jacobian of every rule matches NumericDifferentiator.jacobian within its error
 * estimate, and the VJP and JVP agree with the analytic Jacobian.
 */
class ReferenceRulesTest {
  private static final long SEED = 20261124L;
  private static final int POINTS = 8;

  @TestFactory
  Stream<DynamicTest> analyticJacobianMatchesNumericJacobian() {
    return ReferenceRules.all().stream()
        .map(rule -> DynamicTest.dynamicTest(rule.name(), () -> checkAgainstNumeric(rule)));
  }

  private static void checkAgainstNumeric(GradientRule rule) {
    Signature sig = rule.signature();
    NumericDifferentiator engine = NumericDifferentiator.defaults();
    int g = 0;
    for (Generator<double[]> generator : rule.generators()) {
      SplittableRandom random = new SplittableRandom(SEED + g++);
      for (int p = 0; p < POINTS; p++) {
        double[] x = generator.generate(random);
        String where =
            rule.name() + " at " + generator.kind() + " point " + p + " (seed " + SEED + ")";
        DMatrixRMaj analytic = rule.jacobian().orElseThrow().jacobian(x);
        NumericJacobian numeric = engine.jacobian(rule.forward(), x);
        assertEquals(sig.outputSize(), analytic.numRows, where);
        assertEquals(sig.inputSize(), analytic.numCols, where);
        for (int i = 0; i < sig.outputSize(); i++) {
          for (int j : sig.differentiableInputIndices()) {
            double a = analytic.get(i, j);
            double n = numeric.values().get(i, j);
            double err = numeric.errors().get(i, j);
            if (!(Math.abs(a - n) <= 1e-12 + 1e-8 * Math.abs(n) + 4 * err)) {
              fail(
                  where
                      + ": "
                      + sig.entryLabel(i, j)
                      + " analytic "
                      + a
                      + " numeric "
                      + n
                      + " ± "
                      + err);
            }
          }
        }
      }
    }
  }
}
