package org.gradcheck.property;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.apiguardian.api.API;

/**
 * Draws a {@link GradientProperty} parameter from the generator returned by the named method of the
 * test class (static or instance, no parameters, returning {@code
 * org.gradcheck.generate.Generator}): {@code @From("classes") double[][] zp}.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.2")
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface From {
  /** The name of the method returning the generator. */
  String value();
}
