package org.gradcheck.report;

import java.util.List;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * A whole verification run: who made it, how it was configured, and every rule's outcome — what
 * {@link JsonReport}, {@link HtmlReport} and {@link JunitXmlReport} render.
 *
 * @param provenance tool, JVM and time
 * @param settings the configuration
 * @param rules one outcome per rule, in a stable order (built-in rules, known bugs, then user
 *     rules, each in registration order)
 * @param elapsedMillis wall-clock time of the whole run
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.2")
public record RunReport(
    Provenance provenance, RunSettings settings, List<RuleOutcome> rules, long elapsedMillis) {

  /** Copies the rules. */
  public RunReport {
    Objects.requireNonNull(provenance, "provenance");
    Objects.requireNonNull(settings, "settings");
    rules = List.copyOf(rules);
  }

  /** True when at least one rule ran and every rule met its expectation. */
  public boolean verified() {
    return !rules.isEmpty() && rules.stream().allMatch(RuleOutcome::verified);
  }

  /** The rules that did not meet their expectation. */
  public List<RuleOutcome> notVerified() {
    return rules.stream().filter(r -> !r.verified()).toList();
  }

  /** The one-line verdict of the run every output shows. */
  public String summary() {
    long errored = rules.stream().filter(r -> r.verdict() == Verdict.ERRORED).count();
    return (verified() ? "VERIFIED" : "NOT VERIFIED")
        + ": "
        + (rules.size() - notVerified().size())
        + " of "
        + rules.size()
        + " rules met their expectation"
        + (errored > 0 ? ", " + errored + " errored" : "")
        + String.format(java.util.Locale.ROOT, " (%.1f s)", elapsedMillis / 1000.0);
  }
}
