package org.gradcheck.junit;

import static org.gradcheck.hamcrest.GradientMatchers.elementsCloseTo;
import static org.gradcheck.hamcrest.GradientMatchers.matchesNumericJacobianOf;
import static org.hamcrest.MatcherAssert.assertThat;

import java.util.random.RandomGenerator;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.gradcheck.GradientChecker;
import org.gradcheck.Signature;
import org.gradcheck.reference.ReferenceRuleProvider;
import org.gradcheck.registry.GradientRule;

/**
 * The extension as a user meets it, in the normal test run: correct derivatives checked over
 * several seeded trials. Its report entries reach the open test report.
 */
@GradientCheckConfig(trials = 3, mode = CheckMode.FULL)
class GradientCheckUsageTest {

  @GradientCheck(trials = 4)
  void softmaxJacobian(GradientChecker checker, @Shape(5) @Range(min = -4, max = 4) double[] z) {
    checker.checkJacobian(Softmax::forward, Softmax::jacobian, z);
  }

  /** A dense layer y = W·x with respect to W and x, named so that reports say ∂y[i]/∂W[j,k]. */
  @GradientCheck
  void denseLayerVjp(
      GradientChecker checker, @Shape(rows = 2, cols = 3) DMatrixRMaj w, @Shape(3) double[] x) {
    Signature signature = Signature.builder().input("W", 2, 3).input("x", 3).output("y", 2).build();
    checker.checkVjp(
        flat -> {
          DMatrixRMaj y = new DMatrixRMaj(2, 1);
          CommonOps_DDRM.mult(
              signature.inputMatrix(flat, "W"), signature.inputMatrix(flat, "x"), y);
          return y.data;
        },
        (flat, g) -> {
          DMatrixRMaj wv = signature.inputMatrix(flat, "W");
          DMatrixRMaj xv = signature.inputMatrix(flat, "x");
          DMatrixRMaj gv = DMatrixRMaj.wrap(2, 1, g.clone());
          DMatrixRMaj dW = new DMatrixRMaj(2, 3);
          CommonOps_DDRM.multTransB(gv, xv, dW); // g xᵀ
          DMatrixRMaj dx = new DMatrixRMaj(3, 1);
          CommonOps_DDRM.multTransA(wv, gv, dx); // Wᵀ g
          double[] out = new double[9];
          System.arraycopy(dW.data, 0, out, 0, 6);
          System.arraycopy(dx.data, 0, out, 6, 3);
          return out;
        },
        signature.pack(w, x),
        signature);
  }

  /** The user's own inputs from the trial's generator, and a plain checker with assertPassed. */
  @GradientCheck(trials = 2, rtol = 1e-7)
  void logSumExpGradient(GradientChecker checker, RandomGenerator random) {
    double[] x = random.doubles(6, -10, 10).toArray();
    checker
        .checkGradient(
            v -> {
              double max = java.util.Arrays.stream(v).max().orElseThrow();
              return max + Math.log(java.util.Arrays.stream(v).map(a -> Math.exp(a - max)).sum());
            },
            Softmax::forward,
            x)
        .assertPassed();
  }

  /** Every built-in reference rule, each its own invocations, verified by the extension. */
  @VerifyRegistry(providers = ReferenceRuleProvider.class)
  @GradientCheck(trials = 2)
  void referenceRules(GradientRule rule) {}

  /** The matchers inside a trial. */
  @GradientCheck
  void matchers(@Shape(4) double[] z) {
    assertThat(Softmax.jacobian(z), matchesNumericJacobianOf(Softmax::forward).at(z));
    double[] y = Softmax.forward(z);
    double sum = 0;
    for (double v : y) {
      sum += v;
    }
    assertThat(new double[] {sum}, elementsCloseTo(new double[] {1.0}, 1e-15));
  }
}
