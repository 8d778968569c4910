package org.gradcheck.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.gradcheck.Signature;
import org.gradcheck.generate.Choices;
import org.gradcheck.generate.Generator;
import org.gradcheck.generate.Generators;
import org.gradcheck.registry.GradientRule;
import org.gradcheck.registry.VerificationConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every rule runs isolated: what one throws is its own ERRORED outcome; the others still run. */
class IsolatedVerifierTest {
  private static final Signature SIG = Signature.builder().input("x", 2).output("y", 2).build();
  private static final VerificationConfig CONFIG =
      VerificationConfig.builder().seed(5).pointsPerRule(2).build();

  private static GradientRule rule(String name, org.gradcheck.VectorFunction forward) {
    return GradientRule.builder(name)
        .signature(SIG)
        .forward(forward)
        .vjp((x, g) -> new double[] {2 * x[0] * g[0], 2 * x[1] * g[1]})
        .inputs(Generators.uniform(2, -1, 1))
        .build();
  }

  private static double[] recurse(double[] x) {
    return recurse(new double[] {x[0], x[1]});
  }

  /** The outcomes of {@code rule} and then {@link #SQUARE}, verified one at a time. */
  private static List<RuleOutcome> withSquare(GradientRule rule, VerificationConfig config) {
    return IsolatedVerifier.verifyAll(
        List.of(PlannedRule.mustPass(rule, "test"), PlannedRule.mustPass(SQUARE, "test")),
        config,
        1,
        o -> {});
  }

  /** A run report of {@code outcomes}, verified at {@code points} points per rule. */
  private static RunReport runReport(List<RuleOutcome> outcomes, int points) {
    return new RunReport(
        new Provenance("t", null, "jvm", "os", java.time.Instant.EPOCH),
        new RunSettings(
            5,
            points,
            org.gradcheck.Mode.AUTO,
            org.gradcheck.Tolerance.defaults(),
            org.gradcheck.KinkPolicy.SKIP,
            1,
            "",
            List.of()),
        outcomes,
        1);
  }

  private static final GradientRule SQUARE =
      rule("square", x -> new double[] {x[0] * x[0], x[1] * x[1]});

  @ParameterizedTest(name = "{0} thread(s)")
  @ValueSource(ints = {1, 3})
  void aRealStackOverflowAndAnAssertionErrorAreErroredAndTheOtherRulesStillRun(int threads) {
    List<PlannedRule> rules =
        List.of(
            PlannedRule.mustPass(rule("recursion", IsolatedVerifierTest::recurse), "test"),
            PlannedRule.mustPass(
                rule(
                    "assertion",
                    x -> {
                      throw new AssertionError("y has the wrong shape");
                    }),
                "test"),
            PlannedRule.mustPass(SQUARE, "test"));
    List<RuleOutcome> outcomes = IsolatedVerifier.verifyAll(rules, CONFIG, threads, o -> {});
    assertEquals(
        List.of(Verdict.ERRORED, Verdict.ERRORED, Verdict.PASSED),
        outcomes.stream().map(RuleOutcome::verdict).toList());
    assertEquals("java.lang.StackOverflowError", outcomes.get(0).error().type());
    assertEquals(
        "java.lang.AssertionError: y has the wrong shape", outcomes.get(1).error().toString());
    assertTrue(
        outcomes
            .get(0)
            .summary()
            .startsWith("recursion: ERRORED — the rule threw java.lang.StackOverflowError"));
    assertEquals(2, outcomes.get(2).checkedPoints());
  }

  @Test
  void aRuntimeExceptionAtSomePointsErrorsTheRuleWithItsClassAndMessageAndTheRunGoesOn() {
    // throws where x[0] > 0: some points error, the others are checked (and pass)
    GradientRule halfThrowing =
        rule(
            "half-throwing",
            x -> {
              if (x[0] > 0) {
                throw new IllegalStateException("negative inputs only, got " + x[0]);
              }
              return new double[] {x[0] * x[0], x[1] * x[1]};
            });
    VerificationConfig eight = VerificationConfig.builder().seed(5).pointsPerRule(8).build();
    List<RuleOutcome> outcomes = withSquare(halfThrowing, eight);
    RuleOutcome thrown = outcomes.get(0);
    assertEquals(Verdict.ERRORED, thrown.verdict(), thrown::summary);
    List<Verdict> points = thrown.points().stream().map(PointOutcome::verdict).toList();
    assertEquals(8, points.size(), "every point is reported: the run went on after a throw");
    assertTrue(
        points.contains(Verdict.ERRORED) && points.contains(Verdict.PASSED), points::toString);
    assertTrue(!points.contains(Verdict.NOT_CHECKED), points::toString);
    PointOutcome first =
        thrown.points().stream()
            .filter(p -> p.verdict() == Verdict.ERRORED)
            .findFirst()
            .orElseThrow();
    assertTrue(
        first.problem().contains("java.lang.IllegalStateException: negative inputs only, got 0."),
        first::problem);
    String error = thrown.error().toString() + "\n" + thrown.error().stackTrace();
    assertTrue(error.contains("IllegalStateException"), error);
    assertTrue(error.contains("negative inputs only"), error);
    assertTrue(thrown.summary().contains("check(s) errored"), thrown::summary);

    RuleOutcome sound = outcomes.get(1);
    assertEquals(Verdict.PASSED, sound.verdict());
    assertTrue(sound.verified());
    assertEquals(8, sound.checkedPoints());

    RunReport run = runReport(outcomes, 8);
    String xml = JunitXmlReport.render(run);
    assertTrue(
        xml.contains("<testsuite name=\"half-throwing\" tests=\"1\" failures=\"0\" errors=\"1\""),
        xml);
    assertTrue(
        xml.contains("<testsuite name=\"square\" tests=\"8\" failures=\"0\" errors=\"0\""), xml);
  }

  @Test
  void aThrowingGeneratorErrorsTheRuleWithItsExceptionInEveryFormatAndTheOtherRulesStillRun()
      throws Exception {
    java.util.concurrent.atomic.AtomicBoolean broke =
        new java.util.concurrent.atomic.AtomicBoolean();
    Generator<double[]> broken =
        new Generator<>() {
          @Override
          public double[] draw(Choices choices) {
            if (broke.get()) {
              throw new IllegalStateException("no points today", new ArithmeticException("root"));
            }
            return new double[] {0.5, 0.5}; // for the builder's length check
          }

          @Override
          public String kind() {
            return "broken";
          }
        };
    GradientRule brokenInputs =
        GradientRule.builder("broken-inputs")
            .signature(SIG)
            .forward(x -> new double[] {x[0] * x[0], x[1] * x[1]})
            .vjp((x, g) -> new double[] {2 * x[0] * g[0], 2 * x[1] * g[1]})
            .inputs(broken)
            .build();
    broke.set(true);
    List<RuleOutcome> outcomes = withSquare(brokenInputs, CONFIG);
    RuleOutcome thrown = outcomes.get(0);
    assertEquals(Verdict.ERRORED, thrown.verdict(), thrown::summary);
    assertEquals("java.lang.IllegalStateException: no points today", thrown.error().toString());
    assertEquals(
        List.of(Verdict.ERRORED, Verdict.ERRORED),
        thrown.points().stream().map(PointOutcome::verdict).toList());
    assertEquals(
        "generator threw java.lang.IllegalStateException: no points today"
            + " (caused by java.lang.ArithmeticException: root)",
        thrown.points().get(0).problem());
    assertTrue(thrown.summary().contains("2 check(s) errored"), thrown::summary);
    assertEquals(Verdict.PASSED, outcomes.get(1).verdict(), "the working rule is unchanged");
    assertEquals(2, outcomes.get(1).checkedPoints());

    RunReport run = runReport(outcomes, 2);
    String xml = JunitXmlReport.render(run);
    assertTrue(
        xml.contains("<testsuite name=\"broken-inputs\" tests=\"1\" failures=\"0\" errors=\"1\""),
        xml);
    assertTrue(xml.contains("no points today"), xml);
    com.fasterxml.jackson.databind.JsonNode json =
        new com.fasterxml.jackson.databind.ObjectMapper().readTree(JsonReport.render(run));
    com.fasterxml.jackson.databind.JsonNode rule = json.get("rules").get(0);
    assertEquals("ERRORED", rule.get("verdict").asText());
    assertEquals("java.lang.IllegalStateException", rule.get("error").get("type").asText());
    assertEquals("ERRORED", rule.get("points").get(0).get("verdict").asText());
    String html = HtmlReport.render(run);
    assertTrue(
        org.jsoup.Jsoup.parse(html)
            .selectFirst("section.rule[data-rule=broken-inputs]")
            .attr("data-verdict")
            .equals("ERRORED"),
        html);
    assertTrue(html.contains("no points today"), html);
  }

  @Test
  void runningOutOfMemoryStopsTheRun() {
    PlannedRule hungry =
        PlannedRule.mustPass(
            rule(
                "hungry",
                x -> {
                  throw new OutOfMemoryError("simulated");
                }),
            "test");
    assertThrows(
        OutOfMemoryError.class,
        () ->
            IsolatedVerifier.verifyAll(
                List.of(hungry, PlannedRule.mustPass(SQUARE, "test")), CONFIG, 1, o -> {}));
    assertThrows(
        OutOfMemoryError.class,
        () ->
            IsolatedVerifier.verifyAll(
                List.of(hungry, PlannedRule.mustPass(SQUARE, "test")), CONFIG, 2, o -> {}));
  }
}
