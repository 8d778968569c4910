package org.gradcheck.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.apiguardian.api.API;

/**
 * The interval from which a generated parameter of a {@link GradientCheck} method draws its values
 * uniformly: {@code @Shape(3) @Range(min = 0.1, max = 2) double[] x}. Without it, [−1, 1]. Keep
 * inputs away from kinks and singularities with the range (e.g. {@code min = 0.1} for log).
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Range {
  /** Lower end, inclusive; finite. */
  double min() default -1.0;

  /** Upper end, exclusive; finite and greater than {@link #min()}. */
  double max() default 1.0;
}
