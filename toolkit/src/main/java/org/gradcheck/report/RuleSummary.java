package org.gradcheck.report;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apiguardian.api.API;
import org.gradcheck.CheckReport;
import org.gradcheck.ComparedEntry;
import org.gradcheck.registry.PointCheck;
import org.gradcheck.registry.RuleReport;

/**
 * One row of a verification report: a rule's verdict and the numbers behind it, condensed from its
 * {@link RuleReport}.
 *
 * @param rule the rule's name
 * @param status PASSED, FAILED or NOT_CHECKED
 * @param points distinct input points checked
 * @param checks checks run (points × derivative forms)
 * @param forms the derivative forms checked, e.g. {@code [JACOBIAN, VJP]}
 * @param maxRelError the largest relative error over all checks (NaN if nothing ran)
 * @param worstExcess the largest |analytic − numeric| / allowed over all checks (≤ 1 passes)
 * @param functionEvaluations forward evaluations spent by the numeric side
 * @param findings the diagnosis of the first failing check, empty when the rule passed
 * @param firstFailure the summary line of the first failing check, or empty
 */
@API(status = API.Status.EXPERIMENTAL)
public record RuleSummary(
    String rule,
    String status,
    int points,
    int checks,
    String forms,
    double maxRelError,
    double worstExcess,
    long functionEvaluations,
    List<String> findings,
    String firstFailure) {

  /** Copies the findings. */
  public RuleSummary {
    findings = List.copyOf(findings);
  }

  /** Condenses a rule's verification. */
  public static RuleSummary of(RuleReport report) {
    double maxRel = Double.NaN;
    double worstExcess = Double.NaN;
    long evaluations = 0;
    for (PointCheck check : report.checks()) {
      CheckReport r = check.report();
      if (r == null) {
        continue;
      }
      maxRel = Double.isNaN(maxRel) ? r.maxRelError() : Math.max(maxRel, r.maxRelError());
      evaluations += r.functionEvaluations();
      for (ComparedEntry e : r.worstEntries()) {
        double excess = e.excess();
        worstExcess = Double.isNaN(worstExcess) ? excess : Math.max(worstExcess, excess);
      }
    }
    Set<String> findings = new LinkedHashSet<>();
    String firstFailure = "";
    for (PointCheck check : report.failures()) {
      if (firstFailure.isEmpty()) {
        firstFailure = check.summary();
      }
      check.checkReport().ifPresent(r -> r.findings().forEach(f -> findings.add(f.toString())));
      if (!findings.isEmpty()) {
        break;
      }
    }
    return new RuleSummary(
        report.ruleName(),
        report.status().name(),
        report.pointCount(),
        report.checks().size(),
        report.formsChecked().toString(),
        maxRel,
        worstExcess,
        evaluations,
        new ArrayList<>(findings),
        firstFailure);
  }
}
