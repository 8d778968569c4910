package org.gradcheck.report;

import java.util.List;
import java.util.Objects;
import org.apiguardian.api.API;
import org.gradcheck.KinkPolicy;
import org.gradcheck.Mode;
import org.gradcheck.Tolerance;

/**
 * The configuration of a verification run, as a report states it.
 *
 * @param seed the seed every input point and probe derives from
 * @param pointsPerRule random input points per rule
 * @param mode the checker mode
 * @param tolerance the checker's tolerance (a rule may override parts of it)
 * @param kinkPolicy what happens near kinks
 * @param threads rules verified at the same time
 * @param ruleFilter the regular expression selecting rules by name, or empty for all
 * @param classpath extra jars searched for rule providers
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.2")
public record RunSettings(
    long seed,
    int pointsPerRule,
    Mode mode,
    Tolerance tolerance,
    KinkPolicy kinkPolicy,
    int threads,
    String ruleFilter,
    List<String> classpath) {

  /** Validates and copies the fields. */
  public RunSettings {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(tolerance, "tolerance");
    Objects.requireNonNull(kinkPolicy, "kinkPolicy");
    Objects.requireNonNull(ruleFilter, "ruleFilter");
    classpath = List.copyOf(classpath);
    if (pointsPerRule < 1) {
      throw new IllegalArgumentException("pointsPerRule must be ≥ 1, got " + pointsPerRule);
    }
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be ≥ 1, got " + threads);
    }
  }

  /** One line for people, e.g. {@code seed 42, 20 points per rule, mode AUTO, …}. */
  public String describe() {
    return "seed "
        + seed
        + ", "
        + pointsPerRule
        + " points per rule, mode "
        + mode
        + ", tolerance "
        + tolerance.rule()
        + ", kink policy "
        + kinkPolicy
        + ", "
        + threads
        + " thread(s), rules "
        + (ruleFilter.isEmpty() ? "all" : "matching /" + ruleFilter + "/")
        + (classpath.isEmpty() ? "" : ", class path " + classpath);
  }
}
