package org.gradcheck.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apiguardian.api.API;
import org.gradcheck.CheckReport;
import org.gradcheck.report.TestRunReport.RecordedCheck;
import org.gradcheck.report.TestRunReport.TestCase;

/**
 * Renders a {@link TestRunReport} as one self-contained HTML page (inline CSS and SVG, as {@link
 * HtmlReport}): the run's verdict, a verdict-coloured overview of every check's worst margin, then
 * the checks grouped by test class, method and test (display names), each with its verdict, kind,
 * mode, tolerance, largest errors, evaluations and findings; a failing check also shows its worst
 * entries, a heat map of |analytic − numeric| / allowed per Jacobian block and, when it could be
 * measured, the error of a central difference against its step.
 *
 * <p>Structure for readers: {@code <section class="test-class" data-name>} ⊃ {@code <section
 * class="test-method" data-name>} ⊃ {@code <article class="test" data-test-id data-name data-result
 * data-verdict>} ⊃ {@code <div class="check" data-label data-verdict data-kind data-mode>}.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.2")
public final class TestRunHtmlReport {
  /** Characters of a test name that fit the overview's label column. */
  private static final int OVERVIEW_NAME = 34;

  private TestRunHtmlReport() {}

  /** The report as one HTML page. */
  public static String render(TestRunReport run) {
    StringBuilder h = new StringBuilder(64 * 1024);
    HtmlReport.head(h, "gradcheck test-run report", run.verified(), run.summary());
    h.append("<table id=\"configuration\"><tbody>");
    HtmlReport.provenance(h, run.provenance());
    h.append("</tbody></table>\n");
    h.append("<h2>Overview</h2>\n").append(Overview.bars(bars(run))).append('\n');
    h.append(
        "<p>Margin = |analytic − numeric| / allowed; a check passes when every margin is ≤ 1."
            + " Heat maps show the margin of every compared Jacobian entry of a failing"
            + " check.</p>\n");
    h.append(HeatMap.legend()).append('\n');
    int index = 0;
    for (Map.Entry<String, Map<String, List<TestCase>>> c : grouped(run).entrySet()) {
      h.append("<section class=\"test-class\" data-name=\"")
          .append(Markup.escape(c.getKey()))
          .append("\">\n<h2>")
          .append(Markup.escape(c.getKey()))
          .append("</h2>\n");
      for (Map.Entry<String, List<TestCase>> m : c.getValue().entrySet()) {
        h.append("<section class=\"test-method\" data-name=\"")
            .append(Markup.escape(m.getKey()))
            .append("\">\n<h3>")
            .append(Markup.escape(m.getKey()))
            .append("</h3>\n");
        for (TestCase test : m.getValue()) {
          test(h, test, index++);
        }
        h.append("</section>\n");
      }
      h.append("</section>\n");
    }
    h.append("</body></html>\n");
    return h.toString();
  }

  /** Tests by class (all but the last two names of the path), then method (the one before). */
  private static Map<String, Map<String, List<TestCase>>> grouped(TestRunReport run) {
    Map<String, Map<String, List<TestCase>>> classes = new LinkedHashMap<>();
    for (TestCase test : run.tests()) {
      List<String> path = test.path();
      int n = path.size();
      String cls = n >= 3 ? String.join(" › ", path.subList(0, n - 2)) : path.get(0);
      String method = n >= 2 ? path.get(n - 2) : "";
      classes
          .computeIfAbsent(cls, k -> new LinkedHashMap<>())
          .computeIfAbsent(method, k -> new ArrayList<>())
          .add(test);
    }
    return classes;
  }

  private static List<Overview.Bar> bars(TestRunReport run) {
    List<Overview.Bar> bars = new ArrayList<>();
    for (TestCase test : run.tests()) {
      for (RecordedCheck c : test.checks()) {
        bars.add(
            new Overview.Bar(
                shorten(test.displayName()),
                String.join(" › ", test.path()) + ": " + c.verdict() + " " + c.label(),
                c.worstMargin(),
                c.asExpected() ? Overview.GREEN : Overview.RED,
                c.verdict().name()));
      }
    }
    return bars;
  }

  private static String shorten(String name) {
    return name.length() <= OVERVIEW_NAME ? name : name.substring(0, OVERVIEW_NAME - 1) + "…";
  }

  private static void test(StringBuilder h, TestCase test, int index) {
    h.append("<article class=\"test\" id=\"test-")
        .append(index)
        .append("\" data-test-id=\"")
        .append(Markup.escape(test.uniqueId()))
        .append("\" data-name=\"")
        .append(Markup.escape(test.displayName()))
        .append("\" data-result=\"")
        .append(Markup.escape(test.result()))
        .append("\" data-verdict=\"")
        .append(test.verdict())
        .append("\">\n<h4>")
        .append(Markup.escape(test.displayName()))
        .append(" <small>(test ")
        .append(Markup.escape(test.result().toLowerCase(Locale.ROOT)))
        .append(")</small></h4>\n");
    for (RecordedCheck c : test.checks()) {
      check(h, c, test.displayName());
    }
    h.append("</article>\n");
  }

  private static void check(StringBuilder h, RecordedCheck c, String testName) {
    CheckReport r = c.report();
    h.append("<div class=\"check\" data-label=\"")
        .append(Markup.escape(c.label()))
        .append("\" data-verdict=\"")
        .append(c.verdict())
        .append("\" data-kind=\"")
        .append(r.kind())
        .append("\" data-mode=\"")
        .append(r.mode())
        .append("\" data-expectation=\"")
        .append(c.expectation())
        .append("\"><p><span class=\"badge\" style=\"background:")
        .append(c.asExpected() ? Overview.GREEN : Overview.RED)
        .append("\">")
        .append(c.verdict())
        .append(c.expectation() == Expectation.MUST_FAIL ? " (expected to fail)" : "")
        .append("</span> ")
        .append(r.kind())
        .append(" (")
        .append(r.mode())
        .append(") ")
        .append(Markup.escape(c.label().isEmpty() ? "unlabelled check" : c.label()))
        .append("</p>\n<table><tbody>");
    HtmlReport.row(h, "mode", r.mode() + " — " + r.modeReason());
    HtmlReport.row(h, "tolerance", r.tolerance().rule());
    HtmlReport.row(h, "worst margin", ReportNumbers.format(c.worstMargin()));
    HtmlReport.row(
        h,
        "max error",
        "absolute "
            + ReportNumbers.format(r.maxAbsError())
            + ", relative "
            + ReportNumbers.format(r.maxRelError()));
    HtmlReport.row(h, "compared", r.comparedCount() + " entries, " + r.failedCount() + " failed");
    HtmlReport.row(
        h,
        "evaluations",
        r.functionEvaluations() + " function, " + r.analyticEvaluations() + " derivative");
    HtmlReport.row(h, "seed", String.format(Locale.ROOT, "0x%X", r.seed()));
    HtmlReport.row(h, "time", r.elapsed().toMillis() + " ms");
    h.append("</tbody></table>\n");
    HtmlReport.findings(h, r.findings());
    if (!r.passed()) {
      HtmlReport.worstEntries(h, r);
      h.append('\n');
      String title = testName + (c.label().isEmpty() ? "" : " " + c.label());
      if (HeatMap.drawable(r)) {
        h.append("<div class=\"heatmaps\">").append(HeatMap.render(r, title)).append("</div>\n");
      }
      if (c.stepCurve() != null) {
        h.append("<div class=\"stepcurve\"><p>Error of a central difference against its step at ")
            .append(Markup.escape(c.stepCurve().label()))
            .append(", the worst entry.</p>")
            .append(c.stepCurve().toSvg(title))
            .append("</div>\n");
      }
    }
    h.append("</div>\n");
  }
}
