package org.gradcheck.float32;

import static org.gradcheck.hamcrest.GradientMatchers.failsGradientCheckWith;
import static org.gradcheck.hamcrest.GradientMatchers.passesGradientCheck;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.gradcheck.CheckReport;
import org.gradcheck.DerivativeFailedException;
import org.gradcheck.Finding;
import org.gradcheck.FunctionFailedException;
import org.gradcheck.GradientCheckException;
import org.gradcheck.GradientCheckFailure;
import org.gradcheck.GradientChecker;
import org.gradcheck.InvalidCheckInputException;
import org.gradcheck.Precision;
import org.gradcheck.Signature;
import org.junit.jupiter.api.Test;

/** The float checker on a float tanh layer y = tanh(W x + b): the cases it had before 0.2. */
class FloatGradientCheckerTest {
  private static final long SEED = 31337L;
  static final Signature LAYER =
      Signature.builder().input("x", 3).input("W", 2, 3).input("b", 2).output("y", 2).build();
  private final FloatGradientChecker checker = FloatGradientChecker.defaults();

  /** y = tanh(W x + b) in float. */
  static float[] forward(float[] p) {
    float[] y = new float[2];
    for (int i = 0; i < 2; i++) {
      float s = p[9 + i];
      for (int j = 0; j < 3; j++) {
        s += p[3 + 3 * i + j] * p[j];
      }
      y[i] = (float) Math.tanh(s);
    }
    return y;
  }

  /** The backward pass; {@code bug} selects a deliberate mistake. */
  static FloatVectorJacobianProduct backward(String bug) {
    return (p, g) -> {
      float[] y = forward(p);
      float[] out = new float[11];
      for (int i = 0; i < 2; i++) {
        float d = bug.equals("no tanh'") ? g[i] : g[i] * (1 - y[i] * y[i]);
        out[9 + i] = d;
        for (int j = 0; j < 3; j++) {
          out[3 + 3 * i + j] = (bug.equals("2 dW") ? 2 : 1) * d * p[j];
          out[j] += d * p[3 + 3 * i + j];
        }
      }
      if (bug.equals("sign")) {
        for (int k = 0; k < out.length; k++) {
          out[k] = -out[k];
        }
      }
      return out;
    };
  }

  static float[] randomPoint(Random rnd) {
    float[] p = new float[11];
    double scale = rnd.nextBoolean() ? 0.8 : 3; // 3: saturated tanh, heavy cancellation in W x
    for (int k = 0; k < p.length; k++) {
      p[k] = (float) (rnd.nextGaussian() * scale);
    }
    return p;
  }

  @Test
  void aCorrectFloatLayerPassesAtManyRandomPoints() {
    Random rnd = new Random(SEED);
    FloatVectorJacobianProduct vjp = backward("none");
    for (int t = 0; t < 500; t++) {
      CheckReport r =
          checker.checkVjp(FloatGradientCheckerTest::forward, vjp, randomPoint(rnd), LAYER);
      int trial = t;
      assertTrue(r.passed(), () -> "trial " + trial + " (seed " + SEED + ")\n" + r);
      assertEquals(Precision.FLOAT32, r.precision());
    }
  }

  @Test
  void wrongFloatBackwardPassesFailWithADiagnosis() {
    float[] p = {0.5f, -0.3f, 0.8f, 0.2f, -0.4f, 0.6f, 0.1f, 0.3f, -0.5f, 0.05f, -0.1f};
    CheckReport twice =
        checker.checkVjp(FloatGradientCheckerTest::forward, backward("2 dW"), p, LAYER);
    twice.assertFailed(Finding.Kind.CONFINED_TO_INPUT);
    assertTrue(twice.toString().contains("only input W is wrong"), twice::toString);
    checker
        .checkVjp(FloatGradientCheckerTest::forward, backward("sign"), p, LAYER)
        .assertFailed(Finding.Kind.SIGN_FLIPPED);
    CheckReport missing =
        checker.checkVjp(FloatGradientCheckerTest::forward, backward("no tanh'"), p, LAYER);
    assertFalse(missing.passed(), missing::toString);
    assertThrows(GradientCheckFailure.class, missing::assertPassed);
  }

  @Test
  void theHamcrestMatchersJudgeAFloatReportBothWays() {
    float[] p = {0.5f, -0.3f, 0.8f, 0.2f, -0.4f, 0.6f, 0.1f, 0.3f, -0.5f, 0.05f, -0.1f};
    CheckReport ok =
        checker.checkVjp(FloatGradientCheckerTest::forward, backward("none"), p, LAYER);
    CheckReport sign =
        checker.checkVjp(FloatGradientCheckerTest::forward, backward("sign"), p, LAYER);
    assertThat(ok, passesGradientCheck());
    assertThat(sign, not(passesGradientCheck()));
    assertThat(sign, failsGradientCheckWith(Finding.Kind.SIGN_FLIPPED));
    assertThat(ok, not(failsGradientCheckWith()));
  }

  @Test
  void theReportStatesItsPrecisionInTextAndJson() {
    float[] x = {1.3f, -0.7f};
    CheckReport r = checker.checkGradient(x0 -> x0[0] * x0[1], x0 -> new float[] {x0[1], x0[0]}, x);
    r.assertPassed();
    assertEquals(Precision.FLOAT32, r.precision());
    assertTrue(r.toString().contains("precision: FLOAT32"), r::toString);
    assertTrue(r.toJson().contains("\"precision\":\"FLOAT32\""), r::toJson);
    CheckReport wide =
        GradientChecker.defaults()
            .checkGradient(
                v -> v[0] * v[1], v -> new double[] {v[1], v[0]}, new double[] {1.3, -0.7});
    assertEquals(Precision.FLOAT64, wide.precision());
    assertFalse(wide.toString().contains("precision:"), wide::toString);
    assertTrue(wide.toJson().contains("\"precision\":\"FLOAT64\""), wide::toJson);
  }

  @Test
  void aFloatLossWithAGradientIsChecked() {
    FloatScalarFunction loss = x -> x[0] * x[0] * x[1] + (float) Math.exp(x[1]);
    FloatVectorFunction grad =
        x -> new float[] {2 * x[0] * x[1], x[0] * x[0] + (float) Math.exp(x[1])};
    FloatVectorFunction wrong =
        x -> new float[] {2 * x[0] * x[1], x[0] * x[0] + 1.001f * (float) Math.exp(x[1])};
    float[] x = {1.3f, -0.7f};
    checker.checkGradient(loss, grad, x).assertPassed();
    checker.checkGradient(loss, wrong, x).assertFailed(Finding.Kind.CONFINED_TO_INDEX);
  }

  @Test
  void aCorrectFloatGradientPassesAndATwiceWrongOneFailsAtEveryRandomPoint() {
    FloatScalarFunction loss = LogSumLoss::value;
    FloatVectorFunction grad = LogSumLoss::gradient;
    FloatVectorFunction twice = LogSumLoss.gradient(1);
    Random rnd = new Random(SEED + 7);
    for (int t = 0; t < 200; t++) {
      float[] x = new float[5];
      double scale = Math.pow(10, rnd.nextInt(5) - 2); // 0.01 … 100
      for (int k = 0; k < x.length; k++) {
        x[k] = (float) (rnd.nextGaussian() * scale);
      }
      String where = "trial " + t + " at " + Arrays.toString(x) + " (seed " + SEED + ")";
      CheckReport ok = checker.checkGradient(loss, grad, x);
      assertTrue(ok.passed(), () -> where + "\n" + ok);
      CheckReport bad = checker.checkGradient(loss, twice, x);
      assertFalse(bad.passed(), () -> "a 2× wrong gradient passed, " + where + "\n" + bad);
    }
  }

  @Test
  void badInputGetsSpecificErrors() {
    FloatVectorFunction f = FloatGradientCheckerTest::forward;
    FloatVectorJacobianProduct vjp = backward("none");
    float[] p = randomPoint(new Random(SEED));
    InvalidCheckInputException nullF =
        assertThrows(InvalidCheckInputException.class, () -> checker.checkVjp(null, vjp, p));
    assertTrue(nullF.getMessage().contains("function f is null"), nullF.getMessage());
    assertThrows(InvalidCheckInputException.class, () -> checker.checkVjp(f, null, p));
    assertThrows(InvalidCheckInputException.class, () -> checker.checkVjp(f, vjp, null));
    assertThrows(InvalidCheckInputException.class, () -> checker.checkVjp(f, vjp, new float[0]));
    float[] nan = p.clone();
    nan[4] = Float.NaN;
    InvalidCheckInputException e =
        assertThrows(InvalidCheckInputException.class, () -> checker.checkVjp(f, vjp, nan));
    assertTrue(e.getMessage().contains("x[4] = NaN"), e.getMessage());
    GradientCheckException s =
        assertThrows(
            GradientCheckException.class, () -> checker.checkVjp(f, (x, g) -> new float[3], p));
    assertTrue(s.getMessage().contains("11"), s.getMessage());
    assertThrows(
        DerivativeFailedException.class,
        () ->
            checker.checkVjp(
                f,
                (x, g) -> {
                  throw new UnsupportedOperationException("todo");
                },
                p));
    assertThrows(GradientCheckException.class, () -> checker.checkVjp(x -> null, vjp, p));
    assertThrows(
        FunctionFailedException.class,
        () ->
            checker.checkVjp(
                x -> {
                  throw new IllegalStateException("broken");
                },
                vjp,
                p));
    assertThrows(IllegalArgumentException.class, () -> checker.withTolerance(Double.NaN, 0));
    assertThrows(
        InvalidCheckInputException.class,
        () -> checker.checkVjp(f, vjp, p, Signature.anonymous(3, 2)));
    InvalidCheckInputException ragged =
        assertThrows(
            InvalidCheckInputException.class,
            () -> checker.checkJacobian(f, x -> new float[][] {new float[11], new float[10]}, p));
    assertTrue(
        ragged.getMessage().contains("the Jacobian's row 1 is of length 10; expected length 11"),
        ragged.getMessage());
    assertEquals(Math.ulp(1.0f), FloatGradientChecker.FLOAT_EPS);
  }

  @Test
  void aFloatCheckerIsAConfigurationOfAGradientChecker() {
    GradientChecker base = GradientChecker.builder().seed(7).probes(6).build();
    FloatGradientChecker f = FloatGradientChecker.of(base);
    assertEquals(Precision.FLOAT64, base.precision(), "the given checker is not modified");
    assertEquals(Precision.FLOAT32, f.checker().precision());
    assertEquals(7, f.checker().seed());
    assertEquals(6, f.checker().probes());
    assertEquals(Precision.FLOAT32.minimumRtol(), f.checker().tolerance().rtol());
    assertEquals(1e-3, f.withTolerance(0, 1e-3).checker().tolerance().rtol());
    assertEquals(
        Precision.FLOAT32,
        GradientChecker.builder().precision(Precision.FLOAT32).build().precision());
  }
}
