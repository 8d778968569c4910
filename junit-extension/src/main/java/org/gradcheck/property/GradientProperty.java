package org.gradcheck.property;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.apiguardian.api.API;
import org.gradcheck.junit.internal.GradientPropertyExtension;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the annotated method as a property over generated inputs: once per try, each try drawing its
 * parameters from one recorded choice sequence seeded by the try's seed. The body may call the
 * injected recording {@code GradientChecker} or any assertion; a property is any test that may
 * throw.
 *
 * <p>Parameters: {@code double[]}/{@code DMatrixRMaj} with {@code @Shape} (and {@code @Range},
 * {@code @DrawnFrom}), {@code double} with {@code @Range}, any type with {@link From} naming a
 * method that returns a {@code Generator}; and, as under {@code @GradientCheck}, {@code
 * TrialChecker}, {@code GradientChecker}, {@code RandomGenerator}, {@code GradientCheckTrial}.
 *
 * <p>On the first failing try the engine stops, shrinks the try's choices (replaying the
 * generators, so every shrunk input is valid), and fails once with the original and the shrunk
 * example (each parameter by name, shapes first), the shrink steps, the failure at the shrunk
 * example and how to rerun the try ({@code -Dgradcheck.seed=…}). The shrunk example is written to a
 * failure database, one small file per property under {@code target/gradcheck-failures} (or the
 * directory of the configuration parameter {@code gradcheck.failureDatabase}), and replayed first
 * on the next run until it passes. Shrink candidates are run by invoking the method directly with a
 * fresh recording checker: {@code @BeforeEach} methods run once per try, not per candidate.
 *
 * <p>The injected checker is configured exactly as under {@code @GradientCheck}: the attributes
 * left at their defaults here ({@code seed}, {@code atol}, {@code rtol}) and the mode, numeric
 * method and kink policy come from a class-level {@code @GradientCheckConfig}, then from the
 * configuration parameters {@code gradcheck.mode}, {@code gradcheck.method}, {@code
 * gradcheck.kinkPolicy}, {@code gradcheck.atol}, {@code gradcheck.rtol}, then the checker's
 * defaults. {@code tries} and {@code name} are the property's own.
 *
 * <pre>{@code
 * @GradientProperty(tries = 200)
 * void crossEntropy(GradientChecker checker, @From("classes") double[][] zp) { … }
 * }</pre>
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.2")
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@TestTemplate
@ExtendWith(GradientPropertyExtension.class)
public @interface GradientProperty {

  /** The default display name of one try, e.g. {@code try 3/100 (seed 0x5DEECE66D)}. */
  String DEFAULT_NAME = "try {trial}/{trials} (seed {seed})";

  /** Number of tries (≥ 1); the run stops at the first failure. */
  int tries() default 100;

  /**
   * Base seed: try 1 uses it, later tries derive theirs from it. Decimal or {@code 0x}-hex; empty
   * takes the built-in seed. The configuration parameter {@code gradcheck.seed} overrides it and
   * runs exactly one try with that seed.
   */
  String seed() default "";

  /** The most shrink steps (simpler failing examples accepted) after a failure; ≥ 0. */
  int maxShrinks() default 1000;

  /** Share of edge-case choices (zeros, ties, bounds, …) mixed into the draws, in [0, 1]. */
  double edgeCases() default 0.1;

  /** Replay the example of the failure database first, if one is stored. */
  boolean afterFailure() default true;

  /**
   * Also climb towards inputs with a larger worst margin (error / allowed, from each try's
   * reports): after a tenth of the tries, three tries in four mutate the best try so far.
   */
  boolean targeted() default false;

  /**
   * Absolute tolerance of the injected checker (≥ 0); the default, {@code -1}, inherits it as
   * {@code @GradientCheck} does.
   */
  double atol() default -1.0;

  /**
   * Relative tolerance of the injected checker (0 ≤ rtol &lt; 1); the default, {@code -1}, inherits
   * it as {@code @GradientCheck} does.
   */
  double rtol() default -1.0;

  /**
   * Display name pattern of a try: {@code {displayName}}, {@code {trial}}, {@code {trials}}, {@code
   * {seed}}.
   */
  String name() default DEFAULT_NAME;
}
