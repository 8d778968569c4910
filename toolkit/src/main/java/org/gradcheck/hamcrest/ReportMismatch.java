package org.gradcheck.hamcrest;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;
import org.gradcheck.CheckReport;
import org.gradcheck.ComparedEntry;
import org.hamcrest.Description;

/** Writes why a {@link CheckReport} failed: the totals, the worst entries by name and index. */
final class ReportMismatch {
  private ReportMismatch() {}

  /**
   * {@code v} rounded to 10 significant digits, so that a numeric 0.5999999999999992 reads 0.6
   * while any real difference still shows.
   */
  static String significant(double v) {
    if (!Double.isFinite(v) || v == 0) {
      return Double.toString(v);
    }
    return Double.toString(
        new BigDecimal(v).round(new MathContext(10)).stripTrailingZeros().doubleValue());
  }

  static void describe(CheckReport report, Description mismatch) {
    mismatch.appendText(
        String.format(
            Locale.ROOT,
            "%s check (mode %s) failed: %d of %d %s outside tolerance, max abs error %s, max"
                + " rel error %s, seed %d; worst:",
            report.kind(),
            report.mode(),
            report.failedCount(),
            report.comparedCount(),
            report.probes() > 0 ? "probes" : "entries",
            significant(report.maxAbsError()),
            significant(report.maxRelError()),
            report.seed()));
    int shown = 0;
    for (ComparedEntry e : report.worstEntries()) {
      if (e.withinTolerance() || shown == CloseTo.WORST_SHOWN) {
        continue;
      }
      shown++;
      String where =
          e.outputIndex() >= 0
              ? " (output " + e.outputIndex() + ", input " + e.inputIndex() + ")"
              : "";
      mismatch.appendText(
          String.format(
              Locale.ROOT,
              "%n  %s%s: analytic %s, numeric %s ± %.2g, off by %s, allowed %.3g",
              e.label(),
              where,
              significant(e.analytic()),
              significant(e.numeric()),
              e.numericError(),
              significant(e.absError()),
              e.allowed()));
    }
    for (org.gradcheck.Finding finding : report.findings()) {
      mismatch.appendText("\n  finding: " + finding);
    }
    for (String note : report.notes()) {
      mismatch.appendText("\n  note: " + note);
    }
  }
}
