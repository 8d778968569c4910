package org.gradcheck;

import java.time.Duration;
import org.apiguardian.api.API;
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
 * @param fullBudget AUTO runs FULL when estimated within this time
 * @param worstCount worst entries kept
 * @param sampleLimit bound of the compared-entry sample
 */
@API(status = API.Status.INTERNAL)
public record CheckSettings(
    NumericDifferentiator differentiator,
    Tolerance tolerance,
    Mode mode,
    long seed,
    int probes,
    int threads,
    int sampleSize,
    Duration fullBudget,
    int worstCount,
    int sampleLimit) {}
