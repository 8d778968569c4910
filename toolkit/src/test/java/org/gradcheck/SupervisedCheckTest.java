package org.gradcheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.gradcheck.robust.NonFinitePolicy;
import org.junit.jupiter.api.Test;

/** The guards and the diagnosis at work inside {@link GradientChecker}. */
class SupervisedCheckTest {
  private static final long SEED = 7L;
  private final GradientChecker checker =
      GradientChecker.builder().mode(Mode.FULL).seed(SEED).build();

  private static boolean has(CheckReport r, String text) {
    return r.findings().stream().anyMatch(f -> f.toString().contains(text))
        && r.toString().contains(text);
  }

  private static final VectorFunction TANH =
      x -> new double[] {Math.tanh(x[0] + 2 * x[1]), Math.tanh(x[1] - x[2]), x[0] * x[2]};

  private static final VectorJacobianProduct TANH_VJP =
      (x, g) -> {
        double d0 = 1 - Math.pow(Math.tanh(x[0] + 2 * x[1]), 2);
        double d1 = 1 - Math.pow(Math.tanh(x[1] - x[2]), 2);
        return new double[] {
          g[0] * d0 + g[2] * x[2], 2 * g[0] * d0 + g[1] * d1, -g[1] * d1 + g[2] * x[0]
        };
      };

  private static final double[] X = {0.3, -0.2, 0.7};

  @Test
  void aCorrectBackwardPassPassesWithNoFindings() {
    CheckReport r = checker.checkVjp(TANH, TANH_VJP, X);
    assertTrue(r.passed(), r::toString);
    assertTrue(r.findings().isEmpty(), r::toString);
  }

  @Test
  void aFailingReportCarriesTheDiagnosis() {
    VectorJacobianProduct flipped =
        (x, g) -> {
          double[] v = TANH_VJP.apply(x, g);
          for (int j = 0; j < v.length; j++) {
            v[j] = -v[j];
          }
          return v;
        };
    CheckReport r = checker.checkVjp(TANH, flipped, X);
    assertFalse(r.passed());
    assertTrue(has(r, "diagnosis: sign flipped: analytic = −1.00 × numeric"), r::toString);
  }

  @Test
  void softmaxDiagonalOnlyIsDiagnosedInTheChecker() {
    VectorFunction softmax =
        z -> {
          double s = 0;
          double[] y = new double[z.length];
          for (int k = 0; k < z.length; k++) {
            y[k] = Math.exp(z[k]);
            s += y[k];
          }
          for (int k = 0; k < z.length; k++) {
            y[k] /= s;
          }
          return y;
        };
    CheckReport r =
        checker.checkJacobian(
            softmax,
            z -> {
              double[] y = softmax.apply(z);
              DMatrixRMaj j = new DMatrixRMaj(3, 3);
              for (int k = 0; k < 3; k++) {
                j.set(k, k, y[k] * (1 - y[k]));
              }
              return j;
            },
            new double[] {0.1, 0.5, -0.4},
            Signature.builder().input("z", 3).output("y", 3).build());
    assertFalse(r.passed());
    assertTrue(has(r, "Kronecker-delta"), r::toString);
  }

  /** Soft-label cross-entropy −Σ p_k log softmax(z)_k; flat = [z (5), p (5, constant)]. */
  private static double crossEntropy(double[] flat) {
    double max = Double.NEGATIVE_INFINITY;
    for (int k = 0; k < 5; k++) {
      max = Math.max(max, flat[k]);
    }
    double sum = 0;
    for (int k = 0; k < 5; k++) {
      sum += Math.exp(flat[k] - max);
    }
    double logSumExp = max + Math.log(sum);
    double loss = 0;
    for (int k = 0; k < 5; k++) {
      loss -= flat[5 + k] * (flat[k] - logSumExp);
    }
    return loss;
  }

  @Test
  void crossEntropyThatAssumesNormalisedLabelsIsDiagnosedInTheChecker() {
    Signature sig = Signature.builder().input("z", 5).constant("p", 5).output("loss").build();
    double[] flat =
        sig.pack(new double[] {0.3, -1.1, 0.8, 0.05, -0.4}, new double[] {0.1, 0.3, 0.2, 0.1, 0.1});
    org.gradcheck.GradientFunction qMinusP =
        v -> {
          double s = 0;
          double[] grad = new double[10];
          for (int k = 0; k < 5; k++) {
            s += Math.exp(v[k]);
          }
          for (int k = 0; k < 5; k++) {
            grad[k] = Math.exp(v[k]) / s - v[5 + k];
          }
          return grad;
        };
    CheckReport r = checker.checkGradient(SupervisedCheckTest::crossEntropy, qMinusP, flat, sig);
    assertFalse(r.passed());
    assertTrue(has(r, "depends on the constant input p"), r::toString);
    assertTrue(has(r, "assumes Σp = 1"), r::toString);
  }

  @Test
  void reluAtZeroIsAKinkSkippedByDefaultAndFailedOnRequest() {
    VectorFunction relu = x -> new double[] {Math.max(0, x[0]) + x[1] * x[1]};
    VectorJacobianProduct grad =
        (x, g) -> new double[] {g[0] * (x[0] > 0 ? 1 : 0), 2 * x[1] * g[0]};
    double[] x = {0, 0.5};
    CheckReport skipped = checker.checkVjp(relu, grad, x);
    assertTrue(skipped.passed(), skipped::toString);
    assertTrue(has(skipped, "not differentiable at x[0]: left derivative 0"), skipped::toString);
    assertTrue(has(skipped, "policy SKIP"), skipped::toString);
    GradientChecker strict =
        checker.toBuilder()
            .robustness(Robustness.defaults().withKinkPolicy(KinkPolicy.FAIL))
            .build();
    CheckReport failed = strict.checkVjp(relu, grad, x);
    assertFalse(failed.passed());
    assertTrue(has(failed, "policy FAIL"), failed::toString);
  }

  @Test
  void aWrongGradientNextToAKinkIsStillAFailure() {
    VectorFunction relu = x -> new double[] {Math.max(0, x[0]) + x[1] * x[1] + x[2] * x[2]};
    VectorJacobianProduct wrong = (x, g) -> new double[] {0, 3 * x[1] * g[0], 2 * x[2] * g[0]};
    CheckReport r = checker.checkVjp(relu, wrong, new double[] {0, 0.5, -0.25});
    assertFalse(r.passed(), r::toString);
    assertTrue(has(r, "kink"), r::toString);
    assertTrue(has(r, "only ∂y[0]/∂x[1] is wrong"), r::toString);
  }

  @Test
  void mutationOfXOrOfTheUpstreamGradientFailsTheCheck() {
    VectorFunction mutating =
        x -> {
          double[] y = TANH.apply(x);
          x[1] = 0;
          return y;
        };
    CheckReport r = checker.checkVjp(mutating, TANH_VJP, X);
    assertFalse(r.passed());
    assertTrue(has(r, "function wrote into its argument x[1]"), r::toString);
    VectorJacobianProduct scaling =
        (x, g) -> {
          double[] v = TANH_VJP.apply(x, g);
          g[0] = 0;
          return v;
        };
    CheckReport s = checker.checkVjp(TANH, scaling, X);
    assertFalse(s.passed());
    assertTrue(has(s, "backward (VJP) wrote into its argument upstream[0]"), s::toString);
  }

  @Test
  void aliasingFailsTheCheck() {
    VectorFunction inPlace =
        x -> {
          for (int k = 0; k < x.length; k++) {
            x[k] = Math.sin(x[k]);
          }
          return x;
        };
    VectorJacobianProduct cos =
        (x, g) ->
            new double[] {g[0] * Math.cos(x[0]), g[1] * Math.cos(x[1]), g[2] * Math.cos(x[2])};
    CheckReport r = checker.checkVjp(inPlace, cos, X);
    assertFalse(r.passed());
    assertTrue(has(r, "aliasing: the function returned its argument x itself"), r::toString);
  }

  @Test
  void nondeterminismIsReportedWithItsSpread() {
    Random noise = new Random(SEED);
    VectorFunction noisy =
        x -> {
          double[] y = TANH.apply(x);
          y[2] += 1e-13 * noise.nextGaussian();
          return y;
        };
    CheckReport r = checker.checkVjp(noisy, TANH_VJP, X);
    assertFalse(r.passed());
    assertTrue(has(r, "nondeterministic function: output [2]"), r::toString);
    GradientChecker tolerant =
        checker.toBuilder()
            .robustness(Robustness.defaults().withNondeterminismTolerance(1e-9))
            .build();
    assertFalse(has(tolerant.checkVjp(noisy, TANH_VJP, X), "nondeterministic"));
  }

  @Test
  void nondeterminismComparesTheChecksOwnBaseValueWithOneMoreCall() {
    // deterministic: one call at x beyond the check's own, and no finding
    int[] calls = {0};
    VectorFunction counted =
        x -> {
          calls[0]++;
          return TANH.apply(x);
        };
    CheckReport clean = checker.checkVjp(counted, TANH_VJP, X);
    assertTrue(clean.passed(), "seed " + SEED + "\n" + clean);
    assertFalse(has(clean, "nondeterministic"), clean::toString);
    assertEquals(clean.functionEvaluations(), calls[0], "seed " + SEED + "\n" + clean);
    // only the first call differs: the check's base value f(x) is not what f returns later, so
    // every stencil rests on a wrong f(x); comparing two later calls would not see it
    int[] seen = {0};
    VectorFunction firstCallOff =
        x -> {
          double[] y = TANH.apply(x);
          if (seen[0]++ == 0) {
            y[1] += 1e-12;
          }
          return y;
        };
    CheckReport r = checker.checkVjp(firstCallOff, TANH_VJP, X);
    assertFalse(r.passed(), "seed " + SEED + "\n" + r);
    assertTrue(has(r, "nondeterministic function: output [1]"), r::toString);
  }

  @Test
  void aNaNAnalyticValueFailsWithTheDiagnosis() {
    VectorFunction f = x -> new double[] {x[0] * x[1], x[1]};
    VectorJacobianProduct g = (x, u) -> new double[] {u[0] * x[1], Double.NaN};
    CheckReport r = checker.checkVjp(f, g, new double[] {0.5, 2});
    assertFalse(r.passed());
    assertTrue(has(r, "NaN/Inf in the analytic derivative: analytic is NaN on 2"), r::toString);
  }

  @Test
  void nonFinitePositionsAreComparedUnderComparePositions() {
    // f = x1·sqrt(x0) at x0 = 0: ∂f/∂x0 is +∞ analytically and undefined numerically (sqrt of a
    // negative step); ∂f/∂x1 = sqrt(x0) = 0 is finite on both sides
    VectorFunction f = x -> new double[] {x[1] * Math.sqrt(x[0])};
    VectorJacobianProduct right =
        (x, u) -> new double[] {u[0] * x[1] * 0.5 / Math.sqrt(x[0]), u[0] * Math.sqrt(x[0])};
    VectorJacobianProduct finiteButWrong = (x, u) -> new double[] {u[0], u[0] * Math.sqrt(x[0])};
    double[] x = {0, 0.5};
    CheckReport refused = checker.checkVjp(f, right, x);
    assertFalse(refused.passed(), "under FAIL a non-finite entry fails: " + refused);
    assertTrue(refused.toString().contains("∂y[0]/∂x[0]"), refused::toString);
    GradientChecker positions =
        checker.toBuilder()
            .robustness(
                Robustness.defaults().withNonFinitePolicy(NonFinitePolicy.COMPARE_POSITIONS))
            .build();
    CheckReport accepted = positions.checkVjp(f, right, x);
    assertTrue(accepted.passed(), accepted::toString);
    assertTrue(
        accepted.notes().stream().anyMatch(n -> n.contains("1 entry is non-finite on both sides")),
        accepted::toString);
    CheckReport mismatch = positions.checkVjp(f, finiteButWrong, x);
    assertFalse(mismatch.passed(), mismatch::toString);
    assertTrue(mismatch.toString().contains("∂y[0]/∂x[0]"), mismatch::toString);
  }

  @Test
  void anOutputThatIsInfiniteAtXIsMaskedUnderComparePositions() {
    // y1 = x0 / x1 is +∞ at x1 = 0, so its row is undefined numerically; y0 = x0·x1 stays finite
    VectorFunction f = x -> new double[] {x[0] * x[1], x[0] / x[1]};
    double[] x = {0.7, 0};
    org.gradcheck.JacobianFunction right =
        z -> new DMatrixRMaj(2, 2, true, z[1], z[0], 1 / z[1], -z[0] / (z[1] * z[1]));
    org.gradcheck.JacobianFunction wrongFiniteRow =
        z -> new DMatrixRMaj(2, 2, true, z[1], 2 * z[0], 1 / z[1], -z[0] / (z[1] * z[1]));
    org.junit.jupiter.api.Assertions.assertThrows(
        FunctionFailedException.class,
        () -> checker.checkJacobian(f, right, x),
        "under FAIL a non-finite f(x) is a documented error");
    GradientChecker positions =
        checker.toBuilder()
            .robustness(
                Robustness.defaults().withNonFinitePolicy(NonFinitePolicy.COMPARE_POSITIONS))
            .build();
    CheckReport accepted = positions.checkJacobian(f, right, x);
    assertTrue(accepted.passed(), accepted::toString);
    CheckReport caught = positions.checkJacobian(f, wrongFiniteRow, x);
    assertFalse(caught.passed(), caught::toString);
    assertTrue(caught.toString().contains("∂y[0]/∂x[1]"), caught::toString);
    // the same through a backward pass: rows come from vjp(x, e_i); the infinite row's terms are
    // added only when its upstream is non-zero (0·∞ would be NaN in any backward pass)
    VectorJacobianProduct rightVjp =
        (z, g) -> {
          double[] out = {g[0] * z[1], g[0] * z[0]};
          if (g[1] != 0) {
            out[0] += g[1] / z[1];
            out[1] -= g[1] * z[0] / (z[1] * z[1]);
          }
          return out;
        };
    VectorJacobianProduct wrongVjp =
        (z, g) -> {
          double[] out = rightVjp.apply(z, g);
          out[1] += g[0] * z[0];
          return out;
        };
    CheckReport acceptedVjp = positions.checkVjp(f, rightVjp, x);
    assertTrue(acceptedVjp.passed(), acceptedVjp::toString);
    CheckReport caughtVjp = positions.checkVjp(f, wrongVjp, x);
    assertFalse(caughtVjp.passed(), caughtVjp::toString);
    assertTrue(caughtVjp.toString().contains("∂y[0]/∂x[1]"), caughtVjp::toString);
  }

  @Test
  void aThrowingBackwardPassIsWrappedWithContext() {
    DerivativeFailedException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            DerivativeFailedException.class,
            () ->
                checker.checkVjp(
                    TANH,
                    (x, g) -> {
                      throw new IllegalStateException("TODO backward");
                    },
                    X));
    assertTrue(e.getMessage().contains("the backward (VJP) threw"), e.getMessage());
  }

  @Test
  void aFiniteDifferenceGradientGetsATautologyWarning() {
    int n = 64;
    double[] x = new double[n];
    for (int j = 0; j < n; j++) {
      x[j] = 0.01 * j;
    }
    org.gradcheck.ScalarFunction f =
        v -> {
          double s = 0;
          for (int r = 0; r < 40; r++) {
            for (double e : v) {
              s += Math.sin(e + r);
            }
          }
          return s;
        };
    org.gradcheck.GradientFunction fd =
        v -> {
          double[] grad = new double[n];
          double[] w = v.clone();
          for (int j = 0; j < n; j++) {
            double h = 1e-5;
            w[j] = v[j] + h;
            double up = f.apply(w);
            w[j] = v[j] - h;
            grad[j] = (up - f.apply(w)) / (2 * h);
            w[j] = v[j];
          }
          return grad;
        };
    org.gradcheck.GradientFunction real =
        v -> {
          double[] grad = new double[n];
          for (int r = 0; r < 40; r++) {
            for (int j = 0; j < n; j++) {
              grad[j] += Math.cos(v[j] + r);
            }
          }
          return grad;
        };
    GradientChecker loose = checker.toBuilder().rtol(1e-6).atol(1e-6).build();
    CheckReport r = loose.checkGradient(f, fd, x);
    assertTrue(has(r, "tautology warning"), r::toString);
    CheckReport honest = loose.checkGradient(f, real, x);
    assertTrue(honest.passed() && honest.findings().isEmpty(), honest::toString);
  }
}
