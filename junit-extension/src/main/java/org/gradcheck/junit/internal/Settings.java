package org.gradcheck.junit.internal;

import org.gradcheck.KinkPolicy;
import org.gradcheck.junit.CheckMode;

/**
 * The resolved configuration of one {@code @GradientCheck} method. A {@code null} checker setting
 * means "not set anywhere": the checker's own default applies.
 *
 * @param trials number of invocations (1 when the seed is overridden)
 * @param baseSeed seed of trial 1
 * @param seedOverridden true if {@code gradcheck.seed} set the seed
 * @param mode checker mode, or null
 * @param method numeric method name, or null
 * @param atol absolute tolerance, or null
 * @param rtol relative tolerance, or null
 * @param kinkPolicy kink policy (for detected and declared kinks alike), or null
 * @param namePattern display name pattern
 */
record Settings(
    int trials,
    long baseSeed,
    boolean seedOverridden,
    CheckMode mode,
    String method,
    Double atol,
    Double rtol,
    KinkPolicy kinkPolicy,
    String namePattern) {}
