package org.gradcheck.registry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apiguardian.api.API;
import org.gradcheck.CheckReport;
import org.gradcheck.ExpectedFailure;

/**
 * The verification of one rule: every point and form checked, and the verdict. A rule without an
 * input generator has status {@link Status#NOT_CHECKED} and no checks; a rule whose every point was
 * skipped near a declared kink has status {@link Status#SKIPPED} — neither counts as passed.
 * Skipped points ({@link PointCheck#skipped()}) are listed among the checks but are neither passes
 * nor failures. The report of a known-bug rule ({@link GradientRule#knownBug()}) keeps the status
 * its checks earn (a caught bug {@link Status#FAILED}) and is {@link #verified()} when the bug was
 * caught.
 *
 * @param ruleName the rule's name
 * @param status the verdict
 * @param checks every check, in point order
 * @param seed the configuration seed the point seeds derive from
 * @param knownBug what the checks of a known-bug rule must show, or {@code null} for a rule meant
 *     to be right
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record RuleReport(
    String ruleName, Status status, List<PointCheck> checks, long seed, ExpectedFailure knownBug) {

  /** The verdict of a rule. */
  @API(status = API.Status.EXPERIMENTAL, since = "0.1")
  public enum Status {
    /** Every check that was not skipped ran and passed (at least one did). */
    PASSED,
    /** At least one check failed or could not run. */
    FAILED,
    /** The rule declares no input generator, so nothing was checked. */
    NOT_CHECKED,
    /**
     * Every point came within a declared kink's margin and was skipped ({@link
     * org.gradcheck.KinkPolicy#SKIP}), so nothing was checked.
     */
    SKIPPED
  }

  /** Copies the checks. */
  public RuleReport {
    checks = List.copyOf(checks);
  }

  /** The report of a rule meant to be right. */
  public RuleReport(String ruleName, Status status, List<PointCheck> checks, long seed) {
    this(ruleName, status, checks, seed, null);
  }

  /**
   * Builds the report of a rule from its checks (none: {@link Status#NOT_CHECKED}; all skipped:
   * {@link Status#SKIPPED}).
   */
  static RuleReport of(
      String ruleName, List<PointCheck> checks, long seed, ExpectedFailure knownBug) {
    List<PointCheck> ran = checks.stream().filter(c -> !c.skipped()).toList();
    Status status;
    if (checks.isEmpty()) {
      status = Status.NOT_CHECKED;
    } else if (ran.isEmpty()) {
      status = Status.SKIPPED;
    } else {
      status = ran.stream().allMatch(PointCheck::passed) ? Status.PASSED : Status.FAILED;
    }
    return new RuleReport(ruleName, status, checks, seed, knownBug);
  }

  /** True if the rule was checked and every check passed. */
  public boolean passed() {
    return status == Status.PASSED;
  }

  /**
   * Why a known-bug rule was not caught: every check passed, or none failed with the expected kinds
   * (the reason names the kinds found instead), or nothing was checked ({@link
   * ExpectedFailure#unmetByAny}).
   *
   * @return the reason, or empty if the bug was caught or the rule is not a known bug
   * @since 0.2
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.2")
  public Optional<String> missed() {
    if (knownBug == null) {
      return Optional.empty();
    }
    List<CheckReport> ran =
        checks.stream().map(PointCheck::report).filter(java.util.Objects::nonNull).toList();
    return knownBug.unmetByAny(ran).map(reason -> "known bug NOT CAUGHT: " + reason);
  }

  /**
   * True if the rule did what it must: a rule meant to be right {@link #passed()}, a known bug was
   * caught ({@link #missed()} is empty).
   *
   * @return whether the rule met its expectation
   * @since 0.2
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.2")
  public boolean verified() {
    return knownBug == null ? passed() : missed().isEmpty();
  }

  /** The checks that failed or could not run (skipped ones are not failures). */
  public List<PointCheck> failures() {
    return checks.stream().filter(c -> !c.passed() && !c.skipped()).toList();
  }

  /** The checks skipped near a declared kink under {@link org.gradcheck.KinkPolicy#SKIP}. */
  @API(status = API.Status.EXPERIMENTAL, since = "0.2")
  public List<PointCheck> skipped() {
    return checks.stream().filter(PointCheck::skipped).toList();
  }

  /** The first failing check, if any. */
  public Optional<PointCheck> firstFailure() {
    return failures().stream().findFirst();
  }

  /** Number of distinct input points checked (skipped points not counted). */
  public int pointCount() {
    return (int)
        checks.stream().filter(c -> !c.skipped()).mapToInt(PointCheck::point).distinct().count();
  }

  /** Distinct points checked per input kind, in the order the kinds were first used. */
  public Map<String, Integer> pointsByInputKind() {
    Map<String, Set<Integer>> points = new LinkedHashMap<>();
    for (PointCheck c : checks) {
      if (c.skipped()) {
        continue;
      }
      points.computeIfAbsent(c.inputKind(), k -> new TreeSet<>()).add(c.point());
    }
    Map<String, Integer> counts = new LinkedHashMap<>();
    points.forEach((kind, set) -> counts.put(kind, set.size()));
    return counts;
  }

  /** The derivative forms that were checked (at a point that was not skipped). */
  public Set<DerivativeForm> formsChecked() {
    Set<DerivativeForm> forms = new TreeSet<>();
    checks.stream().filter(c -> !c.skipped()).forEach(c -> forms.add(c.form()));
    return forms;
  }

  @Override
  public String toString() {
    List<String> lines = new ArrayList<>();
    lines.add(
        ruleName
            + ": "
            + status
            + " — "
            + pointCount()
            + " points, forms "
            + formsChecked()
            + ", seed "
            + seed
            + (knownBug == null ? "" : missed().map(m -> " — " + m).orElse(" — known bug caught")));
    List<PointCheck> skipped = skipped();
    if (!skipped.isEmpty()) {
      long points = skipped.stream().mapToInt(PointCheck::point).distinct().count();
      lines.add("  " + points + " point(s) skipped near a declared kink, first: " + skipped.get(0));
    }
    List<PointCheck> failures = failures();
    failures.stream().limit(3).forEach(f -> lines.add("  " + f.summary()));
    if (failures.size() > 3) {
      lines.add("  … and " + (failures.size() - 3) + " more failing checks");
    }
    firstFailure().flatMap(PointCheck::checkReport).ifPresent(r -> lines.add(r.toString()));
    return String.join(System.lineSeparator(), lines);
  }
}
