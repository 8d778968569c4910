package org.gradcheck.float32;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.apiguardian.api.API;
import org.gradcheck.ComparedEntry;
import org.gradcheck.diagnosis.Diagnosis;

/**
 * The result of a {@link FloatGradientChecker} run: every compared entry, the verdict, the
 * diagnosis of a failure and the tolerance rule used.
 *
 * @param passed true if every entry is within its tolerance
 * @param entries all compared entries, row by row
 * @param functionEvaluations how many times the float function was evaluated
 * @param diagnosis what kind of mistake a failure shows (empty when passed)
 * @param rule the tolerance rule in words
 */
@API(status = API.Status.EXPERIMENTAL)
public record FloatCheckReport(
    boolean passed,
    List<ComparedEntry> entries,
    long functionEvaluations,
    Diagnosis diagnosis,
    String rule) {

  /** Copies the entries. */
  public FloatCheckReport {
    entries = List.copyOf(entries);
    Objects.requireNonNull(diagnosis, "diagnosis");
    Objects.requireNonNull(rule, "rule");
  }

  /** The entries furthest over their tolerance, worst first (at most {@code limit}). */
  public List<ComparedEntry> worstEntries(int limit) {
    return entries.stream()
        .sorted(Comparator.comparingDouble(ComparedEntry::excess).reversed())
        .limit(limit)
        .toList();
  }

  /** Throws an {@link AssertionError} carrying this report unless the check passed. */
  public void assertPassed() {
    if (!passed) {
      throw new AssertionError(toString());
    }
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    sb.append("float32 gradient check ")
        .append(passed ? "PASSED" : "FAILED")
        .append(": ")
        .append(entries.size())
        .append(" entries, ")
        .append(functionEvaluations)
        .append(" function evaluations\n");
    sb.append(
        String.format(
            Locale.ROOT,
            "%-24s %14s %14s %10s %10s%n",
            "entry",
            "analytic",
            "numeric",
            "abs err",
            "allowed"));
    for (ComparedEntry e : worstEntries(5)) {
      sb.append(
          String.format(
              Locale.ROOT,
              "%-24s %14.7g %14.7g %10.3g %10.3g%n",
              e.label(),
              e.analytic(),
              e.numeric(),
              e.absError(),
              e.allowed()));
    }
    sb.append("tolerance: ").append(rule);
    for (org.gradcheck.diagnosis.Hypothesis line : diagnosis.reported()) {
      sb.append('\n').append(line);
    }
    return sb.toString();
  }
}
