package org.gradcheck.junit.internal;

import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.gradcheck.junit.Range;
import org.gradcheck.junit.Shape;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * A parameter of a {@code @GradientCheck} method whose value the extension generates: a {@code
 * double[]} or {@code DMatrixRMaj} with a {@link Shape}, or a {@code double}, uniform in its {@link
 * Range}. Each parameter draws from its own stream of the trial's seed, so adding a parameter does
 * not change the values of the others.
 *
 * @param index position in the method's parameter list
 * @param type double[].class, DMatrixRMaj.class or double.class
 * @param rows rows (the length of a vector; 1 for a scalar)
 * @param cols columns (1 for a vector or scalar)
 * @param min lower end of the range
 * @param max upper end of the range
 */
record GeneratedParameter(int index, Class<?> type, int rows, int cols, double min, double max) {

  /**
   * The generated parameters of {@code method}, validated: every {@code double[]}/{@code
   * DMatrixRMaj} parameter needs a {@link Shape}; {@link Shape}/{@link Range} only on those types
   * (and {@link Range} on {@code double}).
   *
   * @throws ExtensionConfigurationException naming the parameter and what is expected
   */
  static List<GeneratedParameter> of(Method method) {
    List<GeneratedParameter> generated = new ArrayList<>();
    Parameter[] parameters = method.getParameters();
    for (int i = 0; i < parameters.length; i++) {
      Parameter p = parameters[i];
      Class<?> type = p.getType();
      Shape shape = AnnotationSupport.findAnnotation(p, Shape.class).orElse(null);
      Range range = AnnotationSupport.findAnnotation(p, Range.class).orElse(null);
      boolean array = type == double[].class;
      boolean matrix = type == DMatrixRMaj.class;
      boolean scalar = type == double.class;
      if (!array && !matrix && !scalar) {
        if (shape != null || range != null) {
          throw misuse(
              method,
              i,
              p,
              "@Shape/@Range apply only to double[], DMatrixRMaj (and @Range to double)");
        }
        continue;
      }
      if (scalar && range == null) {
        continue; // a plain double is left to other resolvers
      }
      if (scalar && shape != null) {
        throw misuse(method, i, p, "a double is a scalar and takes @Range, not @Shape");
      }
      if (!scalar && shape == null) {
        throw misuse(
            method,
            i,
            p,
            "needs @Shape so that its values can be generated, e.g. "
                + (array ? "@Shape(5) double[]" : "@Shape(rows = 3, cols = 4) DMatrixRMaj"));
      }
      double min = range == null ? -1.0 : range.min();
      double max = range == null ? 1.0 : range.max();
      if (!Double.isFinite(min) || !Double.isFinite(max) || !(min < max)) {
        throw misuse(
            method, i, p, "@Range(min = " + min + ", max = " + max + ") needs finite min < max");
      }
      int rows = 1;
      int cols = 1;
      if (shape != null) {
        boolean vector = shape.value() != -1;
        boolean grid = shape.rows() != -1 || shape.cols() != -1;
        if (vector == grid) {
          throw misuse(
              method,
              i,
              p,
              "@Shape takes either a length, @Shape(5), or rows and cols, @Shape(rows = 3, cols ="
                  + " 4)");
        }
        if (grid && array) {
          throw misuse(
              method, i, p, "a double[] is a vector: write @Shape(n), or use a DMatrixRMaj");
        }
        rows = vector ? shape.value() : shape.rows();
        cols = vector ? 1 : shape.cols();
        if (rows < 1 || cols < 1) {
          throw misuse(method, i, p, "@Shape needs positive sizes, got " + rows + "×" + cols);
        }
      }
      generated.add(new GeneratedParameter(i, type, rows, cols, min, max));
    }
    return List.copyOf(generated);
  }

  private static ExtensionConfigurationException misuse(
      Method method, int index, Parameter p, String what) {
    return new ExtensionConfigurationException(
        "parameter "
            + index
            + " '"
            + p.getName()
            + "' ("
            + p.getType().getSimpleName()
            + ") of "
            + SettingsResolver.describe(method)
            + ": "
            + what);
  }

  /** This parameter's value in the trial with seed {@code trialSeed}. */
  Object generate(long trialSeed) {
    SplittableRandom random = new SplittableRandom(Seeds.streamSeed(trialSeed, index + 1));
    double[] values = new double[rows * cols];
    for (int k = 0; k < values.length; k++) {
      values[k] = random.nextDouble(min, max);
    }
    if (type == double.class) {
      return values[0];
    }
    return type == double[].class ? values : DMatrixRMaj.wrap(rows, cols, values);
  }
}
