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
 * input generator has status {@link Status#NOT_CHECKED} and no checks — it never counts as passed.
 *
 * @param ruleName the rule's name
 * @param status the verdict
 * @param checks every check, in point order
 * @param seed the configuration seed the point seeds derive from
 */
@API(status = API.Status.EXPERIMENTAL)
public record RuleReport(String ruleName, Status status, List<PointCheck> checks, long seed) {

  /** The verdict of a rule. */
  @API(status = API.Status.EXPERIMENTAL)
  public enum Status {
    /** Every check ran and passed. */
    PASSED,
    /** At least one check failed or could not run. */
    FAILED,
    /** The rule declares no input generator, so nothing was checked. */
    NOT_CHECKED
  }

  /** Copies the checks. */
  public RuleReport {
    checks = List.copyOf(checks);
  }

  /** Builds the report of a rule from its checks (none: {@link Status#NOT_CHECKED}). */
  static RuleReport of(String ruleName, List<PointCheck> checks, long seed) {
    Status status =
        checks.isEmpty()
            ? Status.NOT_CHECKED
            : (checks.stream().allMatch(PointCheck::passed) ? Status.PASSED : Status.FAILED);
    return new RuleReport(ruleName, status, checks, seed);
  }

  /** True if the rule was checked and every check passed. */
  public boolean passed() {
    return status == Status.PASSED;
  }

  /** The checks that failed or could not run. */
  public List<PointCheck> failures() {
    return checks.stream().filter(c -> !c.passed()).toList();
  }

  /** The first failing check, if any. */
  public Optional<PointCheck> firstFailure() {
    return checks.stream().filter(c -> !c.passed()).findFirst();
  }

  /** Number of distinct input points checked. */
  public int pointCount() {
    return (int) checks.stream().mapToInt(PointCheck::point).distinct().count();
  }

  /** Distinct points per input kind, in the order the kinds were first used. */
  public Map<String, Integer> pointsByInputKind() {
    Map<String, Set<Integer>> points = new LinkedHashMap<>();
    for (PointCheck c : checks) {
      points.computeIfAbsent(c.inputKind(), k -> new TreeSet<>()).add(c.point());
    }
    Map<String, Integer> counts = new LinkedHashMap<>();
    points.forEach((kind, set) -> counts.put(kind, set.size()));
    return counts;
  }

  /** The derivative forms that were checked. */
  public Set<DerivativeForm> formsChecked() {
    Set<DerivativeForm> forms = new TreeSet<>();
    checks.forEach(c -> forms.add(c.form()));
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
    List<PointCheck> failures = failures();
    failures.stream().limit(3).forEach(f -> lines.add("  " + f.summary()));
    if (failures.size() > 3) {
      lines.add("  … and " + (failures.size() - 3) + " more failing checks");
    }
    firstFailure().flatMap(PointCheck::checkReport).ifPresent(r -> lines.add(r.toString()));
    return String.join(System.lineSeparator(), lines);
  }
}
