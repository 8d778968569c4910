package org.gradcheck.diagnosis;

import java.util.Locale;

/** Number formatting for evidence strings: compact, with a real minus sign. */
final class Format {
  private Format() {}

  /** A ratio such as {@code −1.00} or {@code 0.500}. */
  static String ratio(double v) {
    String s;
    if (v != 0 && (Math.abs(v) >= 1e4 || Math.abs(v) < 1e-2)) {
      s = String.format(Locale.ROOT, "%.3g", v);
    } else if (Math.abs(v) < 1) {
      s = String.format(Locale.ROOT, "%.3f", v);
    } else {
      s = String.format(Locale.ROOT, "%.2f", v);
    }
    return minus(s);
  }

  /** A value with four significant digits, e.g. {@code 3.142} or {@code 1.234e-07}. */
  static String value(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "+Inf" : "−Inf";
    }
    if (v == 0) {
      return "0";
    }
    return minus(String.format(Locale.ROOT, "%.4g", v));
  }

  private static String minus(String s) {
    return s.startsWith("-") ? "−" + s.substring(1) : s;
  }
}
