package org.gradcheck.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.apiguardian.api.API;

/**
 * The shape of a generated {@code double[]} or {@code DMatrixRMaj} parameter of a {@link
 * GradientCheck} method: {@code @Shape(5) double[] x} is a vector of length 5, {@code @Shape(rows =
 * 3, cols = 4) DMatrixRMaj w} a 3×4 matrix ({@code @Shape(5) DMatrixRMaj} is a 5×1 column). Values
 * are uniform in the parameter's {@link Range} (default [−1, 1]) and reproducible from the trial's
 * seed.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Shape {
  /** Length of a vector; not with {@link #rows()}/{@link #cols()}. */
  int value() default -1;

  /** Rows of a matrix; needs {@link #cols()}. */
  int rows() default -1;

  /** Columns of a matrix; needs {@link #rows()}. */
  int cols() default -1;
}
