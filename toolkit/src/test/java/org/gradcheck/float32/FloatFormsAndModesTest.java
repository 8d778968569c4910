package org.gradcheck.float32;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.gradcheck.CheckKind;
import org.gradcheck.CheckReport;
import org.gradcheck.Finding;
import org.gradcheck.GradientChecker;
import org.gradcheck.Mode;
import org.gradcheck.Precision;
import org.gradcheck.Signature;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every check form in float, in every mode: a correct float dense layer y = tanh(W x + b) (and a
 * float loss for the second-order forms) passes; a wrong one — tanh' written (1 − y)², W transposed
 * in dx, a Hessian without its off-diagonal part — fails.
 */
class FloatFormsAndModesTest {
  private static final int IN = 8;
  private static final int OUT = 6;
  private static final int N = IN + OUT * IN + OUT;
  private static final Signature DENSE =
      Signature.builder()
          .input("x", IN)
          .input("W", OUT, IN)
          .input("b", OUT)
          .output("y", OUT)
          .build();

  private static FloatGradientChecker checker(Mode mode) {
    return FloatGradientChecker.of(
        GradientChecker.builder().mode(mode).sampleSize(16).probes(6).seed(11).build());
  }

  private static float[] point(long seed) {
    Random rnd = new Random(seed);
    float[] p = new float[N];
    for (int k = 0; k < N; k++) {
      p[k] = (float) (rnd.nextGaussian() * 0.7);
    }
    return p;
  }

  private static float w(float[] p, int i, int j) {
    return p[IN + i * IN + j];
  }

  /** y = tanh(W x + b) in float. */
  private static float[] dense(float[] p) {
    float[] y = new float[OUT];
    for (int i = 0; i < OUT; i++) {
      float s = p[IN + OUT * IN + i];
      for (int j = 0; j < IN; j++) {
        s += w(p, i, j) * p[j];
      }
      y[i] = (float) Math.tanh(s);
    }
    return y;
  }

  /** tanh'(s) from y; the bug "(1-y)^2" writes (1 − y)² for 1 − y². */
  private static float[] slopes(float[] p, String bug) {
    float[] y = dense(p);
    float[] d = new float[OUT];
    for (int i = 0; i < OUT; i++) {
      d[i] = bug.equals("(1-y)^2") ? (1 - y[i]) * (1 - y[i]) : 1 - y[i] * y[i];
    }
    return d;
  }

  /** W[i, j], or W[j, i] (wrapped into range) under the bug "transposed". */
  private static float weightInDx(float[] p, int i, int j, String bug) {
    return bug.equals("transposed") ? p[IN + (j * OUT + i) % (OUT * IN)] : w(p, i, j);
  }

  private static FloatJacobianFunction jacobian(String bug) {
    return p -> {
      float[] d = slopes(p, bug);
      float[][] jac = new float[OUT][N];
      for (int i = 0; i < OUT; i++) {
        for (int j = 0; j < IN; j++) {
          jac[i][j] = d[i] * weightInDx(p, i, j, bug);
          jac[i][IN + i * IN + j] = d[i] * p[j];
        }
        jac[i][IN + OUT * IN + i] = d[i];
      }
      return jac;
    };
  }

  private static FloatVectorJacobianProduct vjp(String bug) {
    return (p, g) -> {
      float[] d = slopes(p, bug);
      float[] out = new float[N];
      for (int i = 0; i < OUT; i++) {
        float gi = g[i] * d[i];
        for (int j = 0; j < IN; j++) {
          out[j] += gi * weightInDx(p, i, j, bug);
          out[IN + i * IN + j] = gi * p[j];
        }
        out[IN + OUT * IN + i] = gi;
      }
      return out;
    };
  }

  private static FloatJacobianVectorProduct jvp(String bug) {
    return (p, u) -> {
      float[] d = slopes(p, bug);
      float[] out = new float[OUT];
      for (int i = 0; i < OUT; i++) {
        float s = u[IN + OUT * IN + i];
        for (int j = 0; j < IN; j++) {
          s += weightInDx(p, i, j, bug) * u[j] + u[IN + i * IN + j] * p[j];
        }
        out[i] = d[i] * s;
      }
      return out;
    };
  }

  /** L = Σ_i c_i·y_i with c_i = 1 + i/2: a scalar loss of the layer. */
  private static float loss(float[] p) {
    float[] y = dense(p);
    float l = 0;
    for (int i = 0; i < OUT; i++) {
      l += (1 + i / 2f) * y[i];
    }
    return l;
  }

  private static FloatVectorFunction gradient(String bug) {
    FloatVectorJacobianProduct back = vjp(bug);
    return p -> {
      float[] c = new float[OUT];
      for (int i = 0; i < OUT; i++) {
        c[i] = 1 + i / 2f;
      }
      return back.apply(p, c);
    };
  }

  // second order: the Hessian of LogSumLoss

  /** ∇²L = diag(…) + 1·1ᵀ; the bug "diagonal only" drops 1·1ᵀ off the diagonal. */
  private static FloatJacobianFunction hessian(String bug) {
    return x -> {
      float[][] h = new float[x.length][x.length];
      for (int a = 0; a < x.length; a++) {
        for (int b = 0; b < x.length; b++) {
          h[a][b] = a == b ? LogSumLoss.diagonal(x, a) + 1 : bug.equals("diagonal only") ? 0 : 1;
        }
      }
      return h;
    };
  }

  private static FloatJacobianVectorProduct hvp(String bug) {
    FloatJacobianFunction h = hessian(bug);
    return (x, v) -> {
      float[][] m = h.jacobian(x);
      float[] out = new float[x.length];
      for (int a = 0; a < x.length; a++) {
        for (int b = 0; b < x.length; b++) {
          out[a] += m[a][b] * v[b];
        }
      }
      return out;
    };
  }

  private static float[] secondPoint() {
    float[] x = new float[12];
    Random rnd = new Random(5);
    for (int k = 0; k < x.length; k++) {
      x[k] = (float) rnd.nextGaussian();
    }
    return x;
  }

  /** The check of one form, correct or with the named bug, at the seeded points. */
  private static void bothWays(
      Mode mode, CheckKind kind, String bug, Function<String, CheckReport> check) {
    CheckReport ok = check.apply("none");
    assertTrue(ok.passed(), () -> mode + " " + kind + ", correct:\n" + ok);
    assertEquals(Precision.FLOAT32, ok.precision());
    assertEquals(kind, ok.kind());
    if (mode != Mode.AUTO) {
      assertEquals(mode, ok.mode(), ok::toString);
    }
    CheckReport wrong = check.apply(bug);
    assertFalse(wrong.passed(), () -> mode + " " + kind + ", bug " + bug + ":\n" + wrong);
  }

  /** One first-order form of the dense layer at three points, correct and with each bug. */
  private static void denseLayer(
      Mode mode, CheckKind kind, BiFunction<float[], String, CheckReport> check) {
    for (long seed = 1; seed <= 3; seed++) {
      float[] p = point(seed);
      for (String bug : new String[] {"(1-y)^2", "transposed"}) {
        if (mode == Mode.SAMPLED && bug.equals("transposed")) {
          continue; // confined to x's 8 of 62 columns: the sample need not hold one
        }
        bothWays(mode, kind, bug, b -> check.apply(p, b));
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void jacobianForm(Mode mode) {
    FloatGradientChecker c = checker(mode);
    denseLayer(
        mode,
        CheckKind.JACOBIAN,
        (p, b) -> c.checkJacobian(FloatFormsAndModesTest::dense, jacobian(b), p, DENSE));
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void vjpForm(Mode mode) {
    FloatGradientChecker c = checker(mode);
    denseLayer(
        mode, CheckKind.VJP, (p, b) -> c.checkVjp(FloatFormsAndModesTest::dense, vjp(b), p, DENSE));
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void jvpForm(Mode mode) {
    FloatGradientChecker c = checker(mode);
    denseLayer(
        mode, CheckKind.JVP, (p, b) -> c.checkJvp(FloatFormsAndModesTest::dense, jvp(b), p, DENSE));
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void gradientForm(Mode mode) {
    FloatGradientChecker c = checker(mode);
    for (long seed = 1; seed <= 3; seed++) {
      float[] p = point(seed);
      bothWays(
          mode,
          CheckKind.GRADIENT,
          "(1-y)^2",
          b -> c.checkGradient(FloatFormsAndModesTest::loss, gradient(b), p));
    }
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void hessianForm(Mode mode) {
    FloatGradientChecker c = checker(mode);
    float[] x = secondPoint();
    bothWays(
        mode,
        CheckKind.HESSIAN,
        "diagonal only",
        b -> c.checkHessian(LogSumLoss::gradient, hessian(b), x));
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void hessianVectorProductForm(Mode mode) {
    FloatGradientChecker c = checker(mode);
    float[] x = secondPoint();
    bothWays(
        mode,
        CheckKind.HVP,
        "diagonal only",
        b -> c.checkHessianVectorProduct(LogSumLoss::gradient, hvp(b), x));
  }

  @ParameterizedTest
  @EnumSource(
      value = Mode.class,
      names = {"FULL", "AUTO"})
  void aWrongFloatLayerIsDiagnosedAsInDouble(Mode mode) {
    float[] p = point(1);
    CheckReport r =
        checker(mode).checkVjp(FloatFormsAndModesTest::dense, vjp("transposed"), p, DENSE);
    r.assertFailed(Finding.Kind.CONFINED_TO_INPUT);
    assertTrue(r.toString().contains("only input x is wrong"), r::toString);
  }
}
