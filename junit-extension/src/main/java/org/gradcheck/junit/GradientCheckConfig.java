package org.gradcheck.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.apiguardian.api.API;
import org.gradcheck.KinkPolicy;

/**
 * Class-level defaults for every {@link GradientCheck} method of a test class (its subclasses and
 * {@code @Nested} classes included; an inner class's attributes win over an outer class's).
 *
 * <p>Precedence, attribute by attribute, first set value wins:
 *
 * <ol>
 *   <li>the configuration parameter {@code gradcheck.seed} (an <em>override</em>: it replaces every
 *       seed and runs exactly one trial, so that a failing trial can be rerun);
 *   <li>the {@link GradientCheck} attribute on the method;
 *   <li>this annotation, innermost class first;
 *   <li>JUnit configuration parameters, from {@code junit-platform.properties}, {@code -D} or the
 *       launcher: {@code gradcheck.trials}, {@code gradcheck.mode}, {@code gradcheck.method},
 *       {@code gradcheck.atol}, {@code gradcheck.rtol}, {@code gradcheck.kinkPolicy}, {@code
 *       gradcheck.name} — project-wide defaults, which a test's explicit choice beats;
 *   <li>the built-in defaults: 1 trial, seed {@code 0x5DEECE66D}, the checker's own defaults.
 * </ol>
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@Documented
public @interface GradientCheckConfig {

  /** See {@link GradientCheck#trials()}. */
  int trials() default GradientCheck.INHERIT;

  /** See {@link GradientCheck#seed()}. */
  String seed() default "";

  /** See {@link GradientCheck#mode()}. */
  CheckMode mode() default CheckMode.INHERIT;

  /** See {@link GradientCheck#method()}. */
  String method() default "";

  /** See {@link GradientCheck#atol()}. */
  double atol() default GradientCheck.INHERIT_TOLERANCE;

  /** See {@link GradientCheck#rtol()}. */
  double rtol() default GradientCheck.INHERIT_TOLERANCE;

  /** See {@link GradientCheck#kinkPolicy()}: at most one value; empty inherits. */
  KinkPolicy[] kinkPolicy() default {};

  /** See {@link GradientCheck#name()}. */
  String name() default "";
}
