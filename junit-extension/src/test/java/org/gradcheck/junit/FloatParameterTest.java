package org.gradcheck.junit;

import static org.gradcheck.junit.TestKit.entries;
import static org.gradcheck.junit.TestKit.run;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.instanceOf;

import java.util.Arrays;
import java.util.List;
import org.gradcheck.Finding;
import org.gradcheck.GradientChecker;
import org.gradcheck.float32.FloatGradientChecker;
import org.gradcheck.float32.FloatVectorJacobianProduct;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.Event;

/** {@code @Shape float[]} parameters of a {@code @GradientCheck}: drawn as double[], rounded. */
class FloatParameterTest {
  /** y = tanh(x) elementwise, in float. */
  static float[] forward(float[] x) {
    float[] y = new float[x.length];
    for (int k = 0; k < x.length; k++) {
      y[k] = (float) Math.tanh(x[k]);
    }
    return y;
  }

  /** The backward pass; {@code squaredBug} writes tanh' as (1 − y)² instead of 1 − y². */
  static FloatVectorJacobianProduct backward(boolean squaredBug) {
    return (x, g) -> {
      float[] y = forward(x);
      float[] dx = new float[x.length];
      for (int k = 0; k < x.length; k++) {
        dx[k] = g[k] * (squaredBug ? (1 - y[k]) * (1 - y[k]) : 1 - y[k] * y[k]);
      }
      return dx;
    };
  }

  /** Float checks through the injected checker: every report is recorded and asserted. */
  @TestKit.Fixture
  static class FloatLayer {
    @GradientCheck(trials = 5)
    void correct(@Shape(6) float[] p, GradientChecker checker) {
      FloatGradientChecker.of(checker).checkVjp(FloatParameterTest::forward, backward(false), p);
    }

    @GradientCheck(trials = 3)
    void wrong(@Shape(6) float[] p, GradientChecker checker) {
      FloatGradientChecker.of(checker).checkVjp(FloatParameterTest::forward, backward(true), p);
    }

    @GradientCheck(trials = 3)
    void wrongAsExpected(@Shape(6) float[] p, GradientChecker checker) {
      FloatGradientChecker.of(checker.expectFailure(Finding.Kind.WRONG_ACTIVATION))
          .checkVjp(FloatParameterTest::forward, backward(true), p);
    }

    @GradientCheck(trials = 1)
    void correctButExpectedToFail(@Shape(6) float[] p, GradientChecker checker) {
      FloatGradientChecker.of(checker.expectFailure())
          .checkVjp(FloatParameterTest::forward, backward(false), p);
    }
  }

  @Test
  void floatChecksOnGeneratedFloatInputsAreRecordedAndAssertedBothWays() {
    EngineExecutionResults results = run(FloatLayer.class);
    List<String> failed = results.testEvents().failed().map(TestKit::message).toList();
    assertThat(String.join("\n----\n", failed), failed, hasSize(3 + 1));
    assertThat(failed.stream().filter(m -> m.contains("precision: FLOAT32")).count(), equalTo(4L));
    assertThat(
        failed.stream()
            .filter(m -> m.contains("expected the check to fail, but it passed"))
            .count(),
        equalTo(1L));
    assertThat(results.testEvents().succeeded().count(), equalTo(5L + 3L));
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
