package org.gradcheck.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.apiguardian.api.API;
import org.gradcheck.registry.RuleReport;
import org.gradcheck.registry.VerificationResult;

/**
 * The verification report of a set of rules: the rules that must pass (the reference cases or a
 * user's own registry) and, optionally, deliberately wrong rules that must be caught. Written as
 * Markdown ({@code report.md}), JSON ({@code report.json}) and a chart of the error margins ({@code
 * margins.png}).
 *
 * <p>The report is {@linkplain #verified() verified} when every correct rule passed and every known
 * bug failed.
 */
@API(status = API.Status.EXPERIMENTAL)
public final class VerificationReport {
  private final List<RuleSummary> rules;
  private final List<RuleSummary> knownBugs;
  private final Map<String, String> lessons;
  private final String configuration;
  private final Duration elapsed;

  private VerificationReport(
      List<RuleSummary> rules,
      List<RuleSummary> knownBugs,
      Map<String, String> lessons,
      String configuration,
      Duration elapsed) {
    this.rules = List.copyOf(rules);
    this.knownBugs = List.copyOf(knownBugs);
    this.lessons = Map.copyOf(lessons);
    this.configuration = configuration;
    this.elapsed = elapsed;
  }

  /**
   * Builds a report.
   *
   * @param correct the verification of rules that must pass
   * @param bugs the verification of rules that must fail, or {@code null}
   * @param lessons per known-bug rule name, the mistake it teaches (may be empty)
   * @param elapsed the wall-clock time both verifications took
   */
  public static VerificationReport of(
      VerificationResult correct,
      VerificationResult bugs,
      Map<String, String> lessons,
      Duration elapsed) {
    Objects.requireNonNull(correct, "correct");
    Objects.requireNonNull(lessons, "lessons");
    Objects.requireNonNull(elapsed, "elapsed");
    List<RuleSummary> rules = correct.reports().stream().map(RuleSummary::of).toList();
    List<RuleSummary> knownBugs =
        bugs == null ? List.of() : bugs.reports().stream().map(RuleSummary::of).toList();
    return new VerificationReport(rules, knownBugs, lessons, correct.config().toString(), elapsed);
  }

  /** The correct rules, one summary each. */
  public List<RuleSummary> rules() {
    return rules;
  }

  /** The known-bug rules, one summary each. */
  public List<RuleSummary> knownBugs() {
    return knownBugs;
  }

  /** True when every correct rule passed and every known bug was caught. */
  public boolean verified() {
    return !rules.isEmpty()
        && rules.stream().allMatch(r -> r.status().equals(RuleReport.Status.PASSED.name()))
        && knownBugs.stream().allMatch(r -> r.status().equals(RuleReport.Status.FAILED.name()));
  }

  /** The report as Markdown. */
  public String toMarkdown() {
    StringBuilder md = new StringBuilder();
    md.append("# gradcheck verification report\n\n");
    md.append(verified() ? "**VERIFIED**" : "**NOT VERIFIED**")
        .append(": ")
        .append(count(rules, "PASSED"))
        .append(" of ")
        .append(rules.size())
        .append(" rules passed; ")
        .append(count(knownBugs, "FAILED"))
        .append(" of ")
        .append(knownBugs.size())
        .append(" known bugs caught. ")
        .append(String.format(Locale.ROOT, "%.1f s", elapsed.toMillis() / 1000.0))
        .append(".\n\n");
    md.append("Configuration: ").append(configuration).append("\n\n");
    md.append(
        "Margin = the worst |analytic − numeric| divided by the tolerance that entry had to meet"
            + " (atol + rtol·|numeric| + k·numeric error); a rule passes when every margin is ≤ 1."
            + " See `margins.png`.\n\n");
    md.append("## Rules\n\n");
    md.append("| rule | verdict | points | checks | forms | max rel. error | margin | f evals |\n");
    md.append("|---|---|---:|---:|---|---:|---:|---:|\n");
    for (RuleSummary r : rules) {
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %d | %d | %s | %s | %s | %d |%n",
              r.rule(),
              r.status(),
              r.points(),
              r.checks(),
              r.forms(),
              sci(r.maxRelError()),
              sci(r.worstExcess()),
              r.functionEvaluations()));
    }
    for (RuleSummary r : rules) {
      if (!r.status().equals("PASSED")) {
        md.append("\n### ").append(r.rule()).append(" — ").append(r.status()).append("\n\n");
        md.append("- ").append(r.firstFailure()).append('\n');
        r.findings().forEach(f -> md.append("- ").append(f).append('\n'));
      }
    }
    if (!knownBugs.isEmpty()) {
      md.append("\n## Known bugs (each must be caught)\n\n");
      md.append("| rule | caught | mistake | diagnosis |\n|---|---|---|---|\n");
      for (RuleSummary r : knownBugs) {
        md.append("| ")
            .append(r.rule())
            .append(" | ")
            .append(r.status().equals("FAILED") ? "yes" : "**NO** (" + r.status() + ")")
            .append(" | ")
            .append(escape(lessons.getOrDefault(r.rule(), "")))
            .append(" | ")
            .append(escape(r.findings().isEmpty() ? "—" : r.findings().get(0)))
            .append(" |\n");
      }
    }
    return md.toString();
  }

  /** The report as JSON (non-finite numbers, which JSON lacks, are written as strings). */
  public String toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("verified", verified());
    json.put("configuration", configuration);
    json.put("elapsedMillis", elapsed.toMillis());
    json.put("rules", rows(rules));
    json.put("knownBugs", rows(knownBugs));
    json.put("lessons", lessons);
    try {
      return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(json);
    } catch (IOException e) {
      throw new UncheckedIOException("could not write the report as JSON", e);
    }
  }

  private static List<Map<String, Object>> rows(List<RuleSummary> summaries) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (RuleSummary r : summaries) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("rule", r.rule());
      row.put("status", r.status());
      row.put("points", r.points());
      row.put("checks", r.checks());
      row.put("forms", r.forms());
      row.put("maxRelError", number(r.maxRelError()));
      row.put("worstMargin", number(r.worstExcess()));
      row.put("functionEvaluations", r.functionEvaluations());
      row.put("findings", r.findings());
      row.put("firstFailure", r.firstFailure());
      rows.add(row);
    }
    return rows;
  }

  private static Object number(double v) {
    return Double.isFinite(v) ? (Object) v : String.valueOf(v);
  }

  /**
   * Writes {@code report.md}, {@code report.json} and {@code margins.png} into {@code directory}
   * (created if missing) and returns the files written.
   */
  public List<Path> writeTo(Path directory) {
    try {
      Files.createDirectories(directory);
      Path md =
          Files.writeString(directory.resolve("report.md"), toMarkdown(), StandardCharsets.UTF_8);
      Path json =
          Files.writeString(directory.resolve("report.json"), toJson(), StandardCharsets.UTF_8);
      Path chart = MarginChart.write(rules, knownBugs, directory.resolve("margins.png"));
      return List.of(md, json, chart);
    } catch (IOException e) {
      throw new UncheckedIOException("could not write the report into " + directory, e);
    }
  }

  private static long count(List<RuleSummary> rows, String status) {
    return rows.stream().filter(r -> r.status().equals(status)).count();
  }

  private static String sci(double v) {
    return Double.isNaN(v) ? "—" : String.format(Locale.ROOT, "%.2e", v);
  }

  private static String escape(String s) {
    return s.replace("|", "\\|").replace("\n", " ");
  }

  @Override
  public String toString() {
    return toMarkdown();
  }
}
