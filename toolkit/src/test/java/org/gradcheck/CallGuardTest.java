package org.gradcheck;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.ejml.data.DMatrixRMaj;
import org.gradcheck.numeric.FunctionEvaluationException;
import org.gradcheck.numeric.NumericDifferentiator;
import org.gradcheck.robust.TautologyGuard;
import org.junit.jupiter.api.Test;

class CallGuardTest {

  @Test
  void aWellBehavedFunctionLeavesTheGuardClean() {
    CallGuard guard = CallGuard.everyCall();
    VectorFunction f = guard.function(x -> new double[] {x[0] * x[1], Math.sin(x[0])});
    double[] x = {1.5, -2.0};
    assertArrayEquals(new double[] {-3.0, Math.sin(1.5)}, f.apply(x));
    assertTrue(guard.clean(), guard.violations()::toString);
    assertEquals(1, guard.calls(CallGuard.FUNCTION));
  }

  @Test
  void aFunctionWritingIntoXIsCaughtWithArrayAndIndexAndXIsRestored() {
    CallGuard guard = CallGuard.everyCall();
    VectorFunction f =
        guard.function(
            x -> {
              x[2] = 0; // the bug: scratch use of the input
              return new double[] {x[0] + x[1]};
            });
    double[] x = {1, 2, 3};
    f.apply(x);
    assertArrayEquals(new double[] {1, 2, 3}, x, "the guard restores x");
    GuardViolation v = guard.violations().get(0);
    assertEquals(GuardViolation.Kind.INPUT_MUTATION, v.kind());
    assertEquals("x", v.array());
    assertEquals(2, v.index());
    assertTrue(
        v.describe().contains("function wrote into its argument x[2] (was 3.0, now 0.0)"),
        v::describe);
  }

  @Test
  void aBackwardPassWritingIntoTheUpstreamGradientIsCaught() {
    CallGuard guard = CallGuard.everyCall();
    VectorJacobianProduct vjp =
        guard.vjp(
            (x, g) -> {
              g[1] *= 2; // in-place scaling of the caller's gradient
              return new double[] {g[0], g[1]};
            });
    double[] g = {1, 1};
    vjp.apply(new double[] {0, 0}, g);
    GuardViolation v = guard.violations().get(0);
    assertEquals("upstream", v.array());
    assertEquals(1, v.index());
    assertTrue(v.describe().startsWith("input mutation: the backward (VJP)"), v::describe);
    assertArrayEquals(new double[] {1, 1}, g);
  }

  @Test
  void aCleanBackwardPassIsNotReported() {
    CallGuard guard = CallGuard.everyCall();
    VectorJacobianProduct vjp = guard.vjp((x, g) -> new double[] {2 * x[0] * g[0], g[1]});
    vjp.apply(new double[] {3, 0}, new double[] {1, 1});
    vjp.apply(new double[] {3, 0}, new double[] {1, 1});
    assertTrue(guard.clean());
  }

  @Test
  void returningTheInputItselfIsAliasing() {
    CallGuard guard = CallGuard.everyCall();
    VectorFunction f =
        guard.function(
            x -> {
              for (int i = 0; i < x.length; i++) {
                x[i] = Math.tanh(x[i]);
              }
              return x; // in-place activation
            });
    double[] x = {0.5, -1};
    double[] y = f.apply(x);
    assertNotSame(x, y);
    assertEquals(Math.tanh(0.5), y[0], 0.0, "the result is kept, as a fresh array");
    assertArrayEquals(new double[] {0.5, -1}, x);
    assertTrue(
        guard.violations().stream()
            .anyMatch(v -> v.kind() == GuardViolation.Kind.OUTPUT_ALIASES_INPUT),
        guard.violations()::toString);
  }

  @Test
  void aReusedOutputBufferIsCaught() {
    double[] buffer = new double[1];
    VectorFunction reusing =
        x -> {
          buffer[0] = x[0] * x[0];
          return buffer;
        };
    assertEquals(0.0, centralDifference(reusing), 0.0, "unguarded, plus and minus share one array");
    CallGuard guard = CallGuard.everyCall();
    centralDifference(guard.function(reusing));
    assertEquals(GuardViolation.Kind.OUTPUT_REUSED, guard.violations().get(0).kind());
  }

  /** A plain central difference at x = 3 that keeps both results, as any engine would. */
  private static double centralDifference(VectorFunction f) {
    double[] plus = f.apply(new double[] {3 + 1e-6});
    double[] minus = f.apply(new double[] {3 - 1e-6});
    return (plus[0] - minus[0]) / 2e-6;
  }

  @Test
  void aThrowingDerivativeIsWrappedWithContext() {
    CallGuard guard = CallGuard.everyCall();
    VectorJacobianProduct vjp =
        guard.vjp(
            (x, g) -> {
              throw new UnsupportedOperationException("not implemented");
            });
    DerivativeFailedException e =
        assertThrows(
            DerivativeFailedException.class, () -> vjp.apply(new double[] {1}, new double[] {2}));
    assertTrue(
        e.getMessage().contains("backward (VJP) threw")
            && e.getMessage().contains("upstream = [2.0]")
            && e.getMessage().contains("x = [1.0]"),
        e.getMessage());
    VectorFunction f =
        guard.function(
            x -> {
              throw new IllegalStateException("f itself");
            });
    FunctionEvaluationException fe =
        assertThrows(FunctionEvaluationException.class, () -> f.apply(new double[] {1}));
    assertTrue(fe.getCause() instanceof IllegalStateException);
  }

  @Test
  void freshResultsAreNotReuse() {
    CallGuard guard = CallGuard.everyCall();
    VectorFunction f = guard.function(x -> new double[] {x[0]});
    for (int k = 0; k < 5; k++) {
      f.apply(new double[] {k});
    }
    assertTrue(guard.clean());
  }

  @Test
  void sampledGuardStillCatchesASystematicMutation() {
    CallGuard guard = CallGuard.sampled(2, 100);
    VectorFunction f =
        guard.function(
            x -> {
              x[0] += 1e-9;
              return new double[] {x[0]};
            });
    for (int k = 0; k < 10; k++) {
      f.apply(new double[] {1});
    }
    assertEquals(1, guard.violations().size());
    assertEquals(10, guard.calls(CallGuard.FUNCTION));
    assertThrows(IllegalArgumentException.class, () -> CallGuard.sampled(-1, 1));
  }

  @Test
  void scalarGradientAndJacobianRolesAreGuarded() {
    CallGuard guard = CallGuard.everyCall();
    ScalarFunction s =
        guard.scalar(
            x -> {
              x[0] = 7;
              return 1;
            });
    GradientFunction g = guard.gradient(x -> x);
    JacobianFunction j = guard.jacobian(x -> DMatrixRMaj.wrap(1, x.length, x));
    s.apply(new double[] {1});
    g.gradient(new double[] {1});
    DMatrixRMaj jac = j.jacobian(new double[] {4, 5});
    assertNotSame(jac.data, null);
    assertEquals(3, guard.violations().size(), guard.violations()::toString);
  }

  @Test
  void anExceptionStillRestoresTheArguments() {
    CallGuard guard = CallGuard.everyCall();
    VectorFunction f =
        guard.function(
            x -> {
              x[0] = 42;
              throw new IllegalStateException("boom");
            });
    double[] x = {1};
    assertThrows(FunctionEvaluationException.class, () -> f.apply(x));
    assertEquals(1, x[0]);
    assertEquals(GuardViolation.Kind.INPUT_MUTATION, guard.violations().get(0).kind());
  }

  @Test
  void tautologyWarningByCount() {
    assertTrue(TautologyGuard.byCount("gradient", 64, 32).isPresent());
    assertTrue(TautologyGuard.byCount("gradient", 1, 32).isEmpty());
  }

  /** (a) A slow but accurate derivative: a correct backward pass of a deep network. */
  @Test
  void aSlowDerivativeThatAgreesToRoundingIsNoTautology() {
    // ratio 80 (800 µs against 10 µs), n = 5000, disagreement 1e-14
    assertTrue(TautologyGuard.assess("backward (VJP)", 10_000, 800_000, 5000, 1e-14).isEmpty());
    // even a ratio of 3000 proves nothing while the values agree like a hand-written derivative
    assertTrue(TautologyGuard.assess("gradient", 10_000, 30_000_000, 5000, 1e-14).isEmpty());
    assertTrue(
        TautologyGuard.assess("gradient", 10_000, 30_000_000, 5000, Double.NaN).isEmpty(),
        "nothing compared: no value evidence, no warning");
  }

  /** (b) Costs 2n function calls and disagrees like a finite difference. */
  @Test
  void aDerivativeCostingNFunctionCallsAndDisagreeingLikeAFiniteDifferenceIsFlagged() {
    Optional<String> w = TautologyGuard.assess("gradient", 10_000, 30_000_000, 5000, 1e-8);
    String text = w.orElseThrow();
    assertTrue(
        text.startsWith("tautology warning: the gradient took 3000× the time")
            && text.contains("(n = 5000)")
            && text.contains("1.0e-08 (median relative)"),
        text);
  }

  /**
   * (c) Ratio 80 at n = 64 warns: 80 calls exceed n/2 = 32 (a one-sided difference makes 65, a
   * central one 128), and a median disagreement of 1e-8 is 1000 times what a correct gradient
   * showed against the engine (≤ 1e-11) and what a central difference with h = 1e-6 leaves — both
   * signatures are present, and the warning is only a finding.
   */
  @Test
  void ratio80AtN64WithFiniteDifferenceDisagreementWarns() {
    assertTrue(TautologyGuard.assess("gradient", 10_000, 800_000, 64, 1e-8).isPresent());
    // either kind of evidence missing: no warning
    assertTrue(TautologyGuard.assess("gradient", 10_000, 300_000, 64, 1e-8).isEmpty(), "ratio 30");
    assertTrue(TautologyGuard.assess("gradient", 10_000, 800_000, 64, 1e-11).isEmpty(), "1e-11");
    assertTrue(TautologyGuard.assess("gradient", 10_000, 800_000, 8, 1e-8).isEmpty(), "n < 16");
    assertTrue(TautologyGuard.assess("gradient", 100, 50_000, 64, 1e-8).isEmpty(), "timer noise");
  }

  @Test
  void medianRelativeDisagreementIgnoresAMinorityAndTinyEntries() {
    double[] exact = {1, 2, 3, 4, 1e-9};
    double[] close = {1 + 1e-9, 2 + 2e-9, 3 + 3e-9, 4 + 4e-9, 2e-9};
    assertEquals(1e-9, TautologyGuard.medianRelativeDisagreement(close, exact), 1e-15);
    double[] oneWrong = {1, 2, 3, -4, 1e-9};
    assertEquals(0.0, TautologyGuard.medianRelativeDisagreement(oneWrong, exact));
    assertEquals(
        0.0,
        TautologyGuard.medianRelativeDisagreement(new double[] {0, 0}, new double[] {0, 0}),
        "exact zeros agree");
    assertTrue(
        Double.isNaN(
            TautologyGuard.medianRelativeDisagreement(
                new double[] {Double.NaN}, new double[] {1})));
  }

  private static double expensive(double[] x) {
    double s = 0;
    for (int r = 0; r < 40; r++) {
      for (double v : x) {
        s += Math.sin(v + r);
      }
    }
    return s;
  }

  private static double[] expensiveGradient(double[] x) {
    double[] g = new double[x.length];
    for (int r = 0; r < 40; r++) {
      for (int j = 0; j < x.length; j++) {
        g[j] += Math.cos(x[j] + r);
      }
    }
    return g;
  }

  /**
   * (d) End to end: the "analytic" gradient is literally a central-difference loop over n = 64
   * inputs of a cheap function; the disagreement fed to the guard is measured against the checker's
   * numeric engine. A correct gradient, measured the same way, is not flagged even when it is made
   * as slow as the finite difference.
   */
  @Test
  void aFiniteDifferenceGradientIsFlaggedAndARealOneIsNot() {
    int n = 64;
    double[] x = new double[n];
    for (int j = 0; j < n; j++) {
      x[j] = 0.01 * j;
    }
    ScalarFunction f = CallGuardTest::expensive;
    GradientFunction fd =
        v -> {
          double[] g = new double[n];
          double[] w = v.clone();
          for (int j = 0; j < n; j++) {
            w[j] = v[j] + 1e-6;
            double up = f.apply(w);
            w[j] = v[j] - 1e-6;
            g[j] = (up - f.apply(w)) / 2e-6;
            w[j] = v[j];
          }
          return g;
        };
    GradientFunction slowButCorrect =
        v -> {
          double[] g = null;
          for (int r = 0; r < 2 * n; r++) { // as costly as the finite difference
            g = expensiveGradient(v);
          }
          return g;
        };
    double[] numeric =
        NumericDifferentiator.defaults().jacobian(v -> new double[] {f.apply(v)}, x).values().data;

    CallGuard tautological = CallGuard.everyCall();
    CallGuard honest = CallGuard.everyCall();
    ScalarFunction gf = tautological.scalar(f);
    GradientFunction gg = tautological.gradient(fd);
    ScalarFunction hf = honest.scalar(f);
    GradientFunction hg = honest.gradient(slowButCorrect);
    double[] fdValues = null;
    double[] realValues = null;
    for (int k = 0; k < 20; k++) {
      gf.apply(x);
      fdValues = gg.gradient(x);
      hf.apply(x);
      realValues = hg.gradient(x);
    }
    double fdDisagreement = TautologyGuard.medianRelativeDisagreement(fdValues, numeric);
    double realDisagreement = TautologyGuard.medianRelativeDisagreement(realValues, numeric);
    String measured =
        "disagreement FD "
            + fdDisagreement
            + ", real "
            + realDisagreement
            + "; fastest f "
            + tautological.fastestNanos(CallGuard.FUNCTION)
            + " ns, FD gradient "
            + tautological.fastestNanos(CallGuard.GRADIENT)
            + " ns, real gradient "
            + honest.fastestNanos(CallGuard.GRADIENT)
            + " ns";
    Optional<String> w = tautological.tautologyWarning(n, fdDisagreement);
    assertTrue(w.isPresent(), "FD gradient not flagged: " + measured);
    assertTrue(w.get().contains("the gradient took") && w.get().contains("(n = 64)"), w::get);
    assertTrue(
        honest.tautologyWarning(n, realDisagreement).isEmpty(),
        () -> honest.tautologyWarning(n, realDisagreement).get() + "; " + measured);
    // the time ratio alone never warns
    assertTrue(tautological.tautologyWarning(n, realDisagreement).isEmpty(), measured);
  }
}
