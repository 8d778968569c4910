package org.gradcheck.report;

import java.util.List;
import java.util.Locale;
import org.apiguardian.api.API;
import org.gradcheck.Finding;

/**
 * Renders a {@link RunReport} in the JUnit XML format CI systems read: one {@code <testsuite>} per
 * rule (named after it), one {@code <testcase>} per point × form. A correct rule's failing point is
 * a {@code <failure>} with the worst entries and findings; a point that could not run is an {@code
 * <error>}; a skipped point is {@code <skipped>}. A rule that threw is one {@code <error>} test
 * case named {@code rule}. A known bug (which must fail) is one test case {@code caught}, failing
 * if no point caught it; its points follow as passing test cases with the diagnosis as output.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.2")
public final class JunitXmlReport {
  private JunitXmlReport() {}

  /** The report as JUnit XML. */
  public static String render(RunReport run) {
    StringBuilder x = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    int tests = 0;
    int failures = 0;
    int errors = 0;
    StringBuilder suites = new StringBuilder();
    for (RuleOutcome r : run.rules()) {
      Suite s = suite(r);
      tests += s.tests;
      failures += s.failures;
      errors += s.errors;
      suites.append(s.xml);
    }
    x.append(
            String.format(
                Locale.ROOT,
                "<testsuites name=\"gradcheck\" tests=\"%d\" failures=\"%d\" errors=\"%d\""
                    + " time=\"%.3f\">\n",
                tests,
                failures,
                errors,
                run.elapsedMillis() / 1000.0))
        .append(suites)
        .append("</testsuites>\n");
    return x.toString();
  }

  private record Suite(String xml, int tests, int failures, int errors) {}

  private static Suite suite(RuleOutcome r) {
    StringBuilder cases = new StringBuilder();
    int tests = 0;
    int failures = 0;
    int errors = 0;
    int skipped = 0;
    String cls = "gradcheck." + r.name();
    if (r.verdict() == Verdict.ERRORED) {
      cases.append(open(cls, "rule", r.elapsedMillis()));
      child(cases, "error", r.error().toString(), r.error().stackTrace());
      cases.append("</testcase>\n");
      tests++;
      errors++;
    } else if (r.expectation() == Expectation.MUST_FAIL) {
      cases.append(open(cls, "caught", r.elapsedMillis()));
      if (!r.verified()) {
        child(cases, "failure", r.summary(), "a known bug must be caught: " + r.lesson());
        failures++;
      }
      cases.append("</testcase>\n");
      tests++;
    } else if (r.points().isEmpty()) {
      cases.append(open(cls, "rule", r.elapsedMillis()));
      child(cases, "error", r.summary(), "the rule declares no input generator");
      cases.append("</testcase>\n");
      tests++;
      errors++;
    }
    if (r.verdict() != Verdict.ERRORED) {
      for (PointOutcome p : r.points()) {
        long millis = p.report() == null ? 0 : p.report().elapsed().toMillis();
        cases.append(open(cls, p.name(), millis));
        String detail = detail(p);
        if (r.expectation() == Expectation.MUST_FAIL) {
          if (!detail.isEmpty()) {
            cases.append("<system-out>").append(Markup.escape(detail)).append("</system-out>");
          }
        } else if (p.verdict() == Verdict.FAILED) {
          child(cases, "failure", headline(r, p), detail);
          failures++;
        } else if (p.verdict() == Verdict.NOT_CHECKED || p.verdict() == Verdict.ERRORED) {
          child(cases, "error", p.problem(), p.problem());
          errors++;
        } else if (p.verdict() == Verdict.SKIPPED) {
          cases.append("<skipped message=\"").append(Markup.escape(p.problem())).append("\"/>");
          skipped++;
        }
        cases.append("</testcase>\n");
        tests++;
      }
    }
    String xml =
        String.format(
                Locale.ROOT,
                "<testsuite name=\"%s\" tests=\"%d\" failures=\"%d\" errors=\"%d\" skipped=\"%d\""
                    + " time=\"%.3f\">\n",
                Markup.escape(r.name()),
                tests,
                failures,
                errors,
                skipped,
                r.elapsedMillis() / 1000.0)
            + cases
            + "</testsuite>\n";
    return new Suite(xml, tests, failures, errors);
  }

  private static String headline(RuleOutcome r, PointOutcome p) {
    List<Finding> findings = p.findings();
    return r.name()
        + " "
        + p.name()
        + " FAILED, margin "
        + ReportNumbers.format(p.worstMargin())
        + (findings.isEmpty() ? "" : ": " + findings.get(0));
  }

  /** The checker's full report (worst entries, tolerance, findings) of a point that ran. */
  private static String detail(PointOutcome p) {
    return p.report() == null ? "" : p.report().toString();
  }

  private static String open(String cls, String name, long millis) {
    return String.format(
        Locale.ROOT,
        "<testcase classname=\"%s\" name=\"%s\" time=\"%.3f\">",
        Markup.escape(cls),
        Markup.escape(name),
        millis / 1000.0);
  }

  private static void child(StringBuilder x, String tag, String message, String body) {
    x.append('<')
        .append(tag)
        .append(" message=\"")
        .append(Markup.escape(message))
        .append("\">")
        .append(Markup.escape(body))
        .append("</")
        .append(tag)
        .append('>');
  }
}
