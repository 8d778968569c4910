package org.gradcheck;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.ejml.data.DMatrixRMaj;
import org.gradcheck.numeric.FunctionEvaluationException;
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
  void tautologyWarningByCountAndByTiming() {
    assertTrue(TautologyGuard.byCount("gradient", 64, 32).isPresent());
    assertTrue(TautologyGuard.byCount("gradient", 1, 32).isEmpty());
    Optional<String> slow = TautologyGuard.byTiming("gradient", 2_000, 500_000, 64);
    assertTrue(slow.orElseThrow().contains("250× the time"), slow::toString);
    assertTrue(TautologyGuard.byTiming("gradient", 2_000, 6_000, 64).isEmpty());
    assertTrue(TautologyGuard.byTiming("gradient", 2_000, 500_000, 4).isEmpty(), "n too small");
    assertTrue(TautologyGuard.byTiming("gradient", 10, 50_000, 64).isEmpty(), "timer noise");
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
    GradientFunction real =
        v -> {
          double[] g = new double[n];
          for (int r = 0; r < 40; r++) {
            for (int j = 0; j < n; j++) {
              g[j] += Math.cos(v[j] + r);
            }
          }
          return g;
        };
    CallGuard tautological = CallGuard.everyCall();
    ScalarFunction gf = tautological.scalar(f);
    GradientFunction gg = tautological.gradient(fd);
    CallGuard honest = CallGuard.everyCall();
    ScalarFunction hf = honest.scalar(f);
    GradientFunction hg = honest.gradient(real);
    for (int k = 0; k < 20; k++) {
      gf.apply(x);
      gg.gradient(x);
      hf.apply(x);
      hg.gradient(x);
    }
    assertTrue(tautological.tautologyWarning(n).isPresent(), "FD gradient not flagged");
    assertTrue(honest.tautologyWarning(n).isEmpty(), () -> honest.tautologyWarning(n).get());
  }
}
