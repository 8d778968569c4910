package org.gradcheck.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.apiguardian.api.API;
import org.gradcheck.KinkPolicy;
import org.gradcheck.registry.RuleProvider;

/**
 * Turns every selected registry rule into its own test invocations: one per rule and trial, each
 * named {@code softmax: trial 2/5 (seed 0x…)}. After the method body (which may be empty, and may
 * receive the {@code GradientRule}, a {@link TrialChecker} and everything else {@link
 * GradientCheck} injects) the extension verifies the rule at a point drawn with the trial's seed
 * from one of its generators (trial k uses generator (k − 1) mod count), in every derivative form
 * it provides, with the rule's tolerance override applied over the trial's checker. A point within
 * a declared kink's margin is handled by the trial's {@link KinkPolicy} ({@link
 * GradientCheck#kinkPolicy()}): {@code SKIP} (the default) aborts the trial, {@code FAIL} fails it
 * naming the coordinate, {@code CHECK} checks the point like any other.
 *
 * <p>A rule declared a known bug ({@link org.gradcheck.registry.GradientRule#knownBug()}, the
 * built-in {@code KnownBugs} among them) must be caught: its trial passes when every form checked
 * at the trial's point fails with the declared kinds, and fails, saying what was found instead,
 * when one does not. A trial is one point, so a bug that does not show at some of a rule's inputs
 * (a softmax Jacobian's diagonal at saturated logits) fails the trials drawn there — give such a
 * rule generators where the bug shows.
 *
 * <p>Settings (trials, seed, mode, tolerances, kink policy) resolve exactly as for {@link
 * GradientCheck}; put {@code @GradientCheck(...)} next to this annotation to set them on the
 * method. The configuration parameter {@code gradcheck.rules} (comma-separated names) narrows the
 * selection further, e.g. to rerun one rule's failing trial.
 *
 * <pre>{@code
 * @VerifyRegistry(providers = ReferenceRuleProvider.class)
 * @GradientCheck(trials = 5)
 * void referenceRules(GradientRule rule) {}
 * }</pre>
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@GradientCheck
public @interface VerifyRegistry {
  /**
   * Where the rules come from: each provider is instantiated with its no-argument constructor.
   * Empty: every {@link RuleProvider} on the classpath ({@code ServiceLoader}).
   */
  Class<? extends RuleProvider>[] providers() default {};

  /** Verify only the rules with these exact names; each must exist. Empty: every rule. */
  String[] only() default {};

  /** Verify only the rules whose names start with this prefix. Empty: no restriction. */
  String prefix() default "";
}
