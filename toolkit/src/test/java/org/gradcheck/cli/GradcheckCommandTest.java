package org.gradcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.gradcheck.report.ReportFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The gradcheck command: exit codes, filters, outputs, discovery from an extra jar. */
class GradcheckCommandTest {
  private static final String SEED = "7";
  private static final String SQUARE = ExtraRules.Square.class.getName();

  private record Run(int code, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = GradcheckCommand.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int code = cli.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  /**
   * {@code verify} of the {@code extra/} rules of {@code provider} alone (no built-ins, no built-in
   * known bugs), from a jar, at {@code points} points, reports into {@code dir}.
   */
  private static Run verifyExtraOnly(Path dir, Class<?> provider, String points, String... more) {
    Path jar = ExtraRules.jar(dir.resolve("extra-rules.jar"), provider.getName());
    List<String> args =
        new ArrayList<>(
            List.of(
                "verify",
                "--classpath",
                jar.toString(),
                "--no-built-ins",
                "--no-known-bugs",
                "--rule",
                "^extra/",
                "--points",
                points,
                "--out",
                dir.toString()));
    args.addAll(List.of(more));
    return run(args.toArray(String[]::new));
  }

  private static JsonNode json(Path file) throws Exception {
    return new ObjectMapper().readTree(Files.readString(file));
  }

  private static List<String> names(JsonNode report) {
    List<String> names = new ArrayList<>();
    report.get("rules").forEach(r -> names.add(r.get("name").asText()));
    return names;
  }

  @Test
  void verifyWritesAllThreeReportsAndExitsZeroWhenRulesPassAndBugsAreCaught(@TempDir Path dir)
      throws Exception {
    Run run =
        run(
            "verify",
            "--points",
            "3",
            "--seed",
            SEED,
            "--rule",
            "^(softmax|bug/mse-sign-flipped)$",
            "--out",
            dir.toString());
    assertEquals(0, run.code(), () -> "seed " + SEED + "\n" + run);
    assertTrue(
        run.out().contains("report: " + dir.resolve("report.html").toAbsolutePath()), run.out());
    JsonNode json = json(dir.resolve(ReportFiles.JSON_NAME));
    assertTrue(json.get("verified").asBoolean());
    assertEquals(List.of("softmax", "bug/mse-sign-flipped"), names(json));
    JsonNode softmax = json.get("rules").get(0);
    assertEquals("PASSED", softmax.get("verdict").asText());
    assertEquals(3, softmax.get("checkedPoints").asInt());
    assertEquals(9, softmax.get("points").size(), "3 points × 3 forms");
    JsonNode bug = json.get("rules").get(1);
    assertEquals("MUST_FAIL", bug.get("expectation").asText());
    assertEquals("FAILED", bug.get("verdict").asText());
    assertTrue(bug.get("verified").asBoolean());
    assertTrue(Files.readString(dir.resolve(ReportFiles.HTML_NAME)).contains("<svg"));
    assertTrue(Files.readString(dir.resolve(ReportFiles.XML_NAME)).contains("<testsuites"));
  }

  @Test
  void aUserKnownBugThatIsCaughtIsVerifiedAsTheBuiltInOnesAre(@TempDir Path dir) throws Exception {
    Path jar = ExtraRules.jar(dir.resolve("bugs.jar"), ExtraRules.CaughtBug.class.getName());
    Run run =
        run(
            "verify",
            "--classpath",
            jar.toString(),
            "--rule",
            "^(extra/|bug/mse-sign-flipped$)",
            "--points",
            "3",
            "--seed",
            SEED,
            "--out",
            dir.toString());
    assertEquals(0, run.code(), () -> "seed " + SEED + "\n" + run);
    JsonNode json = json(dir.resolve(ReportFiles.JSON_NAME));
    assertTrue(json.get("verified").asBoolean());
    assertEquals(List.of("bug/mse-sign-flipped", ExtraRules.CaughtBug.NAME), names(json));
    for (JsonNode bug : json.get("rules")) {
      assertEquals("MUST_FAIL", bug.get("expectation").asText(), bug::toString);
      assertEquals("FAILED", bug.get("verdict").asText(), bug::toString);
      assertTrue(bug.get("verified").asBoolean(), bug::toString);
      assertTrue(bug.get("missed").isNull(), bug::toString);
      assertTrue(bug.get("summary").asText().contains("caught, as a known bug must be"));
    }
    JsonNode mine = json.get("rules").get(1);
    assertEquals("derivative 3x instead of 2x", mine.get("lesson").asText());
    String html = Files.readString(dir.resolve(ReportFiles.HTML_NAME));
    assertTrue(html.contains("<tr><th>caught</th><td>yes</td></tr>"), html);
    assertTrue(html.contains("derivative 3x instead of 2x"), html);
    String xml = Files.readString(dir.resolve(ReportFiles.XML_NAME));
    assertFalse(xml.contains("<failure"), xml);
  }

  @Test
  void aUserKnownBugNotCaughtOrCaughtWithOtherKindsIsExitOneSayingWhatWasFound(@TempDir Path dir)
      throws Exception {
    Run run = verifyExtraOnly(dir, ExtraRules.MissedBugs.class, "3", "--seed", SEED);
    assertEquals(GradcheckCommand.RULE_FAILED, run.code(), run::toString);
    JsonNode json = json(dir.resolve(ReportFiles.JSON_NAME));
    assertFalse(json.get("verified").asBoolean());
    JsonNode notABug = json.get("rules").get(0);
    assertEquals(ExtraRules.MissedBugs.NOT_A_BUG, notABug.get("name").asText());
    assertEquals("PASSED", notABug.get("verdict").asText());
    assertFalse(notABug.get("verified").asBoolean());
    assertEquals(
        "expected a check to fail with [CONSTANT_FACTOR], but all 3 check(s) passed",
        notABug.get("missed").asText());
    JsonNode wrongKind = json.get("rules").get(1);
    assertEquals(ExtraRules.MissedBugs.WRONG_KIND, wrongKind.get("name").asText());
    assertEquals("FAILED", wrongKind.get("verdict").asText(), "caught, but not as declared");
    assertFalse(wrongKind.get("verified").asBoolean());
    String missed = wrongKind.get("missed").asText();
    assertTrue(
        missed.startsWith(
            "expected a check to fail with [SIGN_FLIPPED]; 3 of 3 check(s) failed, but none with"
                + " all of them among its findings; found ["),
        missed);
    assertTrue(missed.contains("CONSTANT_FACTOR"), missed);
    assertTrue(wrongKind.get("summary").asText().contains("NOT CAUGHT (known bug): " + missed));
    String html = Files.readString(dir.resolve(ReportFiles.HTML_NAME));
    assertTrue(html.contains("<tr><th>caught</th><td>no — expected a check to fail"), html);
    String xml = Files.readString(dir.resolve(ReportFiles.XML_NAME));
    assertEquals(2, xml.split("<failure", -1).length - 1, xml);
    assertTrue(xml.contains("but all 3 check(s) passed"), xml);
  }

  @Test
  void badUsageIsExitCodeTwoWithAOneLineMessageAndNoStackTrace(@TempDir Path dir) {
    Run points = run("verify", "--points", "0", "--out", dir.toString());
    assertEquals(2, points.code());
    assertTrue(points.err().startsWith("gradcheck: --points must be ≥ 1, got 0"), points.err());
    Run regex = run("verify", "--rule", "(unclosed", "--out", dir.toString());
    assertEquals(2, regex.code());
    assertTrue(regex.err().contains("--rule is not a valid regular expression"), regex.err());
    Run none = run();
    assertEquals(2, none.code());
    assertTrue(none.err().contains("missing subcommand"), none.err());
    Run unknown = run("verify", "--frobnicate");
    assertEquals(2, unknown.code());
    assertTrue(unknown.err().contains("Unknown option: '--frobnicate'"), unknown.err());
    for (Run r : List.of(points, regex, none, unknown)) {
      assertFalse(r.err().contains("\tat "), r.err());
      assertTrue(r.err().lines().count() <= 2, r.err());
    }
  }

  @Test
  void anUnwritableOutputIsExitTwoBeforeAnyRuleRuns(@TempDir Path dir) throws Exception {
    Path blocker = Files.writeString(dir.resolve("a-file"), "not a directory");
    Path jar = ExtraRules.jar(dir.resolve("extra.jar"), SQUARE);
    int before = ExtraRules.SQUARE_EVALUATIONS.get();
    Run run =
        run(
            "verify",
            "--classpath",
            jar.toString(),
            "--no-built-ins",
            "--no-known-bugs",
            "--json",
            blocker.resolve("report.json").toString());
    assertEquals(2, run.code(), run::toString);
    assertTrue(
        run.err().contains("cannot write the report " + blocker.resolve("report.json")), run.err());
    assertEquals(before, ExtraRules.SQUARE_EVALUATIONS.get(), "no rule may run before the check");
    assertFalse(run.err().contains("\tat "), run.err());
    Run verbose = run("verify", "--verbose", "--json", blocker.resolve("report.json").toString());
    assertEquals(2, verbose.code());
    assertTrue(verbose.err().contains("\tat "), "--verbose prints the stack trace");
  }

  @Test
  void providersInAnExtraJarAreDiscoveredAndFiltersSelectRules(@TempDir Path dir) throws Exception {
    Path jar = ExtraRules.jar(dir.resolve("extra.jar"), SQUARE);
    Path out = dir.resolve("reports");
    Run run =
        run(
            "verify",
            "--classpath",
            jar.toString(),
            "--rule",
            "^(extra/|relu$)",
            "--points",
            "2",
            "--json",
            out.resolve("r.json").toString());
    assertEquals(0, run.code(), run::toString);
    JsonNode json = json(out.resolve("r.json"));
    assertEquals(List.of("relu", ExtraRules.Square.NAME), names(json));
    assertEquals("provider " + SQUARE, json.get("rules").get(1).get("source").asText());
    assertEquals("^(extra/|relu$)", json.get("configuration").get("ruleFilter").asText());
    assertFalse(Files.exists(out.resolve(ReportFiles.HTML_NAME)), "only the asked-for output");

    Run none = run("verify", "--rule", "^nothing-is-called-this$", "--out", out.toString());
    assertEquals(2, none.code());
    assertTrue(
        none.err().contains("--rule /^nothing-is-called-this$/ matches no rule"), none.err());
    Run missingJar = run("verify", "--classpath", dir.resolve("nope.jar").toString());
    assertEquals(2, missingJar.code());
    assertTrue(
        missingJar.err().contains("--classpath: no such jar or directory"), missingJar.err());
  }

  @Test
  void aUserRuleCannotTakeABuiltInNameAndAnUnknownProviderIsASetupError(@TempDir Path dir) {
    Path impostor =
        ExtraRules.jar(dir.resolve("impostor.jar"), ExtraRules.Impostor.class.getName());
    Run run = run("verify", "--classpath", impostor.toString(), "--out", dir.toString());
    assertEquals(2, run.code(), run::toString);
    assertTrue(
        run.err()
            .contains(
                "rule 'softmax' from provider "
                    + ExtraRules.Impostor.class.getName()
                    + " takes the name of a built-in rule"),
        run.err());
    Path twice = ExtraRules.jar(dir.resolve("twice.jar"), SQUARE, SQUARE + "Again");
    Run missing = run("verify", "--classpath", twice.toString(), "--out", dir.toString());
    assertEquals(2, missing.code(), missing::toString);
    assertTrue(missing.err().contains("cannot load the rule providers"), missing.err());
    assertTrue(missing.err().contains(SQUARE + "Again"), missing.err());
  }

  @Test
  void twoUserRulesWithOneNameAreASetupErrorNamingBothProviders(@TempDir Path dir) {
    Path jar =
        ExtraRules.jar(dir.resolve("twins.jar"), SQUARE, ExtraRules.SquareTwin.class.getName());
    Run run = run("verify", "--classpath", jar.toString(), "--out", dir.toString());
    assertEquals(2, run.code(), run::toString);
    assertTrue(
        run.err().contains("rule '" + ExtraRules.Square.NAME + "' is registered twice"), run.err());
    assertTrue(run.err().contains(ExtraRules.SquareTwin.class.getName()), run.err());
  }

  @Test
  void moreThreadsGiveTheSameReportInTheSameOrder(@TempDir Path dir) throws Exception {
    String[] common = {
      "verify",
      "--rule",
      "^(softmax|relu|matmul|bug/mse-sign-flipped)$",
      "--points",
      "3",
      "--seed",
      SEED
    };
    List<String> one = new ArrayList<>(List.of(common));
    one.addAll(List.of("--threads", "1", "--json", dir.resolve("one.json").toString()));
    List<String> four = new ArrayList<>(List.of(common));
    four.addAll(List.of("--threads", "4", "--json", dir.resolve("four.json").toString()));
    assertEquals(0, run(one.toArray(String[]::new)).code());
    assertEquals(0, run(four.toArray(String[]::new)).code());
    JsonNode a = json(dir.resolve("one.json"));
    JsonNode b = json(dir.resolve("four.json"));
    assertEquals(names(a), names(b));
    assertEquals(4, b.get("configuration").get("threads").asInt());
    for (int r = 0; r < a.get("rules").size(); r++) {
      JsonNode pa = a.get("rules").get(r).get("points");
      JsonNode pb = b.get("rules").get(r).get("points");
      assertEquals(pa.size(), pb.size());
      for (int p = 0; p < pa.size(); p++) {
        for (String field :
            List.of(
                "seed",
                "form",
                "verdict",
                "worstMargin",
                "maxAbsError",
                "worstEntries",
                "findings")) {
          assertEquals(
              pa.get(p).get(field), pb.get(p).get(field), field + " of rule " + r + " point " + p);
        }
      }
    }
    assertTrue(
        a.get("tool").get("version").asText().matches("\\d+\\.\\d+.*"), a.get("tool")::toString);
    JsonNode commit = a.get("tool").get("commit");
    assertTrue(commit.isNull() || commit.asText().matches("[0-9a-f]{7,40}"), commit::toString);
  }

  @Test
  void aThrowingRuleIsErroredAndTheOthersStillRun(@TempDir Path dir) throws Exception {
    Run run = verifyExtraOnly(dir, ExtraRules.Throwing.class, "2");
    assertEquals(1, run.code(), run::toString);
    JsonNode rules = json(dir.resolve(ReportFiles.JSON_NAME)).get("rules");
    assertEquals("ERRORED", rules.get(0).get("verdict").asText());
    assertEquals("java.lang.StackOverflowError", rules.get(0).get("error").get("type").asText());
    assertEquals("ERRORED", rules.get(1).get("verdict").asText());
    assertEquals("java.lang.AssertionError", rules.get(1).get("error").get("type").asText());
    assertEquals("PASSED", rules.get(2).get("verdict").asText());
  }

  @Test
  void listShowsFormsInputDomainsAndDeclaredKinks() {
    Run run = run("list", "--rule", "^relu$");
    assertEquals(0, run.code(), run::toString);
    assertTrue(run.out().startsWith("relu  [built-in]"), run.out());
    assertTrue(run.out().contains("forms: JACOBIAN, VJP, JVP"), run.out());
    assertTrue(run.out().contains("input domains: uniform(5"), run.out());
    assertTrue(
        run.out().contains("kink: x = 0.0 (margin 0.25): ReLU switches from 0 to x"), run.out());
  }

  @Test
  void checkOneRuleAtOneInputFromTheCommandLineOrAJsonFile(@TempDir Path dir) throws Exception {
    Run ok =
        run("check", "softmax", "--x", "0.1,-0.3,2,0.5,-1", "--out", dir.resolve("ok").toString());
    assertEquals(0, ok.code(), ok::toString);
    assertEquals(
        3,
        json(dir.resolve("ok").resolve(ReportFiles.JSON_NAME))
            .get("rules")
            .get(0)
            .get("points")
            .size());

    Path input =
        Files.writeString(dir.resolve("x.json"), "{\"x\": [1, 2, -1, 0.5, 3, 0, 1, 2, 0.5, -2]}");
    Run bug =
        run(
            "check",
            "bug/mse-sign-flipped",
            "--input",
            input.toString(),
            "--form",
            "VJP",
            "--json",
            dir.resolve("bug.json").toString());
    assertEquals(0, bug.code(), "a known bug caught is the expected outcome: " + bug);
    assertTrue(bug.out().contains("caught, as a known bug must be"), bug::toString);
    JsonNode caught = json(dir.resolve("bug.json")).get("rules").get(0);
    assertEquals("MUST_FAIL", caught.get("expectation").asText());
    assertTrue(caught.get("verified").asBoolean(), caught::toString);
    JsonNode point = caught.get("points").get(0);
    assertEquals("FAILED", point.get("verdict").asText());
    assertEquals("SIGN_FLIPPED", point.get("findings").get(0).get("kind").asText());

    Run wrongLength = run("check", "softmax", "--x", "1,2", "--out", dir.toString());
    assertEquals(2, wrongLength.code());
    assertTrue(
        wrongLength.err().contains("rule 'softmax' takes 5 input values"), wrongLength.err());
    Run unknownRule = run("check", "no-such-rule", "--x", "1", "--out", dir.toString());
    assertEquals(2, unknownRule.code());
    assertTrue(unknownRule.err().contains("no rule named 'no-such-rule'"), unknownRule.err());
  }

  /**
   * {@code check RULE} of a rule from {@code jar} at x = (1.5, −0.5, 2), JSON into {@code json}.
   */
  private static Run checkAt(String rule, Path jar, Path json) {
    return run(
        "check",
        rule,
        "--classpath",
        jar.toString(),
        "--x",
        "1.5,-0.5,2",
        "--json",
        json.toString());
  }

  @Test
  void checkJudgesAKnownBugAsVerifyDoesCaughtIsExitZeroMissedIsExitOne(@TempDir Path dir)
      throws Exception {
    Path jar =
        ExtraRules.jar(
            dir.resolve("bugs.jar"),
            ExtraRules.CaughtBug.class.getName(),
            ExtraRules.MissedBugs.class.getName());
    Path caughtJson = dir.resolve("caught.json");
    Run caught = checkAt(ExtraRules.CaughtBug.NAME, jar, caughtJson);
    assertEquals(GradcheckCommand.VERIFIED, caught.code(), caught::toString);
    assertTrue(caught.out().contains("caught, as a known bug must be"), caught::toString);
    assertTrue(json(caughtJson).get("verified").asBoolean());

    Path missedJson = dir.resolve("missed.json");
    Run missed = checkAt(ExtraRules.MissedBugs.NOT_A_BUG, jar, missedJson);
    assertEquals(GradcheckCommand.RULE_FAILED, missed.code(), missed::toString);
    assertTrue(missed.out().contains("NOT CAUGHT (known bug)"), missed::toString);
    JsonNode rule = json(missedJson).get("rules").get(0);
    assertEquals("PASSED", rule.get("verdict").asText());
    assertFalse(rule.get("verified").asBoolean());
    assertTrue(
        rule.get("missed").asText().startsWith("expected a check to fail with [CONSTANT_FACTOR]"),
        rule::toString);
  }
}
