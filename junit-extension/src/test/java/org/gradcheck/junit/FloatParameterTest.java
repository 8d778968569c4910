package org.gradcheck.junit;

import static org.gradcheck.hamcrest.GradientMatchers.passesGradientCheck;
import static org.gradcheck.junit.TestKit.entries;
import static org.gradcheck.junit.TestKit.run;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.not;

import java.util.Arrays;
import java.util.List;
import org.gradcheck.CheckReport;
import org.gradcheck.GradientChecker;
import org.gradcheck.Signature;
import org.gradcheck.float32.FloatGradientChecker;
import org.gradcheck.float32.FloatVectorJacobianProduct;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.Event;

/** {@code @Shape float[]} parameters of a {@code @GradientCheck}: drawn as double[], rounded. */
class FloatParameterTest {
  private static final Signature LAYER =
      Signature.builder().input("x", 3).input("W", 2, 3).input("b", 2).output("y", 2).build();

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

  /** The backward pass; {@code squaredBug} writes tanh' as (1 − y)² instead of 1 − y². */
  static FloatVectorJacobianProduct backward(boolean squaredBug) {
    return (p, g) -> {
      float[] y = forward(p);
      float[] out = new float[11];
      for (int i = 0; i < 2; i++) {
        float d = g[i] * (squaredBug ? (1 - y[i]) * (1 - y[i]) : 1 - y[i] * y[i]);
        out[9 + i] = d;
        for (int j = 0; j < 3; j++) {
          out[3 + 3 * i + j] = d * p[j];
          out[j] += d * p[3 + 3 * i + j];
        }
      }
      return out;
    };
  }

  @TestKit.Fixture
  static class CorrectFloatLayer {
    @GradientCheck(trials = 5)
    void check(@Shape(11) float[] p, GradientChecker checker) {
      FloatGradientChecker.of(checker)
          .checkVjp(FloatParameterTest::forward, backward(false), p, LAYER)
          .assertPassed();
    }
  }

  @TestKit.Fixture
  static class WrongFloatLayer {
    @GradientCheck(trials = 3)
    void check(@Shape(11) float[] p, GradientChecker checker) {
      FloatGradientChecker.of(checker)
          .checkVjp(FloatParameterTest::forward, backward(true), p, LAYER)
          .assertPassed();
    }
  }

  @Test
  void aFloatLayerIsCheckedOnGeneratedFloatInputsBothWays() {
    assertThat(run(CorrectFloatLayer.class).testEvents().succeeded().count(), equalTo(5L));
    List<Event> failed = run(WrongFloatLayer.class).testEvents().failed().list();
    assertThat(failed, hasSize(3));
    assertThat(TestKit.message(failed.get(0)), containsString("precision: FLOAT32"));
  }

  @Test
  void theHamcrestMatcherJudgesAFloatReportBothWays() {
    float[] p = {0.5f, -0.3f, 0.8f, 0.2f, -0.4f, 0.6f, 0.1f, 0.3f, -0.5f, 0.05f, -0.1f};
    FloatGradientChecker checker = FloatGradientChecker.defaults();
    CheckReport ok = checker.checkVjp(FloatParameterTest::forward, backward(false), p, LAYER);
    CheckReport wrong = checker.checkVjp(FloatParameterTest::forward, backward(true), p, LAYER);
    assertThat(ok, passesGradientCheck());
    assertThat(wrong, not(passesGradientCheck()));
  }

  @TestKit.Fixture
  static class DrawsDoubles {
    @GradientCheck(trials = 2, seed = "0x2A")
    void draw(@Shape(6) @Range(min = -3, max = 3) double[] x, TestReporter reporter) {
      reporter.publishEntry("x", Arrays.toString(x));
    }
  }

  @TestKit.Fixture
  static class DrawsFloats {
    @GradientCheck(trials = 2, seed = "0x2A")
    void draw(@Shape(6) @Range(min = -3, max = 3) float[] x, TestReporter reporter) {
      reporter.publishEntry("x", Arrays.toString(x));
    }
  }

  @Test
  void aFloatArrayIsTheDoubleArrayOfTheSameSeedRoundedToFloat() {
    List<String> doubles = entries(run(DrawsDoubles.class), "x");
    List<String> floats = entries(run(DrawsFloats.class), "x");
    assertThat(doubles, hasSize(2));
    for (int t = 0; t < 2; t++) {
      String[] parts = doubles.get(t).replaceAll("[\\[\\] ]", "").split(",");
      float[] rounded = new float[parts.length];
      for (int k = 0; k < parts.length; k++) {
        rounded[k] = (float) Double.parseDouble(parts[k]);
      }
      assertThat(floats.get(t), equalTo(Arrays.toString(rounded)));
    }
  }

  @TestKit.Fixture
  static class UnshapedFloats {
    @GradientCheck
    void check(float[] x) {}
  }

  @TestKit.Fixture
  static class MatrixShapedFloats {
    @GradientCheck
    void check(@Shape(rows = 2, cols = 3) float[] x) {}
  }

  @Test
  void aMisusedFloatArrayIsNamed() {
    assertThat(
        templateFailure(UnshapedFloats.class),
        containsString(
            "(float[]) of UnshapedFloats.check(float[]): needs @Shape so that its"
                + " values can be generated, e.g. @Shape(5) float[]"));
    assertThat(
        templateFailure(MatrixShapedFloats.class),
        containsString("a float[] is a vector: write @Shape(n), or use a DMatrixRMaj"));
  }

  private static String templateFailure(Class<?> fixture) {
    EngineExecutionResults results = run(fixture);
    List<Event> failed = results.containerEvents().failed().list();
    assertThat(failed, hasSize(1));
    assertThat(TestKit.throwable(failed.get(0)), instanceOf(ExtensionConfigurationException.class));
    return TestKit.message(failed.get(0));
  }
}
