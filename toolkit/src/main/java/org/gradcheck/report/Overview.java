package org.gradcheck.report;

import java.util.List;
import java.util.Locale;

/**
 * The verdict-coloured overview of all rules (or all checks of a test run) as inline SVG: one row
 * per rule, a bar of log10 of its worst margin on a fixed axis from 10⁻⁶ to 10⁶ with the tolerance
 * (margin 1) marked, coloured by whether the rule met its expectation — green verified, red not
 * verified, amber errored, grey nothing checked. A margin below 10⁻⁶ (zero included) draws a bar of
 * zero length, never a negative one.
 */
final class Overview {
  private static final int LABEL = 260;
  private static final int PLOT = 420;
  private static final int ROW = 18;
  private static final double LOW = -6;
  private static final double HIGH = 6;

  private Overview() {}

  /** Green: met its expectation. */
  static final String GREEN = "#2e7d32";

  /** Red: did not meet its expectation. */
  static final String RED = "#c62828";

  /**
   * One row of the overview.
   *
   * @param name the row's label
   * @param title the tooltip (a one-line summary)
   * @param margin the worst margin, NaN if nothing was measured
   * @param colour the bar's colour
   * @param verdict the text after the bar
   */
  record Bar(String name, String title, double margin, String colour, String verdict) {}

  /** The colour of a rule's outcome. */
  static String colour(RuleOutcome rule) {
    if (rule.verdict() == Verdict.ERRORED) {
      return "#e6a100";
    }
    if (rule.verdict() == Verdict.NOT_CHECKED || rule.verdict() == Verdict.SKIPPED) {
      return "#9e9e9e";
    }
    return rule.verified() ? GREEN : RED;
  }

  /** One row per rule. */
  static String render(List<RuleOutcome> rules) {
    return bars(
        rules.stream()
            .map(
                r ->
                    new Bar(
                        r.name(),
                        r.summary(),
                        r.worstMargin(),
                        colour(r),
                        r.verdict()
                            + (r.expectation() == Expectation.MUST_FAIL ? " (known bug)" : "")))
            .toList());
  }

  /** One row per bar. */
  static String bars(List<Bar> rules) {
    int height = ROW * rules.size() + 40;
    int width = LABEL + PLOT + 200;
    StringBuilder svg = new StringBuilder();
    svg.append(
        String.format(
            Locale.ROOT,
            "<svg class=\"overview\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\""
                + " height=\"%d\" role=\"img\"><title>worst margin of every rule, coloured by"
                + " verdict</title>",
            width,
            height));
    for (int d = (int) LOW; d <= HIGH; d += 2) {
      double x = x(d);
      svg.append(
          String.format(
              Locale.ROOT,
              "<line x1=\"%.1f\" y1=\"0\" x2=\"%.1f\" y2=\"%d\" stroke=\"%s\"/>"
                  + "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\">1e%d</text>",
              x,
              x,
              height - 28,
              d == 0 ? "#000" : "#ddd",
              x,
              height - 14,
              d));
    }
    svg.append(
        String.format(
            Locale.ROOT,
            "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\">worst"
                + " |analytic − numeric| / allowed (pass ≤ 1)</text>",
            x(0),
            height - 2));
    for (int i = 0; i < rules.size(); i++) {
      Bar r = rules.get(i);
      int y = i * ROW;
      double m = r.margin();
      double end = Double.isNaN(m) ? x(LOW) : x(log(m));
      svg.append(
          String.format(
              Locale.ROOT,
              "<g class=\"rule\" data-rule=\"%s\"><title>%s</title>"
                  + "<text x=\"%d\" y=\"%d\" font-size=\"12\" text-anchor=\"end\">%s</text>"
                  + "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>"
                  + "<text x=\"%d\" y=\"%d\" font-size=\"12\" fill=\"%s\">%s</text></g>",
              Markup.escape(r.name()),
              Markup.escape(r.title()),
              LABEL - 6,
              y + 13,
              Markup.escape(r.name()),
              x(LOW),
              y + 3,
              end - x(LOW),
              ROW - 6,
              r.colour(),
              LABEL + PLOT + 8,
              y + 13,
              r.colour(),
              Markup.escape(r.verdict())));
    }
    svg.append("</svg>");
    return svg.toString();
  }

  private static double log(double margin) {
    if (Double.isInfinite(margin)) {
      return HIGH;
    }
    return Math.max(LOW, Math.min(HIGH, Math.log10(Math.max(margin, 1e-300))));
  }

  private static double x(double log) {
    return LABEL + (log - LOW) / (HIGH - LOW) * PLOT;
  }
}
