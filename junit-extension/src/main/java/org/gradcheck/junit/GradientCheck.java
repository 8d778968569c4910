package org.gradcheck.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.apiguardian.api.API;
import org.gradcheck.KinkPolicy;
import org.gradcheck.junit.internal.GradientCheckExtension;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the annotated method as a gradient check: once per trial, each trial with its own seed and
 * fresh random inputs, like {@code @RepeatedTest} with reproducible randomness.
 *
 * <p>The method may declare parameters of these types, resolved per trial:
 *
 * <ul>
 *   <li>{@code GradientChecker} — a checker configured from this annotation (tolerances, mode,
 *       numeric method, kink policy) and seeded with the trial's seed, whose every report (and
 *       every report of a checker derived from it, e.g. by {@code expectFailure}) is recorded: a
 *       report that did not go as expected fails the test with its full text, the seed and a rerun
 *       hint (and its JSON is attached), every report publishes a one-line summary as a report
 *       entry;
 *   <li>{@link TrialChecker} — the trial-specific extras: the same recording checker ({@link
 *       TrialChecker#checker()}), rule verification at the trial's point, recording of reports made
 *       elsewhere;
 *   <li>{@code java.util.random.RandomGenerator}, {@code java.util.SplittableRandom} or {@code
 *       java.util.Random} seeded with the trial's seed, for the test's own inputs;
 *   <li>{@code double[]} / {@code DMatrixRMaj} annotated with {@link Shape} (and optionally {@link
 *       Range} or {@link DrawnFrom}), and {@code double} with {@link Range}: generated inputs;
 *   <li>{@link GradientCheckTrial}: which trial this is and its seed;
 *   <li>{@code GradientRule}: the rule of the invocation, under {@link VerifyRegistry}.
 * </ul>
 *
 * <p>Every attribute left at its "inherit" default takes its value from a class-level {@link
 * GradientCheckConfig}, then from JUnit configuration parameters ({@code gradcheck.trials}, {@code
 * gradcheck.atol}, … in {@code junit-platform.properties} or {@code -D}), then from the built-in
 * defaults. The one exception is {@code gradcheck.seed}: when set, it overrides every seed and runs
 * exactly one trial with that seed — this is how a failing trial is rerun. See {@link
 * GradientCheckConfig} for the full list of keys.
 *
 * <pre>{@code
 * @GradientCheck(trials = 10)
 * void softmaxJacobian(GradientChecker checker, @Shape(5) @Range(min = -3, max = 3) double[] z) {
 *   checker.checkJacobian(Softmax::forward, Softmax::jacobian, z);
 * }
 * }</pre>
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@TestTemplate
@ExtendWith(GradientCheckExtension.class)
public @interface GradientCheck {

  /** Sentinel of the {@code int} attributes: take the value from the next level. */
  int INHERIT = Integer.MIN_VALUE;

  /** Sentinel of the {@code double} attributes: take the value from the next level. */
  double INHERIT_TOLERANCE = -1.0;

  /**
   * The default display name of one invocation, e.g. {@code trial 3/10 (seed 0x5DEECE66D)}.
   * Placeholders: {@code {displayName}}, {@code {trial}}, {@code {trials}}, {@code {seed}}.
   */
  String DEFAULT_NAME = "trial {trial}/{trials} (seed {seed})";

  /** Number of invocations, each with its own seed and fresh inputs; must be ≥ 1. */
  int trials() default INHERIT;

  /**
   * Base seed: trial 1 uses it as is, later trials derive their seeds from it. Decimal or {@code
   * 0x}-prefixed hex; empty inherits. A configuration parameter {@code gradcheck.seed} overrides
   * it.
   */
  String seed() default "";

  /** Check mode of the injected checker; {@link CheckMode#INHERIT} takes it from the next level. */
  CheckMode mode() default CheckMode.INHERIT;

  /**
   * Numeric differentiation method of the injected checker, by name; empty inherits. The known
   * names are listed in the error for an unknown one.
   */
  String method() default "";

  /** Absolute tolerance of the injected checker (≥ 0); negative inherits. */
  double atol() default INHERIT_TOLERANCE;

  /** Relative tolerance of the injected checker ({@code 0 ≤ rtol < 1}); negative inherits. */
  double rtol() default INHERIT_TOLERANCE;

  /**
   * What happens at a kink, as one {@link KinkPolicy}: the injected checker's handling of kinks it
   * detects ({@code Robustness#kinkPolicy()}), and {@link TrialChecker#verify} / {@link
   * VerifyRegistry} at a rule point within a declared kink's margin ({@code SKIP} aborts the trial,
   * {@code FAIL} fails it naming the coordinate, {@code CHECK} checks the point like any other).
   *
   * <p>At most one value. Empty (the default) inherits: from {@link
   * GradientCheckConfig#kinkPolicy()}, then the configuration parameter {@code
   * gradcheck.kinkPolicy} ({@code skip|fail|check}), then the checker's default ({@link
   * KinkPolicy#SKIP}).
   */
  KinkPolicy[] kinkPolicy() default {};

  /** Display name pattern of each invocation; see {@link #DEFAULT_NAME} for the placeholders. */
  String name() default "";
}
