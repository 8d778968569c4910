package org.gradcheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/**
 * FULL decides a column on the engine's cheap 5-point pair (4 evaluations) only when every entry
 * passes with a bar far inside the tolerance; everything else — a wrong entry, a kink, a bar too
 * wide because the step is wrong for f — gets today's 7-point estimate and its diagnoses.
 */
class EmbeddedPairCheckTest {
  private static final long SEED = 20261205L;
  private static final int N = 200;

  /** A with entries (1 + 0.5·sin(i + 2j))/n: none tiny, so every entry is resolved cheaply. */
  private static double a(int i, int j) {
    return (1 + 0.5 * Math.sin(i + 2.0 * j)) / N;
  }

  /** y = tanh(A·x). */
  private static double[] tanhAx(double[] x) {
    double[] y = new double[N];
    for (int i = 0; i < N; i++) {
      double s = 0;
      for (int j = 0; j < N; j++) {
        s += a(i, j) * x[j];
      }
      y[i] = Math.tanh(s);
    }
    return y;
  }

  /** Its Jacobian diag(1 − y²)·A, with {@code slip} (relative) on entry (7, 42). */
  private static DMatrixRMaj jacobian(double[] x, double slip) {
    double[] y = tanhAx(x);
    DMatrixRMaj j = new DMatrixRMaj(N, N);
    for (int i = 0; i < N; i++) {
      for (int k = 0; k < N; k++) {
        j.set(i, k, (1 - y[i] * y[i]) * a(i, k));
      }
    }
    j.set(7, 42, j.get(7, 42) * (1 + slip));
    return j;
  }

  private static double[] point() {
    SplittableRandom random = new SplittableRandom(SEED);
    double[] x = new double[N];
    for (int j = 0; j < N; j++) {
      x[j] = 2 * random.nextDouble() - 1;
    }
    return x;
  }

  private static GradientChecker full() {
    return GradientChecker.builder().mode(Mode.FULL).seed(SEED).build();
  }

  private static boolean notes(CheckReport r, String text) {
    return r.notes().stream().anyMatch(s -> s.contains(text));
  }

  @Test
  void aCorrectSmoothJacobianPassesOnFourEvaluationsPerColumn() {
    CheckReport r =
        full().checkJacobian(EmbeddedPairCheckTest::tanhAx, x -> jacobian(x, 0), point());
    assertTrue(r.passed(), r::toString);
    // 4 per column, f(x), its nondeterminism re-run and one more call at x (6n + 3 without the
    // pair)
    assertEquals(4L * N + 3, r.functionEvaluations(), r::toString);
    assertTrue(
        notes(r, "numeric columns: 200 of 200 decided by the 5-point pair (4 evaluations each), 0"),
        r::toString);
  }

  @Test
  void theSameThroughABackwardPassAndOnSeveralThreads() {
    VectorJacobianProduct vjp =
        (x, g) -> {
          DMatrixRMaj j = jacobian(x, 0);
          double[] out = new double[N];
          for (int i = 0; i < N; i++) {
            for (int k = 0; k < N; k++) {
              out[k] += g[i] * j.get(i, k);
            }
          }
          return out;
        };
    CheckReport sequential = full().checkVjp(EmbeddedPairCheckTest::tanhAx, vjp, point());
    assertTrue(sequential.passed(), sequential::toString);
    assertEquals(4L * N + 3, sequential.functionEvaluations(), sequential::toString);
    CheckReport parallel =
        GradientChecker.builder()
            .mode(Mode.FULL)
            .seed(SEED)
            .threads(3)
            .build()
            .checkJacobian(EmbeddedPairCheckTest::tanhAx, x -> jacobian(x, 0), point());
    assertTrue(parallel.passed(), parallel::toString);
    assertEquals(4L * N + 3, parallel.functionEvaluations(), parallel::toString);
  }

  @Test
  void sampledColumnsAreDecidedTheSameWay() {
    CheckReport r =
        GradientChecker.builder()
            .mode(Mode.SAMPLED)
            .sampleSize(20)
            .seed(SEED)
            .build()
            .checkJacobian(EmbeddedPairCheckTest::tanhAx, x -> jacobian(x, 0), point());
    assertTrue(r.passed(), r::toString);
    assertEquals(4L * 20 + 3, r.functionEvaluations(), r::toString);
    assertTrue(notes(r, "20 of 20 decided by the 5-point pair"), () -> r.notes() + "\n" + r);
  }

  @Test
  void aSlipOfOneInAMillionIsRefinedAndFailsNamed() {
    CheckReport r =
        full().checkJacobian(EmbeddedPairCheckTest::tanhAx, x -> jacobian(x, 1e-6), point());
    assertFalse(r.passed(), r::toString);
    assertTrue(r.toString().contains("∂y[7]/∂x[42]"), r::toString);
    assertTrue(
        notes(r, "199 of 200 decided by the 5-point pair (4 evaluations each), 1 by the adaptive"),
        r::toString);
    assertTrue(r.functionEvaluations() > 4L * N + 3 + 2, r::toString);
  }

  /** relu(x), with x_j = 0 exactly for j = 3, 50, 51. */
  private static double[] reluPoint() {
    double[] x = point();
    x[3] = 0;
    x[50] = 0;
    x[51] = 0;
    return x;
  }

  private static double[] relu(double[] x) {
    double[] y = new double[x.length];
    for (int j = 0; j < x.length; j++) {
      y[j] = Math.max(0, x[j]);
    }
    return y;
  }

  @Test
  void aReluAtExactZerosIsNeverDecidedCheaplyAndPassesWithAKinkAsToday() {
    VectorJacobianProduct correct =
        (x, g) -> {
          double[] out = new double[x.length];
          for (int j = 0; j < x.length; j++) {
            out[j] = x[j] > 0 ? g[j] : 0;
          }
          return out;
        };
    CheckReport r = full().checkVjp(EmbeddedPairCheckTest::relu, correct, reluPoint());
    assertTrue(r.passed(), r::toString);
    assertTrue(r.hasFinding(Finding.Kind.KINK), r::toString);
    // the 3 kinks are refined (an input closer to 0 than 2h at the adaptive start step, whose
    // 7-point stencil would span the kink, is decided by the pair at its eighth of that step)
    assertTrue(notes(r, "197 of 200 decided by the 5-point pair"), () -> r.notes() + "\n" + r);
    // a slope off by 1e-6 on the first active input still fails
    VectorJacobianProduct doubled =
        (x, g) -> {
          double[] out = correct.apply(x, g);
          for (int j = 0; j < x.length; j++) {
            if (x[j] > 0) {
              out[j] *= 1 + 1e-6;
              break;
            }
          }
          return out;
        };
    CheckReport wrong = full().checkVjp(EmbeddedPairCheckTest::relu, doubled, reluPoint());
    assertFalse(wrong.passed(), wrong::toString);
  }

  @Test
  void aBarWidenedByAStepTooLongForFIsRetriedAtThePredictedStep() {
    // exp at x ≈ 45: the pair's first step 2⁻¹²·|x| ≈ 0.01 is far too long for a function whose
    // scale is 1, so its bar (the 4th difference, ≈ h³|f⁗|/12) is far above the tolerance; the
    // bar scales as h³, so the pair is tried once more at the step it predicts, and decides there
    // (8 evaluations instead of the adaptive engine's 4 + 6 or more). The first column is an
    // ordinary one, so the others' pairs start where its pair decided, at an eighth of the start
    // step
    double[] x = point();
    for (int j = 10; j < N; j += 20) {
      x[j] += 45;
    }
    VectorFunction exp = Elementwise.map(Math::exp);
    CheckReport r = full().checkVjp(exp, Elementwise.backward(Math::exp), x);
    assertTrue(r.passed(), r::toString);
    assertTrue(
        notes(
            r,
            "200 of 200 decided by the 5-point pair (190 at its first step on 4 evaluations each,"
                + " 10 at another step on 8–12), 0 by the adaptive 7-point engine"),
        () -> r.notes() + "\n" + r);
    assertEquals(4L * 190 + 8L * 10 + 3, r.functionEvaluations(), r::toString);
    // and a wrong derivative on one of those columns fails
    CheckReport failed = full().checkVjp(exp, Elementwise.backward(Math::exp, 50, 1 + 1e-6), x);
    assertFalse(failed.passed(), failed::toString);
    assertTrue(failed.toString().contains("∂y[50]/∂x[50]"), failed::toString);
  }

  @Test
  void theRuleDecidesOnlyPassesWithABarFarInsideTheTolerance() {
    Tolerance t = Tolerance.defaults(); // allowance without a bar: 1e-12 + 1e-8·|numeric|
    assertTrue(t.acceptsDecisively(1.0, 1.0 + 1e-12, 1e-10, 1e-12));
    assertFalse(t.acceptsDecisively(1.0, 1.0, 1e-8, 0), "passes, but only inside a loose bar");
    assertTrue(t.accepts(1.0, 1.0, 1e-8));
    assertFalse(t.acceptsDecisively(1.0, 1.0 + 1e-6, 1e-13, 1e-13), "a failure is never decided");
    // an output that does not depend on the input: 0 ± its rounding, which no step tightens
    assertTrue(t.acceptsDecisively(0.0, 0.0, 7e-13, 7e-13));
    // ... within k such bars, as with the 7-point estimate (whose rounding bar is larger still)
    assertTrue(t.acceptsDecisively(3e-12, 0.0, 7e-13, 7e-13));
    assertFalse(t.acceptsDecisively(4e-12, 0.0, 7e-13, 7e-13));
    // a resolved small value whose rounding bar is above the target: a longer step would help
    assertFalse(t.acceptsDecisively(1e-9, 1e-9, 7e-13, 7e-13));
    // a tiny value known only to within atol: passes, but precision is left to the sharper estimate
    assertTrue(t.accepts(1e-13, 1e-13, 2e-13));
    assertFalse(t.acceptsDecisively(1e-13, 1e-13, 2e-13, 1e-30), "atol never stands in for rtol");
    assertFalse(t.acceptsDecisively(1.0, 1.0, 1e-13, Double.NaN), "round-off part unknown");
    assertFalse(t.acceptsDecisively(Double.NaN, 1.0, 1e-13, 1e-13));
    // the relative bar the rule lets stand, which the engine aims a second pair at
    assertEquals(1e-8 / 4, t.decisiveRelativeBar(), 0.0);
    assertEquals(
        1e-6, Tolerance.defaults().withRtol(1e-6).withErrorBoundFactor(0.5).decisiveRelativeBar());
  }

  @Test
  void aRowVaryingFasterThanThePairsStepIsTriedShorterThenAsPredictedAndTheOthersStartThere() {
    // sin at 10⁴…10⁵: the pair's first step 2⁻¹²·|x| spans periods of sin (its 3-point
    // differences at h and 2h disagree), so the pair is tried at h / 2⁸, where its bar is
    // measured in its asymptotic range, and then at the step that bar predicts (12 evaluations);
    // the other columns' pairs start at that fraction of their start steps, and decide there
    SplittableRandom random = new SplittableRandom(SEED);
    double[] x = new double[40];
    for (int j = 0; j < x.length; j++) {
      x[j] = 1e4 + 9e4 * random.nextDouble();
    }
    CheckReport r = full().checkVjp(Elementwise.map(Math::sin), Elementwise.backward(Math::cos), x);
    assertTrue(r.passed(), r::toString);
    assertTrue(
        notes(
            r,
            "40 of 40 decided by the 5-point pair (39 at its first step on 4 evaluations each, 1 at"
                + " another step on 8–12)"),
        r::toString);
    assertEquals(12 + 4L * 39 + 3, r.functionEvaluations(), r::toString);
    CheckReport wrong =
        full()
            .checkVjp(Elementwise.map(Math::sin), Elementwise.backward(Math::cos, 17, 1 + 1e-6), x);
    assertFalse(wrong.passed(), wrong::toString);
    assertTrue(wrong.toString().contains("∂y[17]/∂x[17]"), wrong::toString);
  }

  @Test
  void anOutputThatDoesNotDependOnTheInputIsDecidedNoMoreLooselyThanByTheSevenPointEngine() {
    // y = (sin x₀, 1 + x₁): ∂y₁/∂x₀ = 0 exactly, known only to within the rounding of |y₁| ≈ 1,
    // which grows as the step shrinks: the pair (at an eighth of the start step) is judged with
    // the 7-point engine's rounding bar at its start step, so a spurious 1e-11 there — inside 4
    // of the pair's own bars (≈ 5e-12 each), outside 4 of the engine's (≈ 8e-13) — still fails
    VectorFunction f = v -> new double[] {Math.sin(v[0]), 1 + v[1]};
    double[] x = {0.3, 0.2};
    for (double spurious : new double[] {0.0, 1e-11}) {
      JacobianFunction jacobian =
          v -> {
            DMatrixRMaj j = new DMatrixRMaj(2, 2);
            j.set(0, 0, Math.cos(v[0]));
            j.set(1, 0, spurious);
            j.set(1, 1, 1);
            return j;
          };
      CheckReport r = full().checkJacobian(f, jacobian, x);
      if (spurious == 0.0) {
        assertTrue(r.passed(), r::toString);
        assertTrue(notes(r, "2 of 2 decided by the 5-point pair"), r::toString);
      } else {
        assertFalse(r.passed(), r::toString);
        assertTrue(r.toString().contains("∂y[1]/∂x[0]"), r::toString);
        assertTrue(notes(r, "1 of 2 decided by the 5-point pair"), r::toString);
      }
    }
  }
}
