package org.gradcheck;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;

/** Renders a {@link CheckReport} as a readable table and as JSON. */
final class ReportFormat {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private ReportFormat() {}

  /** The table {@link CheckReport#toString()} returns. */
  static String table(CheckReport r) {
    StringBuilder sb = new StringBuilder();
    sb.append("gradient check ")
        .append(r.passed() ? "PASSED" : "FAILED")
        .append(": ")
        .append(r.kind())
        .append(", mode ")
        .append(r.mode())
        .append(" (")
        .append(r.modeReason())
        .append("), seed ")
        .append(r.seed())
        .append('\n');
    List<ComparedEntry> worst = r.worstEntries();
    if (!worst.isEmpty()) {
      int width = "entry".length();
      for (ComparedEntry e : worst) {
        width = Math.max(width, e.label().length());
      }
      String row = "  %-" + width + "s  %14s  %14s  %9s  %9s  %9s  %9s  %s%n";
      sb.append(
          String.format(
              Locale.ROOT,
              row,
              "entry",
              "analytic",
              "numeric",
              "±numeric",
              "abs err",
              "rel err",
              "allowed",
              ""));
      for (ComparedEntry e : worst) {
        sb.append(
            String.format(
                Locale.ROOT,
                row,
                e.label(),
                num(e.analytic(), 7),
                num(e.numeric(), 7),
                num(e.numericError(), 2),
                num(e.absError(), 2),
                num(e.relError(), 2),
                num(e.allowed(), 2),
                e.withinTolerance() ? "ok" : "FAIL"));
      }
    }
    sb.append(
        String.format(
            Locale.ROOT,
            "  totals: %d compared, %d failed; max abs error %s, max rel error %s; %d function"
                + " evaluations, %d analytic calls; %s%n",
            r.comparedCount(),
            r.failedCount(),
            num(r.maxAbsError(), 2),
            num(r.maxRelError(), 2),
            r.functionEvaluations(),
            r.analyticEvaluations(),
            duration(r.elapsed().toNanos())));
    sb.append("  rule: ").append(r.tolerance().rule()).append('\n');
    if (r.precision() != Precision.FLOAT64) {
      sb.append(
          String.format(
              Locale.ROOT,
              "  precision: %s — x rounded to it, numeric error bars include its rounding (ε = %.3g)"
                  + " of f, rtol ≥ %.3g%n",
              r.precision(),
              r.precision().epsilon(),
              r.precision().minimumRtol()));
    }
    sb.append("  signature: ").append(r.signature()).append('\n');
    for (String note : r.notes()) {
      sb.append("  note: ").append(note).append('\n');
    }
    for (Finding finding : r.findings()) {
      sb.append("  finding: ").append(finding).append('\n');
    }
    return sb.toString();
  }

  /** The JSON {@link CheckReport#toJson()} returns. */
  static String json(CheckReport r) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("passed", r.passed());
    root.put("kind", r.kind().name());
    root.put("mode", r.mode().name());
    root.put("modeReason", r.modeReason());
    root.put("seed", r.seed());
    root.put("precision", r.precision().name());
    root.put("maxAbsError", r.maxAbsError());
    root.put("maxRelError", r.maxRelError());
    root.put("functionEvaluations", r.functionEvaluations());
    root.put("analyticEvaluations", r.analyticEvaluations());
    root.put("comparedCount", r.comparedCount());
    root.put("failedCount", r.failedCount());
    root.put("probes", r.probes());
    root.put("slipProbability", r.slipProbability());
    root.put("elapsedNanos", r.elapsed().toNanos());
    ObjectNode tol = root.putObject("tolerance");
    tol.put("atol", r.tolerance().atol());
    tol.put("rtol", r.tolerance().rtol());
    tol.put("errorBoundFactor", r.tolerance().errorBoundFactor());
    tol.put("relativeTo", r.tolerance().relativeTo().name());
    tol.put("rule", r.tolerance().rule());
    ObjectNode sig = root.putObject("signature");
    tensors(sig.putArray("inputs"), r.signature().inputs());
    tensors(sig.putArray("outputs"), r.signature().outputs());
    entries(root.putArray("worstEntries"), r.worstEntries());
    entries(root.putArray("comparedEntries"), r.comparedEntries());
    ArrayNode notes = root.putArray("notes");
    r.notes().forEach(notes::add);
    ArrayNode findings = root.putArray("findings");
    for (Finding f : r.findings()) {
      ObjectNode node = findings.addObject();
      node.put("kind", f.kind().name());
      f.blocks().forEach(node.putArray("blocks")::add);
      node.put("text", f.toString());
    }
    try {
      return MAPPER.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("could not write the report as JSON", e);
    }
  }

  private static void tensors(ArrayNode array, List<Tensor> tensors) {
    for (Tensor t : tensors) {
      ObjectNode o = array.addObject();
      o.put("name", t.name());
      ArrayNode shape = o.putArray("shape");
      for (int d : t.shape()) {
        shape.add(d);
      }
      o.put("constant", t.constant());
    }
  }

  private static void entries(ArrayNode array, List<ComparedEntry> entries) {
    for (ComparedEntry e : entries) {
      ObjectNode o = array.addObject();
      o.put("outputIndex", e.outputIndex());
      o.put("inputIndex", e.inputIndex());
      o.put("label", e.label());
      o.put("analytic", e.analytic());
      o.put("numeric", e.numeric());
      o.put("numericError", e.numericError());
      o.put("absError", e.absError());
      o.put("relError", e.relError());
      o.put("allowed", e.allowed());
      o.put("step", e.step());
      o.put("withinTolerance", e.withinTolerance());
    }
  }

  private static String num(double v, int digits) {
    if (v == 0) {
      return "0";
    }
    if (!Double.isFinite(v)) {
      return Double.toString(v);
    }
    return String.format(Locale.ROOT, "%." + digits + "e", v);
  }

  /** A duration in readable units. */
  static String duration(double nanos) {
    if (nanos < 1e3) {
      return String.format(Locale.ROOT, "%.0f ns", nanos);
    }
    if (nanos < 1e6) {
      return String.format(Locale.ROOT, "%.1f µs", nanos / 1e3);
    }
    if (nanos < 1e9) {
      return String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
    }
    return String.format(Locale.ROOT, "%.2f s", nanos / 1e9);
  }

  /** A probability in readable form. */
  static String probability(double p) {
    if (Double.isNaN(p)) {
      return "n/a";
    }
    if (p < 1e-300) {
      return "< 1e-300";
    }
    return String.format(Locale.ROOT, "%.1e", p);
  }
}
