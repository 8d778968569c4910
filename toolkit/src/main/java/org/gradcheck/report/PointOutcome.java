package org.gradcheck.report;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apiguardian.api.API;
import org.gradcheck.CheckReport;
import org.gradcheck.ComparedEntry;
import org.gradcheck.Finding;
import org.gradcheck.registry.PointCheck;

/**
 * One derivative form of one rule checked at one input point, as a report shows it.
 *
 * @param point the index of the point within the rule's verification (0-based)
 * @param seed the seed the point was generated from (also the checker's seed there)
 * @param inputKind the kind of input (the generator's description, or {@code command line})
 * @param form the derivative form checked, e.g. {@code VJP}
 * @param verdict PASSED, FAILED, ERRORED (the rule's function, derivative or input generator
 *     threw), NOT_CHECKED or SKIPPED
 * @param problem why the point was not checked, errored or was skipped, or {@code null}
 * @param report the checker's report, or {@code null} if the check did not run
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.2")
public record PointOutcome(
    int point,
    long seed,
    String inputKind,
    String form,
    Verdict verdict,
    String problem,
    CheckReport report) {

  /** Validates the fields: a check that ran has a report, one that did not has a problem. */
  public PointOutcome {
    Objects.requireNonNull(inputKind, "inputKind");
    Objects.requireNonNull(form, "form");
    Objects.requireNonNull(verdict, "verdict");
    if ((report == null) == (problem == null)) {
      throw new IllegalArgumentException("exactly one of report and problem must be given");
    }
  }

  /** The outcome of a registry check. */
  public static PointOutcome of(PointCheck check) {
    Verdict verdict;
    String problem = null;
    if (check.skipped()) {
      verdict = Verdict.SKIPPED;
      problem = check.skipReason();
    } else if (check.errored()) {
      verdict = Verdict.ERRORED;
      problem = describe(check.problem(), check.thrown());
    } else if (check.report() == null) {
      verdict = Verdict.NOT_CHECKED;
      problem = check.problem();
    } else {
      verdict = check.report().passed() ? Verdict.PASSED : Verdict.FAILED;
    }
    return new PointOutcome(
        check.point(),
        check.pointSeed(),
        check.inputKind(),
        check.form().name(),
        verdict,
        problem,
        check.report());
  }

  /**
   * The errored point's problem ({@code check threw type: message} or {@code generator threw type:
   * message}), followed by {@code (caused by type: message)} of the root cause of {@code thrown}
   * when the checker wrapped the rule's own exception.
   */
  static String describe(String problem, Throwable thrown) {
    Throwable root = thrown;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return problem + (root == thrown ? "" : " (caused by " + root + ")");
  }

  /** The checker's report, if the check ran. */
  public Optional<CheckReport> checkReport() {
    return Optional.ofNullable(report);
  }

  /** The largest |analytic − numeric| / allowed of this check (≤ 1 passes), NaN if none ran. */
  public double worstMargin() {
    return report == null ? Double.NaN : worstMargin(report);
  }

  /** The largest |analytic − numeric| / allowed of {@code report}'s entries (≤ 1 passes). */
  static double worstMargin(CheckReport report) {
    double worst = Double.NaN;
    for (ComparedEntry e : report.worstEntries()) {
      worst = Double.isNaN(worst) ? e.excess() : Math.max(worst, e.excess());
    }
    return Double.isNaN(worst) && report.comparedCount() > 0 ? 0.0 : worst;
  }

  /** The typed findings of the check (empty if it did not run). */
  public List<Finding> findings() {
    return report == null ? List.of() : report.findings();
  }

  /** A short name for this check, e.g. {@code point 3 VJP}. */
  public String name() {
    return "point " + point + " " + form;
  }
}
