package org.gradcheck.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apiguardian.api.API;

/**
 * The outcome of {@link GradientRegistry#verifyAll(VerificationConfig)}: one {@link RuleReport} per
 * selected rule, and the {@link Coverage} of the whole registry.
 *
 * @param reports one report per selected rule, in registration order
 * @param notSelected the registered rules the configuration did not select
 * @param config the configuration used
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record VerificationResult(
    List<RuleReport> reports, List<String> notSelected, VerificationConfig config) {

  /** Copies the lists. */
  public VerificationResult {
    reports = List.copyOf(reports);
    notSelected = List.copyOf(notSelected);
  }

  /** True if every selected rule was checked and passed (a rule without generator fails this). */
  public boolean allPassed() {
    return !reports.isEmpty() && reports.stream().allMatch(RuleReport::passed);
  }

  /**
   * True if every selected rule did what it must ({@link RuleReport#verified()}): each rule meant
   * to be right was checked and passed, each known bug was caught.
   *
   * @return whether the registry is verified
   * @since 0.2
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.2")
  public boolean verified() {
    return !reports.isEmpty() && reports.stream().allMatch(RuleReport::verified);
  }

  /**
   * The reports of the rules that were not verified (failed or not checked; a known bug that was
   * not caught).
   */
  public List<RuleReport> failures() {
    return reports.stream().filter(r -> !r.verified()).toList();
  }

  /** The report of the named rule. */
  public RuleReport report(String ruleName) {
    return reports.stream()
        .filter(r -> r.ruleName().equals(ruleName))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "no report for rule '"
                        + ruleName
                        + "'; verified "
                        + reports.stream().map(RuleReport::ruleName).toList()));
  }

  /** Which rules were verified, with which input kinds and how many points. */
  public Coverage coverage() {
    List<Coverage.Entry> entries = new ArrayList<>();
    for (RuleReport r : reports) {
      Coverage.State state =
          switch (r.status()) {
            case PASSED -> Coverage.State.VERIFIED;
            case FAILED -> Coverage.State.FAILED;
            case NOT_CHECKED -> Coverage.State.NO_GENERATOR;
            case SKIPPED -> Coverage.State.SKIPPED;
          };
      entries.add(new Coverage.Entry(r.ruleName(), state, r.pointsByInputKind(), r.formsChecked()));
    }
    for (String name : notSelected) {
      entries.add(new Coverage.Entry(name, Coverage.State.NOT_SELECTED, Map.of(), Set.of()));
    }
    return new Coverage(entries);
  }

  /** One line per rule, then the coverage table. */
  @Override
  public String toString() {
    List<String> lines = new ArrayList<>();
    lines.add(
        "verification ("
            + config
            + "): "
            + (!verified()
                ? failures().size() + " rule(s) not verified"
                : allPassed() ? "ALL PASSED" : "VERIFIED"));
    for (RuleReport r : reports) {
      lines.add(
          r.passed() && r.knownBug() == null
              ? r.ruleName() + ": PASSED (" + r.pointCount() + " points)"
              : r.toString());
    }
    lines.add(coverage().toString());
    return String.join(System.lineSeparator(), lines);
  }
}
