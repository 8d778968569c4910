package org.gradcheck;

import org.gradcheck.numeric.NumericDifferentiator;

/**
 * The validated knobs of a {@code GradientChecker}, handed to a {@link CheckRun}.
 *
 * @param differentiator the numeric engine, already configured with {@code threads}
 * @param tolerance the pass rule
 * @param mode the requested mode
 * @param seed seed of every random choice
 * @param probes FAST probes
 * @param threads threads evaluating the function
 * @param sampleSize SAMPLED input coordinates
 * @param autoFullColumns AUTO runs FULL up to this many differentiable inputs
 * @param worstCount worst entries kept
 * @param sampleLimit bound of the compared-entry sample
 * @param precision the precision the function computes in (x is rounded to it)
 */
record CheckSettings(
    NumericDifferentiator differentiator,
    Tolerance tolerance,
    Mode mode,
    long seed,
    int probes,
    int threads,
    int sampleSize,
    int autoFullColumns,
    int worstCount,
    int sampleLimit,
    Precision precision) {}
