package org.gradcheck.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apiguardian.api.API;
import org.gradcheck.CheckReport;
import org.gradcheck.report.TestRunReport.RecordedCheck;
import org.gradcheck.report.TestRunReport.TestCase;

/**
 * Renders a {@link TestRunReport} as JSON that follows the versioned JSON Schema shipped in the jar
 * at {@value #SCHEMA_RESOURCE} ({@link #SCHEMA_VERSION}). Conventions as in {@link JsonReport}:
 * fields in a fixed order, tests in the order they started, checks in the order they were made;
 * numbers as JSON numbers, the non-finite ones as the strings {@code "NaN"}, {@code "Infinity"} and
 * {@code "-Infinity"}.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.2")
public final class TestRunJsonReport {
  /** The schema's version; a reader checks the {@code schemaVersion} field against it. */
  public static final String SCHEMA_VERSION = "1.0";

  /** The schema's identifier ({@code $id}), also written as the report's {@code $schema}. */
  public static final String SCHEMA_ID = "https://gradcheck.org/schema/test-run-1.0.json";

  /** Class-path location of the JSON Schema the output follows. */
  public static final String SCHEMA_RESOURCE = "/org/gradcheck/report/test-run-schema-1.0.json";

  private TestRunJsonReport() {}

  /** The report as pretty-printed JSON. */
  public static String render(TestRunReport run) {
    ObjectNode root = JsonReport.head(SCHEMA_ID, SCHEMA_VERSION, run.provenance());
    root.put("verified", run.verified());
    root.put("summary", run.summary());
    root.put("elapsedMillis", run.elapsedMillis());
    root.put("checkCount", run.checks().size());
    root.put("failedCheckCount", run.checks().stream().filter(c -> !c.asExpected()).count());
    ArrayNode tests = root.putArray("tests");
    for (TestCase test : run.tests()) {
      ObjectNode node = tests.addObject();
      node.put("uniqueId", test.uniqueId());
      ArrayNode path = node.putArray("path");
      test.path().forEach(path::add);
      node.put("displayName", test.displayName());
      node.put("result", test.result());
      node.put("verdict", test.verdict().name());
      ArrayNode checks = node.putArray("checks");
      for (RecordedCheck c : test.checks()) {
        check(checks.addObject(), c);
      }
    }
    return JsonReport.text(root);
  }

  private static void check(ObjectNode node, RecordedCheck c) {
    CheckReport r = c.report();
    node.put("label", c.label());
    node.put("verdict", c.verdict().name());
    node.put("expectation", c.expectation().name());
    node.put("asExpected", c.asExpected());
    node.put("kind", r.kind().name());
    node.put("mode", r.mode().name());
    node.put("modeReason", r.modeReason());
    node.put("tolerance", r.tolerance().rule());
    JsonReport.number(node, "worstMargin", c.worstMargin());
    JsonReport.number(node, "maxAbsError", r.maxAbsError());
    JsonReport.number(node, "maxRelError", r.maxRelError());
    node.put("comparedCount", r.comparedCount());
    node.put("failedCount", r.failedCount());
    node.put("functionEvaluations", r.functionEvaluations());
    node.put("analyticEvaluations", r.analyticEvaluations());
    node.put("seed", r.seed());
    node.put("elapsedMillis", r.elapsed().toMillis());
    JsonReport.worstEntries(node, r.worstEntries());
    JsonReport.findings(node, r.findings());
    JsonReport.stepCurve(node, c.stepCurve());
  }
}
