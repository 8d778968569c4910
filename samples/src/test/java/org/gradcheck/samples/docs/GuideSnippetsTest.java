package org.gradcheck.samples.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.ejml.data.DMatrixRMaj;
import org.gradcheck.CheckReport;
import org.gradcheck.GradientChecker;
import org.gradcheck.Signature;
import org.gradcheck.VectorFunction;
import org.gradcheck.VectorJacobianProduct;
import org.gradcheck.junit.DrawnFrom;
import org.gradcheck.junit.GradientCheck;
import org.gradcheck.junit.InputDomain;
import org.gradcheck.junit.Range;
import org.gradcheck.junit.Shape;
import org.gradcheck.junit.VerifyRegistry;
import org.gradcheck.registry.GradientRegistry;
import org.gradcheck.registry.GradientRule;
import org.gradcheck.registry.VerificationConfig;
import org.gradcheck.registry.VerificationResult;
import org.gradcheck.samples.Gelu;
import org.gradcheck.samples.SampleRules;
import org.gradcheck.samples.layers.SoftmaxCrossEntropy;
import org.junit.jupiter.api.Test;

/**
 * The README's and the user guide's snippets that use the samples' layers, as the docs show them
 * (between the {@code docs:} comments); {@code DocSnippetsTest} checks that the docs still contain
 * exactly this code.
 */
class GuideSnippetsTest {
  private final double[] x = {-1.5, -0.2, 0.0, 0.3, 2.0};

  @Test
  void aFirstCheck() {
    // docs: README a first check
    CheckReport report = GradientChecker.defaults().checkVjp(Gelu::forward, Gelu::backward, x);
    report.assertPassed(); // on failure: the worst entries by name, the tolerance rule, a diagnosis
    // docs: end
  }

  @Test
  void theChecker() {
    // docs: guide the checker
    GradientChecker checker = GradientChecker.defaults(); // or GradientChecker.builder()…build()
    CheckReport report = checker.checkVjp(Gelu::forward, Gelu::backward, x);
    report.assertPassed(); // GradientCheckFailure carries the report
    // docs: end
  }

  // docs: README first JUnit check
  @GradientCheck(trials = 10)
  void backward(GradientChecker checker, @Shape(16) @Range(min = -4, max = 4) double[] x) {
    checker.checkVjp(Gelu::forward, Gelu::backward, x);
  }

  // docs: end

  @Test
  void namedShapedInputs() {
    double[] x = {0.5, -1.0, 2.0};
    DMatrixRMaj w = new DMatrixRMaj(2, 3, true, 0.1, 0.2, -0.3, 0.4, -0.5, 0.6);
    double[] mask = {1, 0};
    GradientChecker checker = GradientChecker.defaults();
    // docs: guide named shaped inputs
    Signature sig =
        Signature.builder()
            .input("x", 3)
            .input("W", 2, 3)
            .constant("mask", 2) // carried in the flat vector, never differentiated
            .output("y", 2)
            .build();
    double[] flat = sig.pack(x, w, mask); // double[], DMatrixRMaj or Number parts

    VectorFunction forward = // y = mask ⊙ (W·x)
        v -> {
          DMatrixRMaj wv = sig.inputMatrix(v, "W"); // a copy of one block
          double[] xv = sig.inputArray(v, "x"), m = sig.inputArray(v, "mask");
          double[] y = new double[2];
          for (int i = 0; i < 2; i++)
            for (int j = 0; j < 3; j++) y[i] += m[i] * wv.get(i, j) * xv[j];
          return y;
        };
    VectorJacobianProduct backward = // inputSize() values: ∂/∂x, ∂/∂W, then zeros at mask
        (v, g) -> {
          DMatrixRMaj wv = sig.inputMatrix(v, "W");
          double[] xv = sig.inputArray(v, "x"), m = sig.inputArray(v, "mask");
          double[] d = new double[sig.inputSize()];
          int dw = sig.inputOffset("W");
          for (int i = 0; i < 2; i++)
            for (int j = 0; j < 3; j++) {
              d[j] += m[i] * g[i] * wv.get(i, j); // ∂L/∂x = Wᵀ(m ⊙ g)
              d[dw + i * 3 + j] = m[i] * g[i] * xv[j]; // ∂L/∂W = (m ⊙ g) xᵀ
            }
          return d;
        };
    CheckReport r = checker.checkVjp(forward, backward, flat, sig);
    // a failure names entries such as ∂y[1]/∂W[1,2]
    // docs: end
    r.assertPassed();
    assertEquals(18, r.comparedCount(), r::toString); // 2 outputs × 9 differentiable inputs
    VectorJacobianProduct doubled =
        (v, g) -> {
          double[] d = backward.apply(v, g);
          for (int i = 0; i < d.length; i++) {
            d[i] *= 2;
          }
          return d;
        };
    CheckReport wrong = checker.checkVjp(forward, doubled, flat, sig);
    assertFalse(wrong.passed(), wrong::toString);
    assertTrue(wrong.worstEntries().get(0).label().startsWith("∂y["), wrong::toString);
  }

  @Test
  void registry() {
    // docs: guide registry
    VerificationResult result =
        GradientRegistry.discover()
            .verifyAll(VerificationConfig.builder().seed(42).pointsPerRule(20).build());
    System.out.println(result); // one line per rule, then the coverage table
    // docs: end
    assertTrue(result.allPassed(), result::toString);
  }

  // docs: guide generated matrices
  @GradientCheck(trials = 20)
  void crossEntropy(
      GradientChecker checker,
      @Shape(rows = 4, cols = 10) @DrawnFrom(InputDomain.LOGITS) DMatrixRMaj logits,
      @Shape(rows = 4, cols = 10) @DrawnFrom(InputDomain.ONE_HOT) DMatrixRMaj labels) {
    checker.checkGradient(
        z -> SoftmaxCrossEntropy.forward(DMatrixRMaj.wrap(4, 10, z), labels),
        z -> SoftmaxCrossEntropy.backward(DMatrixRMaj.wrap(4, 10, z), labels, 1.0).data,
        logits.data);
  }

  // docs: end

  // docs: guide verify registry
  @VerifyRegistry(providers = SampleRules.class) // empty: every RuleProvider on the classpath
  @GradientCheck(trials = 5)
  void rules(GradientRule rule) {} // body optional
  // docs: end
}
