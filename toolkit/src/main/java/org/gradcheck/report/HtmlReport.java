package org.gradcheck.report;

import java.util.Locale;
import org.apiguardian.api.API;
import org.gradcheck.CheckReport;
import org.gradcheck.ComparedEntry;
import org.gradcheck.Finding;

/**
 * Renders a {@link RunReport} as one self-contained HTML page (inline CSS and SVG; no script, no
 * network; works from {@code file://}): the run's verdict and configuration, a verdict-coloured
 * overview of every rule's worst margin, then per rule its verdict, a heat map of |analytic −
 * numeric| / allowed per Jacobian block at its worst point, and per point the verdict, worst
 * entries and findings.
 *
 * <p>Each rule is a {@code <section class="rule" id="rule-N" data-rule="NAME"
 * data-verdict="VERDICT">}.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.2")
public final class HtmlReport {
  /** The style sheet of every HTML report. */
  static final String STYLE =
      """
      body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:2em;color:#222;\
      max-width:1200px}
      h1{margin-bottom:.2em}.verdict-ok{color:#2e7d32}.verdict-bad{color:#c62828}
      table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;padding:2px 6px;\
      font-size:13px;text-align:left}td.n{text-align:right;font-family:monospace}
      section.rule{border-top:2px solid #ddd;margin-top:1.5em;padding-top:.5em}
      .badge{display:inline-block;padding:1px 8px;border-radius:3px;color:#fff;font-weight:600}
      figure.heatmap{display:inline-block;margin:.3em 1em .3em 0;vertical-align:top}
      figcaption{font-size:12px;text-align:center}details{margin:.2em 0}
      ul.findings li{margin:.2em 0}pre{white-space:pre-wrap;font-size:12px;background:#f6f6f6}
      article.test{margin:.5em 0 1em 1em}div.check{border-left:4px solid #ddd;padding-left:.6em;\
      margin:.6em 0}
      """;

  private HtmlReport() {}

  /** The report as one HTML page. */
  public static String render(RunReport run) {
    StringBuilder h = new StringBuilder(64 * 1024);
    head(h, "gradcheck verification report", run.verified(), run.summary());
    h.append("<table id=\"configuration\"><tbody>");
    row(h, "configuration", run.settings().describe());
    provenance(h, run.provenance());
    h.append("</tbody></table>\n");
    h.append("<h2>Overview</h2>\n").append(Overview.render(run.rules())).append('\n');
    h.append(
        "<p>Margin = |analytic − numeric| / allowed, where allowed = atol + rtol·|numeric| +"
            + " k·(numeric error bar); an entry passes when its margin is ≤ 1. Heat maps show"
            + " the margin of every compared Jacobian entry at the rule's worst point.</p>\n");
    h.append(HeatMap.legend()).append('\n');
    for (int i = 0; i < run.rules().size(); i++) {
      rule(h, run.rules().get(i), i);
    }
    h.append("</body></html>\n");
    return h.toString();
  }

  /**
   * Opens a page: the document head with the style sheet, the heading and the verdict line ({@code
   * <p id="verdict">}).
   */
  static void head(StringBuilder h, String heading, boolean verified, String summary) {
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width\">")
        .append("<title>")
        .append(Markup.escape(heading))
        .append(" — ")
        .append(verified ? "VERIFIED" : "NOT VERIFIED")
        .append("</title><style>")
        .append(STYLE)
        .append("</style></head><body>\n<h1>")
        .append(Markup.escape(heading))
        .append("</h1>\n<p id=\"verdict\" class=\"")
        .append(verified ? "verdict-ok" : "verdict-bad")
        .append("\"><strong>")
        .append(Markup.escape(summary))
        .append("</strong></p>\n");
  }

  /** The tool, JVM and start time as table rows. */
  static void provenance(StringBuilder h, Provenance p) {
    row(
        h,
        "tool",
        "gradcheck "
            + p.toolVersion()
            + (p.commit() == null ? "" : " (commit " + p.commit() + ")"));
    row(h, "JVM", p.jvm() + " on " + p.os());
    row(h, "started", p.timestamp().toString());
  }

  private static void rule(StringBuilder h, RuleOutcome r, int index) {
    h.append("<section class=\"rule\" id=\"rule-")
        .append(index)
        .append("\" data-rule=\"")
        .append(Markup.escape(r.name()))
        .append("\" data-verdict=\"")
        .append(r.verdict())
        .append("\">\n<h2>")
        .append(Markup.escape(r.name()))
        .append(" <span class=\"badge\" style=\"background:")
        .append(Overview.colour(r))
        .append("\">")
        .append(r.verdict())
        .append(r.verified() ? "" : " — not verified")
        .append("</span></h2>\n<p class=\"summary\">")
        .append(Markup.escape(r.summary()))
        .append("</p>\n<table><tbody>");
    if (!r.description().isEmpty()) {
      row(h, "computes", r.description());
    }
    row(h, "source", r.source());
    row(
        h,
        "must",
        r.expectation() == Expectation.MUST_PASS ? "pass" : "fail (a known bug, to be caught)");
    if (!r.lesson().isEmpty()) {
      row(h, "mistake", r.lesson());
    }
    if (r.expectation() == Expectation.MUST_FAIL) {
      row(h, "caught", r.missed().map(m -> "no — " + m).orElse("yes"));
    }
    row(h, "time", r.elapsedMillis() + " ms");
    row(h, "function evaluations", Long.toString(r.functionEvaluations()));
    r.worstPoint()
        .map(PointOutcome::report)
        .ifPresent(w -> row(h, "tolerance", w.tolerance().rule()));
    h.append("</tbody></table>\n");
    if (r.error() != null) {
      h.append("<details class=\"error\" open><summary>")
          .append(Markup.escape(r.error().toString()))
          .append("</summary><pre>")
          .append(Markup.escape(r.error().stackTrace()))
          .append("</pre></details>\n");
    }
    findings(h, r.failureFindings());
    r.worstPoint()
        .filter(p -> HeatMap.drawable(p.report()))
        .ifPresent(
            p ->
                h.append("<div class=\"heatmaps\"><p>Heat map at ")
                    .append(Markup.escape(p.name()))
                    .append(" (worst margin ")
                    .append(ReportNumbers.format(p.worstMargin()))
                    .append("):</p>")
                    .append(HeatMap.render(p.report(), r.name() + " " + p.name()))
                    .append("</div>\n"));
    if (r.stepCurve() != null) {
      h.append("<div class=\"stepcurve\"><p>Error of a central difference against its step at ")
          .append(Markup.escape(r.stepCurve().label()))
          .append(", the worst entry: falling as h² then rising with round-off when the")
          .append(" derivative is right; level at the size of the mistake when it is wrong.</p>")
          .append(r.stepCurve().toSvg(r.name()))
          .append("</div>\n");
    }
    if (!r.points().isEmpty()) {
      h.append("<details class=\"points\"")
          .append(r.verified() ? "" : " open")
          .append("><summary>")
          .append(r.points().size())
          .append(" checks</summary>\n<table class=\"points\"><thead><tr><th>point</th>")
          .append("<th>seed</th><th>input kind</th><th>form</th><th>verdict</th><th>mode</th>")
          .append("<th>worst margin</th><th>max rel. error</th><th>f evals</th></tr></thead>")
          .append("<tbody>\n");
      for (PointOutcome p : r.points()) {
        point(h, p);
      }
      h.append("</tbody></table></details>\n");
    }
    h.append("</section>\n");
  }

  private static void point(StringBuilder h, PointOutcome p) {
    CheckReport c = p.report();
    h.append("<tr class=\"point\" data-verdict=\"")
        .append(p.verdict())
        .append("\"><td class=\"n\">")
        .append(p.point())
        .append("</td><td class=\"n\">")
        .append(p.seed())
        .append("</td><td>")
        .append(Markup.escape(p.inputKind()))
        .append("</td><td>")
        .append(p.form())
        .append("</td><td>")
        .append(p.verdict())
        .append("</td><td>")
        .append(c == null ? "" : c.mode().name())
        .append("</td><td class=\"n\">")
        .append(ReportNumbers.format(p.worstMargin()))
        .append("</td><td class=\"n\">")
        .append(c == null ? "—" : ReportNumbers.format(c.maxRelError()))
        .append("</td><td class=\"n\">")
        .append(c == null ? "" : Long.toString(c.functionEvaluations()))
        .append("</td></tr>\n");
    if (p.problem() != null) {
      h.append("<tr><td colspan=\"9\">").append(Markup.escape(p.problem())).append("</td></tr>\n");
    }
    if (p.verdict() == Verdict.FAILED) {
      h.append("<tr><td colspan=\"9\">");
      worstEntries(h, c);
      findings(h, p.findings());
      h.append("</td></tr>\n");
    }
  }

  /** The worst-entry table of a check. */
  static void worstEntries(StringBuilder h, CheckReport c) {
    h.append("<table class=\"worst\"><thead><tr><th>entry</th><th>analytic</th><th>numeric</th>")
        .append("<th>± numeric error</th><th>|difference|</th><th>allowed</th><th>margin</th>")
        .append("<th>step</th></tr></thead><tbody>");
    for (ComparedEntry e : c.worstEntries()) {
      h.append("<tr><td>")
          .append(Markup.escape(e.label()))
          .append("</td>")
          .append(cell(e.analytic()))
          .append(cell(e.numeric()))
          .append(cell(e.numericError()))
          .append(cell(e.absError()))
          .append(cell(e.allowed()))
          .append(cell(e.excess()))
          .append(cell(e.step()))
          .append("</tr>");
    }
    h.append("</tbody></table>");
  }

  private static String cell(double v) {
    return "<td class=\"n\">"
        + (Double.isFinite(v) ? String.format(Locale.ROOT, "%.6g", v) : String.valueOf(v))
        + "</td>";
  }

  /** The findings as a list, nothing if there are none. */
  static void findings(StringBuilder h, java.util.List<Finding> findings) {
    if (findings.isEmpty()) {
      return;
    }
    h.append("<ul class=\"findings\">");
    for (Finding f : findings) {
      h.append("<li data-kind=\"")
          .append(f.kind().name())
          .append("\">")
          .append(Markup.escape(f.toString()))
          .append("</li>");
    }
    h.append("</ul>\n");
  }

  /** One key–value row of a table. */
  static void row(StringBuilder h, String key, String value) {
    h.append("<tr><th>")
        .append(Markup.escape(key))
        .append("</th><td>")
        .append(Markup.escape(value))
        .append("</td></tr>");
  }
}
