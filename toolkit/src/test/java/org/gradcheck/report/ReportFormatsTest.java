package org.gradcheck.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import org.gradcheck.GradientChecker;
import org.gradcheck.KinkPolicy;
import org.gradcheck.Mode;
import org.gradcheck.Signature;
import org.gradcheck.Tolerance;
import org.gradcheck.generate.Generators;
import org.gradcheck.reference.KnownBugs;
import org.gradcheck.reference.ReferenceRules;
import org.gradcheck.registry.GradientRule;
import org.gradcheck.registry.VerificationConfig;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.w3c.dom.NodeList;

/**
 * HTML, JSON and JUnit XML of one run: a correct rule, known bugs run as rules, a throwing rule.
 */
class ReportFormatsTest {
  private static final long SEED = 11L;
  private static final Provenance PROVENANCE =
      new Provenance(
          "0.2-test", null, "17 (test)", "test os", Instant.parse("2026-01-01T00:00:00Z"));

  /**
   * softmax (passes), two known bugs that must pass (fail), a throwing rule, an unverifiable one.
   */
  static RunReport run() {
    GradientRule throwing =
        GradientRule.builder("test/throws")
            .signature(Signature.builder().input("x", 2).output("y", 2).build())
            .forward(
                x -> {
                  throw new StackOverflowError("forward recursed");
                })
            .vjp((x, g) -> g.clone())
            .inputs(Generators.uniform(2, -1, 1))
            .build();
    GradientRule noGenerator =
        GradientRule.builder("test/no-generator")
            .signature(Signature.builder().input("x", 2).output("y", 2).build())
            .forward(x -> x.clone())
            .jvp((x, u) -> u.clone())
            .build();
    List<PlannedRule> rules =
        List.of(
            PlannedRule.mustPass(
                ReferenceRules.all().stream()
                    .filter(r -> r.name().equals("softmax"))
                    .findFirst()
                    .orElseThrow(),
                "built-in"),
            PlannedRule.mustPass(KnownBugs.MSE_SIGN_FLIPPED.rule(), "test"),
            PlannedRule.mustPass(KnownBugs.SOFTMAX_DIAGONAL_ONLY.rule(), "test"),
            PlannedRule.mustPass(throwing, "test"),
            PlannedRule.mustPass(noGenerator, "test"));
    GradientChecker checker = GradientChecker.builder().seed(SEED).mode(Mode.FULL).build();
    VerificationConfig config =
        VerificationConfig.builder().seed(SEED).pointsPerRule(2).checker(checker).build();
    List<RuleOutcome> outcomes = IsolatedVerifier.verifyAll(rules, config, 2, o -> {});
    RunSettings settings =
        new RunSettings(
            SEED, 2, Mode.FULL, Tolerance.defaults(), KinkPolicy.SKIP, 2, "", List.of());
    return new RunReport(PROVENANCE, settings, outcomes, 1234);
  }

  @Test
  void knownBugsRunAsRulesFailWithTheirDiagnosisInAllThreeFormats() throws Exception {
    RunReport run = run();
    assertFalse(run.verified());
    List<String> verdicts = run.rules().stream().map(r -> r.verdict().name()).toList();
    assertEquals(
        List.of("PASSED", "FAILED", "FAILED", "ERRORED", "NOT_CHECKED"),
        verdicts,
        () -> "seed " + SEED);

    Document html = Jsoup.parse(HtmlReport.render(run));
    Element sign = html.selectFirst("section.rule[data-rule=bug/mse-sign-flipped]");
    assertEquals("FAILED", sign.attr("data-verdict"));
    assertFalse(sign.select("li[data-kind=SIGN_FLIPPED]").isEmpty(), sign::outerHtml);
    Element diag = html.selectFirst("section.rule[data-rule=bug/softmax-diagonal-only]");
    assertFalse(diag.select("li[data-kind=DIAGONAL_ONLY]").isEmpty(), diag::outerHtml);

    JsonNode json = new ObjectMapper().readTree(JsonReport.render(run));
    assertFalse(json.get("verified").asBoolean());
    assertTrue(kinds(json.get("rules").get(1)).contains("SIGN_FLIPPED"), json::toPrettyString);
    assertTrue(kinds(json.get("rules").get(2)).contains("DIAGONAL_ONLY"));

    var xml =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(
                new ByteArrayInputStream(
                    JunitXmlReport.render(run).getBytes(StandardCharsets.UTF_8)));
    NodeList failures = xml.getElementsByTagName("failure");
    List<String> messages = new ArrayList<>();
    for (int i = 0; i < failures.getLength(); i++) {
      messages.add(((org.w3c.dom.Element) failures.item(i)).getAttribute("message"));
    }
    assertTrue(
        messages.stream()
            .anyMatch(m -> m.startsWith("bug/mse-sign-flipped") && m.contains("sign flipped")),
        messages::toString);
    assertTrue(messages.stream().anyMatch(m -> m.contains("diagonal")), messages::toString);
    org.w3c.dom.Element root = xml.getDocumentElement();
    int testcases = xml.getElementsByTagName("testcase").getLength();
    assertEquals(String.valueOf(testcases), root.getAttribute("tests"));
    assertEquals(
        "2", root.getAttribute("errors"), "the throwing rule and the rule without generator");
  }

  private static Set<String> kinds(JsonNode rule) {
    Set<String> kinds = new java.util.TreeSet<>();
    rule.get("points")
        .forEach(p -> p.get("findings").forEach(f -> kinds.add(f.get("kind").asText())));
    return kinds;
  }

  @Test
  void theHtmlShowsEveryRuleItsVerdictAndItsPictures() {
    RunReport run = run();
    Document html = Jsoup.parse(HtmlReport.render(run));
    assertTrue(
        html.select("script, link[href], img[src^=http], [src^=http]").isEmpty(), "self-contained");
    assertEquals(run.rules().size(), html.select("svg.overview g.rule").size());
    for (RuleOutcome r : run.rules()) {
      Element section = html.selectFirst("section.rule[data-rule=" + r.name() + "]");
      assertTrue(section != null, r.name());
      assertEquals(r.verdict().name(), section.attr("data-verdict"));
    }
    Element softmax = html.selectFirst("section.rule[data-rule=softmax]");
    assertEquals(1, softmax.select("svg.heatmap").size(), "one Jacobian block y×a");
    assertEquals(
        25, softmax.select("svg.heatmap > rect[fill]").size() - 1, "5×5 cells and a frame");
    Element mse = html.selectFirst("section.rule[data-rule=bug/mse-sign-flipped]");
    assertEquals(2, mse.select("svg.heatmap").size(), "∂L/∂yhat and ∂L/∂t");
    assertTrue(mse.select("table.worst").size() >= 1);
    assertEquals(1, softmax.select("svg.stepcurve polyline.series").size() / 2, "two series");
    assertEquals(1, mse.select("svg.stepcurve").size());
    Element thrown = html.selectFirst("section.rule[data-rule=test/throws]");
    assertTrue(
        thrown.text().contains("java.lang.StackOverflowError: forward recursed"), thrown::text);
  }

  @Test
  void theStepCurveOfAWrongDerivativeLevelsOffWhileTheNumericOneFallsWithinTolerance() {
    RunReport run = run();
    StepCurve right = run.rules().get(0).stepCurve();
    StepCurve wrong = run.rules().get(1).stepCurve();
    double rightBest =
        right.errorVsAnalytic().stream().mapToDouble(Double::doubleValue).min().orElseThrow();
    assertTrue(rightBest <= right.allowed(), () -> "softmax " + right);
    double wrongBest =
        wrong.errorVsAnalytic().stream().mapToDouble(Double::doubleValue).min().orElseThrow();
    double numericBest =
        wrong.errorVsNumeric().stream().mapToDouble(Double::doubleValue).min().orElseThrow();
    assertTrue(wrongBest > 100 * wrong.allowed(), () -> "sign flip " + wrong);
    assertTrue(numericBest <= wrong.allowed(), () -> "sign flip " + wrong);
    assertEquals(25, wrong.steps().size(), "h = 1e-1 … 1e-13, two per decade");
  }

  @Test
  void theStepCurveMarksTheStepTheCheckerChoseForTheWorstEntry() {
    RunReport run = run();
    RuleOutcome softmax = run.rules().get(0);
    org.gradcheck.ComparedEntry worst =
        StepCurve.worstJacobianEntry(softmax.worstPoint().orElseThrow().report()).orElseThrow();
    double chosen = softmax.stepCurve().chosenStep();
    assertEquals(worst.step(), chosen, "the curve carries the worst entry's step");
    assertTrue(chosen > 1e-10 && chosen < 1e-1, () -> "a plausible engine step: " + chosen);
    Element curve =
        Jsoup.parse(HtmlReport.render(run))
            .selectFirst("section.rule[data-rule=softmax] svg.stepcurve");
    assertEquals(1, curve.select("line.chosen-step").size(), curve::outerHtml);
    assertEquals(
        ReportNumbers.format(chosen), curve.selectFirst("line.chosen-step").attr("data-step"));
    assertTrue(curve.text().contains("chosen h"), curve::text);

    StepCurve c = softmax.stepCurve();
    StepCurve unknown =
        new StepCurve(
            c.label(),
            c.steps(),
            c.errorVsAnalytic(),
            c.errorVsNumeric(),
            c.numericError(),
            c.allowed());
    assertTrue(Double.isNaN(unknown.chosenStep()));
    assertTrue(
        Jsoup.parse(unknown.toSvg("t")).select("line.chosen-step").isEmpty(),
        "no marker where the step is not known");
  }

  @Test
  void theJsonFollowsTheSchemaShippedInTheJar() throws Exception {
    String json = JsonReport.render(run());
    JsonSchema schema;
    try (InputStream in = JsonReport.class.getResourceAsStream(JsonReport.SCHEMA_RESOURCE)) {
      schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
    }
    JsonNode node = new ObjectMapper().readTree(json);
    Set<ValidationMessage> errors = schema.validate(node);
    assertTrue(errors.isEmpty(), () -> errors + "\n" + json);
    assertEquals(JsonReport.SCHEMA_VERSION, node.get("schemaVersion").asText());
    assertEquals(JsonReport.SCHEMA_ID, schema.getSchemaNode().get("$id").asText());
    assertTrue(node.get("configuration").get("tolerance").get("rtol").isNumber());
    ((com.fasterxml.jackson.databind.node.ObjectNode) node).put("verified", "yes");
    assertFalse(schema.validate(node).isEmpty(), "the schema rejects a wrong type");
  }

  @Test
  void nonFiniteNumbersAreTheDocumentedStrings() throws Exception {
    GradientRule infinite =
        GradientRule.builder("test/infinite-derivative")
            .signature(Signature.builder().input("x", 2).output("y", 2).build())
            .forward(x -> x.clone())
            .vjp((x, g) -> new double[] {Double.POSITIVE_INFINITY, g[1]})
            .inputs(Generators.uniform(2, -1, 1))
            .build();
    RuleOutcome outcome =
        IsolatedVerifier.verify(
            PlannedRule.mustPass(infinite, "test"),
            VerificationConfig.builder().seed(SEED).pointsPerRule(1).build());
    RunReport run = new RunReport(PROVENANCE, run().settings(), List.of(outcome), 1);
    JsonNode rule = new ObjectMapper().readTree(JsonReport.render(run)).get("rules").get(0);
    assertEquals("FAILED", rule.get("verdict").asText());
    JsonNode entry = rule.get("points").get(0).get("worstEntries").get(0);
    assertEquals("Infinity", entry.get("analytic").asText(), entry::toString);
    assertTrue(entry.get("numeric").isNumber());
  }
}
