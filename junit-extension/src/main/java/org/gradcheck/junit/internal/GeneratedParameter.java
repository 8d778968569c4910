package org.gradcheck.junit.internal;

import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.gradcheck.generate.Choices;
import org.gradcheck.generate.Generator;
import org.gradcheck.generate.Generators;
import org.gradcheck.junit.DrawnFrom;
import org.gradcheck.junit.InputDomain;
import org.gradcheck.junit.Range;
import org.gradcheck.junit.Shape;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * A parameter of a {@code @GradientCheck} method whose value the extension generates: a {@code
 * double[]}, {@code float[]} (drawn as a {@code double[]}, then rounded to float) or {@code
 * DMatrixRMaj} with a {@link Shape}, or a {@code double} with a {@link Range}, drawn by one of the
 * toolkit's generators ({@link DrawnFrom}, default uniform in the range). Each parameter draws from
 * its own stream of the trial's seed, so adding a parameter does not change the values of the
 * others.
 *
 * @param index position in the method's parameter list
 * @param type double[].class, float[].class, DMatrixRMaj.class or double.class
 * @param rows rows (the length of a vector; 1 for a scalar)
 * @param cols columns (1 for a vector or scalar)
 * @param generator draws the row-major values, rows·cols of them
 */
record GeneratedParameter(
    int index, Class<?> type, int rows, int cols, Generator<double[]> generator) {

  /**
   * The generated parameters of {@code method}, validated: every {@code double[]}/{@code
   * DMatrixRMaj} parameter needs a {@link Shape}; {@link Shape}, {@link Range} and {@link
   * DrawnFrom} only on those types (and {@link Range} on {@code double}); the range and scale must
   * suit the domain.
   *
   * @throws ExtensionConfigurationException naming the parameter and what is expected
   */
  static List<GeneratedParameter> of(Method method) {
    List<GeneratedParameter> generated = new ArrayList<>();
    Parameter[] parameters = method.getParameters();
    for (int i = 0; i < parameters.length; i++) {
      Parameter p = parameters[i];
      Class<?> type = p.getType();
      if (AnnotationSupport.isAnnotated(p, org.gradcheck.property.From.class)) {
        continue; // drawn from the named generator by @GradientProperty
      }
      Shape shape = AnnotationSupport.findAnnotation(p, Shape.class).orElse(null);
      Range range = AnnotationSupport.findAnnotation(p, Range.class).orElse(null);
      DrawnFrom drawn = AnnotationSupport.findAnnotation(p, DrawnFrom.class).orElse(null);
      boolean array = type == double[].class || type == float[].class;
      boolean matrix = type == DMatrixRMaj.class;
      boolean scalar = type == double.class;
      int position = i;
      Misuse misuse = what -> misuse(method, position, p, what);
      if (!array && !matrix && !scalar) {
        if (shape != null || range != null || drawn != null) {
          throw misuse.of(
              "@Shape/@Range/@DrawnFrom apply only to double[], DMatrixRMaj, float[] (and @Range"
                  + " to double)");
        }
        continue;
      }
      if (scalar && range == null) {
        continue; // a plain double is left to other resolvers
      }
      if (scalar && (shape != null || drawn != null)) {
        throw misuse.of("a double is a scalar and takes only @Range");
      }
      if (!scalar && shape == null) {
        throw misuse.of(
            "needs @Shape so that its values can be generated, e.g. "
                + (array
                    ? "@Shape(5) " + type.getSimpleName()
                    : "@Shape(rows = 3, cols = 4) DMatrixRMaj"));
      }
      int rows = 1;
      int cols = 1;
      if (shape != null) {
        boolean vector = shape.value() != -1;
        boolean grid = shape.rows() != -1 || shape.cols() != -1;
        if (vector == grid) {
          throw misuse.of(
              "@Shape takes either a length, @Shape(5), or rows and cols, @Shape(rows = 3, cols ="
                  + " 4)");
        }
        if (grid && array) {
          throw misuse.of(
              "a " + type.getSimpleName() + " is a vector: write @Shape(n), or use a DMatrixRMaj");
        }
        rows = vector ? shape.value() : shape.rows();
        cols = vector ? 1 : shape.cols();
        if (rows < 1 || cols < 1) {
          throw misuse.of("@Shape needs positive sizes, got " + rows + "×" + cols);
        }
      }
      InputDomain domain = drawn == null ? InputDomain.UNIFORM : drawn.value();
      double scale = drawn == null ? Double.NaN : drawn.scale();
      Generator<double[]> generator = generator(domain, range, scale, rows, cols, misuse);
      generated.add(new GeneratedParameter(i, type, rows, cols, generator));
    }
    return List.copyOf(generated);
  }

  /** Builds the exception for one parameter's misuse. */
  @FunctionalInterface
  private interface Misuse {
    ExtensionConfigurationException of(String what);
  }

  /**
   * The flat generator of {@code domain}: elementwise domains over all rows·cols values,
   * per-example domains (logits, simplex, one-hot) row by row.
   */
  private static Generator<double[]> generator(
      InputDomain domain, Range range, double scale, int rows, int cols, Misuse misuse) {
    boolean ranged = domain == InputDomain.UNIFORM || domain == InputDomain.POSITIVE;
    boolean scaled = domain == InputDomain.LOGITS || domain == InputDomain.EXTREME_LOGITS;
    if (range != null && !ranged) {
      throw misuse.of("@Range does not apply to @DrawnFrom(" + domain + ")");
    }
    if (!Double.isNaN(scale) && !scaled) {
      throw misuse.of("scale applies only to LOGITS and EXTREME_LOGITS, not " + domain);
    }
    if (scaled && !Double.isNaN(scale) && !(scale > 0 && Double.isFinite(scale))) {
      throw misuse.of("@DrawnFrom(" + domain + ", scale = " + scale + ") needs a finite scale > 0");
    }
    if (ranged) {
      boolean positive = domain == InputDomain.POSITIVE;
      double min = range == null ? (positive ? 0.1 : -1.0) : range.min();
      double max = range == null ? (positive ? 10.0 : 1.0) : range.max();
      if (!Double.isFinite(min) || !Double.isFinite(max) || !(min < max)) {
        throw misuse.of("@Range(min = " + min + ", max = " + max + ") needs finite min < max");
      }
      if (positive && !(min > 0)) {
        throw misuse.of("@DrawnFrom(POSITIVE) needs @Range with min > 0, got min = " + min);
      }
      int n = rows * cols;
      return positive ? Generators.positive(n, min, max) : Generators.uniform(n, min, max);
    }
    Generator<double[]> row =
        switch (domain) {
          case LOGITS -> Generators.logits(cols == 1 ? rows : cols, orDefault(scale, 3.0));
          case EXTREME_LOGITS ->
              Generators.extremeLogits(cols == 1 ? rows : cols, orDefault(scale, 1000.0));
          case SIMPLEX -> Generators.simplex(cols == 1 ? rows : cols);
          case ONE_HOT -> Generators.oneHot(cols == 1 ? rows : cols);
          default -> throw new IllegalStateException("unhandled domain " + domain);
        };
    return cols == 1 ? row : Generators.rows(rows, cols, row);
  }

  private static double orDefault(double scale, double fallback) {
    return Double.isNaN(scale) ? fallback : scale;
  }

  /** The misuse error of parameter {@code index}: {@code parameter 0 'x' (double[]) of …: what}. */
  static ExtensionConfigurationException misuse(
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
    return value(generator.draw(choices(trialSeed)));
  }

  /** The fresh, recording choices of this parameter in the trial with seed {@code trialSeed}. */
  Choices choices(long trialSeed) {
    return Choices.random(new SplittableRandom(Seeds.streamSeed(trialSeed, index + 1)));
  }

  /** The parameter's value from its row-major values (rounded to nearest for a float[]). */
  Object value(double[] values) {
    if (type == double.class) {
      return values[0];
    }
    if (type == float[].class) {
      float[] rounded = new float[values.length];
      for (int k = 0; k < values.length; k++) {
        rounded[k] = (float) values[k];
      }
      return rounded;
    }
    return type == double[].class ? values : DMatrixRMaj.wrap(rows, cols, values);
  }
}
