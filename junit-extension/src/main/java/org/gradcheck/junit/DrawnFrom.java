package org.gradcheck.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.apiguardian.api.API;

/**
 * The domain of a generated {@code double[]}/{@code DMatrixRMaj} parameter of a {@link
 * GradientCheck} method, next to its {@link Shape}:
 * {@code @Shape(5) @DrawnFrom(InputDomain.SIMPLEX) double[] p}. Without it, values are uniform in
 * the {@link Range}.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface DrawnFrom {
  /** The domain. */
  InputDomain value();

  /**
   * The scale of {@link InputDomain#LOGITS} (standard deviation) or {@link
   * InputDomain#EXTREME_LOGITS} (magnitude); NaN takes the domain's default. Other domains reject
   * it.
   */
  double scale() default Double.NaN;
}
