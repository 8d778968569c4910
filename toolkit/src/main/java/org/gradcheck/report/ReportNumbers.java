package org.gradcheck.report;

import java.util.Locale;

/** How reports print numbers for people: three significant digits, NaN as a dash. */
final class ReportNumbers {
  private ReportNumbers() {}

  /** {@code 3.14e-03}, {@code Infinity}, or {@code —} for NaN (nothing measured). */
  static String format(double v) {
    if (Double.isNaN(v)) {
      return "—";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "Infinity" : "-Infinity";
    }
    return String.format(Locale.ROOT, "%.2e", v);
  }
}
