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
import java.time.Duration;
import java.util.Map;
import org.gradcheck.reference.KnownBugs;
import org.gradcheck.registry.GradientRegistry;
import org.gradcheck.registry.VerificationConfig;
import org.gradcheck.registry.VerificationResult;
import org.gradcheck.report.VerificationReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class GradcheckCommandTest {
  private static final long SEED = 7L;

  private static int run(StringWriter out, StringWriter err, String... args) {
    CommandLine cli = new CommandLine(new GradcheckCommand());
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    return cli.execute(args);
  }

  @Test
  void verifyWritesAVerifiedReportForCorrectRulesAndCaughtBugs(@TempDir Path dir) throws Exception {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        run(
            out,
            err,
            "verify",
            "--points",
            "3",
            "--seed",
            String.valueOf(SEED),
            "--rule",
            "^(softmax|bug/mse-sign-flipped)$",
            "--out",
            dir.toString());
    assertEquals(0, code, () -> "seed " + SEED + "\n" + out + err);
    String md = Files.readString(dir.resolve("report.md"));
    assertTrue(md.contains("**VERIFIED**: 1 of 1 rules passed; 1 of 1 known bugs caught"), md);
    assertTrue(md.contains("sign flipped"), md);
    JsonNode json = new ObjectMapper().readTree(Files.readString(dir.resolve("report.json")));
    assertTrue(json.get("verified").asBoolean());
    assertEquals("softmax", json.get("rules").get(0).get("rule").asText());
    assertEquals(3, json.get("rules").get(0).get("points").asInt());
    assertTrue(Files.size(dir.resolve("margins.png")) > 1000, "chart written");
  }

  @Test
  void badUsageIsExitCodeTwoWithASpecificMessage(@TempDir Path dir) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    assertEquals(2, run(out, err, "verify", "--points", "0", "--out", dir.toString()));
    assertTrue(err.toString().contains("--points must be ≥ 1, got 0"), err::toString);
    StringWriter err2 = new StringWriter();
    assertEquals(2, run(new StringWriter(), err2, "verify", "--rule", "(unclosed"));
    assertTrue(
        err2.toString().contains("--rule is not a valid regular expression"), err2::toString);
    StringWriter err3 = new StringWriter();
    assertEquals(2, run(new StringWriter(), err3));
    assertTrue(err3.toString().contains("missing subcommand"), err3::toString);
  }

  @Test
  void aWrongRuleAmongTheCorrectOnesMakesTheReportNotVerified() {
    GradientRegistry registry = new GradientRegistry().register(KnownBugs.MSE_SIGN_FLIPPED.rule());
    VerificationResult result =
        registry.verifyAll(VerificationConfig.builder().seed(SEED).pointsPerRule(2).build());
    VerificationReport report = VerificationReport.of(result, null, Map.of(), Duration.ZERO);
    assertFalse(report.verified(), () -> "seed " + SEED + "\n" + report);
    String md = report.toMarkdown();
    assertTrue(md.contains("**NOT VERIFIED**: 0 of 1 rules passed"), md);
    assertTrue(md.contains("### " + KnownBugs.MSE_SIGN_FLIPPED.ruleName() + " — FAILED"), md);
    assertTrue(md.contains("sign flipped"), md);
  }
}
