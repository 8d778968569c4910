package org.gradcheck.registry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apiguardian.api.API;

/**
 * The verification of one rule: every point and form checked, and the verdict. A rule without an
 * input generator has status {@link Status#NOT_CHECKED} and no checks; a rule whose every point was
 * skipped near a declared kink has status {@link Status#SKIPPED} — neither counts as passed.
 * Skipped points ({@link PointCheck#skipped()}) are listed among the checks but are neither passes
 * nor failures.
 *
 * @param ruleName the rule's name
 * @param status the verdict
 * @param checks every check, in point order
 * @param seed the configuration seed the point seeds derive from
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record RuleReport(String ruleName, Status status, List<PointCheck> checks, long seed) {

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

  /**
   * Builds the report of a rule from its checks (none: {@link Status#NOT_CHECKED}; all skipped:
   * {@link Status#SKIPPED}).
   */
  static RuleReport of(String ruleName, List<PointCheck> checks, long seed) {
    List<PointCheck> ran = checks.stream().filter(c -> !c.skipped()).toList();
    Status status;
    if (checks.isEmpty()) {
      status = Status.NOT_CHECKED;
    } else if (ran.isEmpty()) {
      status = Status.SKIPPED;
    } else {
      status = ran.stream().allMatch(PointCheck::passed) ? Status.PASSED : Status.FAILED;
    }
    return new RuleReport(ruleName, status, checks, seed);
  }

  /** True if the rule was checked and every check passed. */
  public boolean passed() {
    return status == Status.PASSED;
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
            + seed);
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
