package org.gradcheck.junit;

import org.apiguardian.api.API;
import org.gradcheck.junit.internal.Seeds;

/**
 * One invocation of a {@link GradientCheck} method: which trial it is and the seed all its random
 * inputs come from. Injectable as a parameter.
 *
 * @param trial 1-based trial number
 * @param trials number of trials of this run
 * @param seed the trial's seed; {@code -Dgradcheck.seed=}{@link #seedText()} reruns this trial
 * @param seedOverridden true if the seed came from the {@code gradcheck.seed} override
 * @param rule the name of the registry rule this trial verifies ({@link VerifyRegistry}), or empty
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record GradientCheckTrial(
    int trial, int trials, long seed, boolean seedOverridden, String rule) {

  /** Validates the numbers. */
  public GradientCheckTrial {
    java.util.Objects.requireNonNull(rule, "rule (empty for none)");
    if (trials < 1 || trial < 1 || trial > trials) {
      throw new IllegalArgumentException(
          "trial must be in [1, trials] with trials ≥ 1, got trial " + trial + " of " + trials);
    }
  }

  /** The seed as {@code 0x}-prefixed upper-case hex, e.g. {@code 0x5DEECE66D}. */
  public String seedText() {
    return Seeds.format(seed);
  }

  /** {@code trial 3/10 (seed 0x5DEECE66D)}, after {@code rule 'softmax', } for a rule. */
  @Override
  public String toString() {
    return (rule.isEmpty() ? "" : "rule '" + rule + "', ")
        + "trial "
        + trial
        + "/"
        + trials
        + " (seed "
        + seedText()
        + ")";
  }
}
