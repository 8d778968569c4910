package org.gradcheck.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import org.apiguardian.api.API;
import org.gradcheck.CheckReport;
import org.gradcheck.ComparedEntry;
import org.gradcheck.Finding;
import org.gradcheck.Tolerance;

/**
 * Renders a {@link RunReport} as JSON that follows the versioned JSON Schema shipped in the jar at
 * {@value #SCHEMA_RESOURCE} ({@link #SCHEMA_VERSION}).
 *
 * <p>Fields always appear in the same order; rules in the run's order, points in point order.
 * Numbers are JSON numbers; the non-finite values JSON lacks are the strings {@code "NaN"}, {@code
 * "Infinity"} and {@code "-Infinity"}; a quantity that was not measured (a point that did not run)
 * is {@code null}.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.2")
public final class JsonReport {
  /** The schema's version; a reader checks the {@code schemaVersion} field against it. */
  public static final String SCHEMA_VERSION = "1.0";

  /** The schema's identifier ({@code $id}), also written as the report's {@code $schema}. */
  public static final String SCHEMA_ID = "https://gradcheck.org/schema/report-1.0.json";

  /** Class-path location of the JSON Schema the output follows. */
  public static final String SCHEMA_RESOURCE = "/org/gradcheck/report/report-schema-1.0.json";

  static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private JsonReport() {}

  /** The report as pretty-printed JSON. */
  public static String render(RunReport run) {
    ObjectNode root = head(SCHEMA_ID, SCHEMA_VERSION, run.provenance());
    configuration(root.putObject("configuration"), run.settings());
    root.put("verified", run.verified());
    root.put("summary", run.summary());
    root.put("elapsedMillis", run.elapsedMillis());
    ArrayNode rules = root.putArray("rules");
    for (RuleOutcome rule : run.rules()) {
      rule(rules.addObject(), rule);
    }
    return text(root);
  }

  /** A report's root: its schema and version, the tool, the environment and the start time. */
  static ObjectNode head(String schemaId, String schemaVersion, Provenance provenance) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("$schema", schemaId);
    root.put("schemaVersion", schemaVersion);
    ObjectNode tool = root.putObject("tool");
    tool.put("name", "gradcheck");
    tool.put("version", provenance.toolVersion());
    tool.put("commit", provenance.commit());
    ObjectNode jvm = root.putObject("environment");
    jvm.put("jvm", provenance.jvm());
    jvm.put("os", provenance.os());
    root.put("timestamp", provenance.timestamp().toString());
    return root;
  }

  /** {@code root} as pretty-printed JSON ending in a newline. */
  static String text(ObjectNode root) {
    try {
      return MAPPER.writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("could not render the report as JSON", e);
    }
  }

  private static void configuration(ObjectNode node, RunSettings s) {
    node.put("seed", s.seed());
    node.put("pointsPerRule", s.pointsPerRule());
    node.put("mode", s.mode().name());
    Tolerance t = s.tolerance();
    ObjectNode tolerance = node.putObject("tolerance");
    number(tolerance, "atol", t.atol());
    number(tolerance, "rtol", t.rtol());
    number(tolerance, "errorBoundFactor", t.errorBoundFactor());
    tolerance.put("relativeTo", t.relativeTo().name());
    tolerance.put("rule", t.rule());
    node.put("kinkPolicy", s.kinkPolicy().name());
    node.put("threads", s.threads());
    node.put("ruleFilter", s.ruleFilter().isEmpty() ? null : s.ruleFilter());
    ArrayNode classpath = node.putArray("classpath");
    s.classpath().forEach(classpath::add);
  }

  private static void rule(ObjectNode node, RuleOutcome r) {
    node.put("name", r.name());
    node.put("description", r.description());
    node.put("source", r.source());
    node.put("expectation", r.expectation().name());
    node.put("verdict", r.verdict().name());
    node.put("verified", r.verified());
    node.put("missed", r.missed().orElse(null));
    node.put("summary", r.summary());
    node.put("lesson", r.lesson().isEmpty() ? null : r.lesson());
    if (r.error() == null) {
      node.putNull("error");
    } else {
      ObjectNode error = node.putObject("error");
      error.put("type", r.error().type());
      error.put("message", r.error().message());
      error.put("stackTrace", r.error().stackTrace());
    }
    node.put("checkedPoints", r.checkedPoints());
    ArrayNode forms = node.putArray("forms");
    r.forms().forEach(forms::add);
    measured(node, "worstMargin", r.worstMargin());
    measured(node, "maxRelError", r.maxRelError());
    node.put("functionEvaluations", r.functionEvaluations());
    node.put("elapsedMillis", r.elapsedMillis());
    stepCurve(node, r.stepCurve());
    ArrayNode points = node.putArray("points");
    for (PointOutcome p : r.points()) {
      point(points.addObject(), p);
    }
  }

  private static void point(ObjectNode node, PointOutcome p) {
    node.put("point", p.point());
    node.put("seed", p.seed());
    node.put("inputKind", p.inputKind());
    node.put("form", p.form());
    node.put("verdict", p.verdict().name());
    node.put("problem", p.problem());
    CheckReport r = p.report();
    node.put("mode", r == null ? null : r.mode().name());
    if (r == null) {
      node.putNull("worstMargin");
      node.putNull("maxAbsError");
      node.putNull("maxRelError");
      node.putNull("comparedCount");
      node.putNull("failedCount");
      node.putNull("functionEvaluations");
      node.putNull("analyticEvaluations");
      node.putNull("elapsedMillis");
    } else {
      number(node, "worstMargin", p.worstMargin());
      number(node, "maxAbsError", r.maxAbsError());
      number(node, "maxRelError", r.maxRelError());
      node.put("comparedCount", r.comparedCount());
      node.put("failedCount", r.failedCount());
      node.put("functionEvaluations", r.functionEvaluations());
      node.put("analyticEvaluations", r.analyticEvaluations());
      node.put("elapsedMillis", r.elapsed().toMillis());
    }
    worstEntries(node, r == null ? java.util.List.of() : r.worstEntries());
    findings(node, p.findings());
  }

  /** The field {@code stepCurve}: the curve, or null. */
  static void stepCurve(ObjectNode node, StepCurve c) {
    if (c == null) {
      node.putNull("stepCurve");
      return;
    }
    ObjectNode curve = node.putObject("stepCurve");
    curve.put("label", c.label());
    numbers(curve.putArray("steps"), c.steps());
    numbers(curve.putArray("errorVsAnalytic"), c.errorVsAnalytic());
    numbers(curve.putArray("errorVsNumeric"), c.errorVsNumeric());
    number(curve, "numericError", c.numericError());
    number(curve, "allowed", c.allowed());
    number(curve, "chosenStep", c.chosenStep());
  }

  /** The field {@code worstEntries}: one object per entry. */
  static void worstEntries(ObjectNode node, java.util.List<ComparedEntry> entries) {
    ArrayNode worst = node.putArray("worstEntries");
    for (ComparedEntry e : entries) {
      entry(worst.addObject(), e);
    }
  }

  /** The field {@code findings}: one typed object per finding. */
  static void findings(ObjectNode node, java.util.List<Finding> list) {
    ArrayNode findings = node.putArray("findings");
    for (Finding f : list) {
      ObjectNode finding = findings.addObject();
      finding.put("kind", f.kind().name());
      finding.put("diagnosis", f.kind().isDiagnosis());
      finding.put("title", f.kind().title());
      finding.put("text", f.text());
    }
  }

  private static void entry(ObjectNode node, ComparedEntry e) {
    node.put("label", e.label());
    node.put("outputIndex", e.outputIndex());
    node.put("inputIndex", e.inputIndex());
    number(node, "analytic", e.analytic());
    number(node, "numeric", e.numeric());
    number(node, "numericError", e.numericError());
    number(node, "absError", e.absError());
    number(node, "relError", e.relError());
    number(node, "allowed", e.allowed());
    number(node, "margin", e.excess());
    number(node, "step", e.step());
  }

  private static void numbers(ArrayNode array, java.util.List<Double> values) {
    for (double v : values) {
      if (Double.isFinite(v)) {
        array.add(v);
      } else {
        array.add(Double.isNaN(v) ? "NaN" : v > 0 ? "Infinity" : "-Infinity");
      }
    }
  }

  /** A rule-level aggregate: {@code null} when nothing was measured (NaN), else {@link #number}. */
  private static void measured(ObjectNode node, String field, double v) {
    if (Double.isNaN(v)) {
      node.putNull(field);
    } else {
      number(node, field, v);
    }
  }

  /**
   * Writes {@code v} as a JSON number, or one of the strings {@code "NaN"}, {@code "Infinity"},
   * {@code "-Infinity"} that the schema's {@code number} definition allows for non-finite values.
   */
  static void number(ObjectNode node, String field, double v) {
    if (Double.isFinite(v)) {
      node.put(field, v);
    } else if (Double.isNaN(v)) {
      node.put(field, "NaN");
    } else {
      node.put(field, v > 0 ? "Infinity" : "-Infinity");
    }
  }
}
