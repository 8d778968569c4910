package org.gradcheck.junit;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.gradcheck.Finding;
import org.gradcheck.GradientChecker;
import org.gradcheck.generate.Generator;
import org.gradcheck.generate.Generators;
import org.gradcheck.property.From;
import org.gradcheck.property.GradientProperty;
import org.gradcheck.registry.GradientRule;
import org.gradcheck.report.TestRunJsonReport;
import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeMatcher;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * One report for a JUnit run: the listener the extension's jar registers writes index.html and
 * index.json for every run that made gradient checks, and nothing otherwise. Runs fixtures through
 * the real {@code Launcher}, so that the listener is found as a user's build finds it.
 */
class RunReportTest {

  @TestKit.Fixture
  static class CorrectSoftmax {
    @GradientCheck(trials = 2, mode = CheckMode.FULL)
    void jacobian(GradientChecker checker, @Shape(4) @Range(min = -3, max = 3) double[] z) {
      checker.checkJacobian(Softmax::forward, Softmax::jacobian, z);
    }
  }

  @TestKit.Fixture
  static class DiagonalOnlySoftmax {
    @GradientCheck(mode = CheckMode.FULL)
    void jacobian(GradientChecker checker, @Shape(4) @Range(min = -3, max = 3) double[] z) {
      checker.checkJacobian(Softmax::forward, Softmax::diagonalOnlyJacobian, z);
    }
  }

  @TestKit.Fixture
  static class DiagonalOnlySoftmaxExpected {
    @GradientCheck(mode = CheckMode.FULL)
    void jacobian(GradientChecker checker, @Shape(4) @Range(min = -3, max = 3) double[] z) {
      checker
          .expectFailure(Finding.Kind.DIAGONAL_ONLY)
          .checkJacobian(Softmax::forward, Softmax::diagonalOnlyJacobian, z);
    }
  }

  @TestKit.Fixture
  static class CorrectSoftmaxExpectedToFail {
    @GradientCheck(mode = CheckMode.FULL)
    void jacobian(GradientChecker checker, @Shape(4) @Range(min = -3, max = 3) double[] z) {
      checker
          .expectFailure(Finding.Kind.DIAGONAL_ONLY)
          .checkJacobian(Softmax::forward, Softmax::jacobian, z);
    }
  }

  @TestKit.Fixture
  static class DiagonalOnlyRule {
    @VerifyRegistry(providers = RuleFixtures.DiagonalOnly.class)
    @GradientCheck(mode = CheckMode.FULL)
    void rules(GradientRule rule) {}
  }

  @TestKit.Fixture
  static class SoftmaxProperty {
    Generator<double[]> logits() {
      return Generators.sizes(2, 4).flatMap(n -> Generators.logits(n, 3));
    }

    @GradientProperty(tries = 3, seed = "42")
    void softmax(GradientChecker checker, @From("logits") double[] z) {
      checker.checkJacobian(Softmax::forward, Softmax::jacobian, z);
    }
  }

  @TestKit.Fixture
  static class NoGradientChecks {
    @Test
    void plain() {
      assertThat(1 + 1, equalTo(2));
    }
  }

  @Test
  void aRunWritesOnePageNamingEveryTestAndCheckWithItsVerdictAndPictures(@TempDir Path temp)
      throws IOException {
    Path dir = temp.resolve("report");
    TestExecutionSummary summary =
        launch(
            dir,
            Map.of(),
            CorrectSoftmax.class,
            DiagonalOnlySoftmax.class,
            DiagonalOnlyRule.class,
            SoftmaxProperty.class);
    assertThat(summary.getTestsSucceededCount(), equalTo(2L + 1 + 3));
    assertThat(summary.getTestsFailedCount(), equalTo(2L));
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(
          "the two reports and no temporary file",
          files.map(p -> p.getFileName().toString()).toList(),
          containsInAnyOrder("index.html", "index.json"));
    }

    Document html = Jsoup.parse(Files.readString(dir.resolve("index.html")));
    long failedChecks = html.select("div.check[data-verdict=FAILED]").size();
    assertThat(
        html.getElementById("verdict").text(),
        startsWith(
            "NOT VERIFIED: "
                + failedChecks
                + " of "
                + html.select("div.check").size()
                + " gradient checks failed, in 8 tests"));
    assertThat(
        html.select("section.test-class").eachAttr("data-name"),
        contains(
            "RunReportTest$CorrectSoftmax",
            "RunReportTest$DiagonalOnlySoftmax",
            "RunReportTest$DiagonalOnlyRule",
            "RunReportTest$SoftmaxProperty"));

    Element correct = testClass(html, "RunReportTest$CorrectSoftmax");
    assertThat(
        correct.select("section.test-method").eachAttr("data-name"),
        contains("jacobian(GradientChecker, double[])"));
    List<Element> trials = correct.select("article.test");
    assertThat(
        trials.stream().map(t -> t.attr("data-name")).toList(),
        contains(equalTo("trial 1/2 (seed 0x5DEECE66D)"), startsWith("trial 2/2 (seed ")));
    assertThat(correct.select("div.check").eachAttr("data-verdict"), contains("PASSED", "PASSED"));
    assertThat(correct.select("div.check").eachAttr("data-kind"), everyItem(is("JACOBIAN")));
    assertThat(correct.select("div.check").eachAttr("data-mode"), everyItem(is("FULL")));
    assertThat("no pictures for passing checks", correct.select("svg.heatmap"), empty());
    assertThat(correct.select("article.test").eachAttr("data-result"), everyItem(is("SUCCESSFUL")));

    Element wrong = testClass(html, "RunReportTest$DiagonalOnlySoftmax");
    Element failing = wrong.selectFirst("div.check");
    assertThat(failing.attr("data-verdict"), equalTo("FAILED"));
    assertThat(wrong.selectFirst("article.test").attr("data-result"), equalTo("FAILED"));
    assertThat("the heat map of a failing check", failing.select("svg.heatmap"), hasSize(1));
    assertThat(failing.select("table.worst"), hasSize(1));
    assertThat(failing.text(), containsString("max error"));
    assertThat(failing.text(), containsString("function"));
    assertThat(
        "the function of a plain check is unknown to the report: no step curve",
        failing.select("svg.stepcurve"),
        empty());

    Element rule = testClass(html, "RunReportTest$DiagonalOnlyRule");
    assertThat(
        rule.select("article.test").eachAttr("data-name"),
        contains(
            startsWith("sigmoid: trial 1/1"),
            startsWith("wrong/softmax-diagonal-only: trial 1/1")));
    List<Element> ruleChecks = rule.select("div.check");
    assertThat(
        ruleChecks.stream().filter(c -> c.attr("data-label").startsWith("sigmoid")).toList(),
        everyItem(hasAttribute("data-verdict", "PASSED")));
    Element buggyJacobian =
        ruleChecks.stream()
            .filter(c -> c.attr("data-label").startsWith("wrong/softmax-diagonal-only JACOBIAN"))
            .findFirst()
            .orElseThrow();
    assertThat(buggyJacobian.attr("data-verdict"), equalTo("FAILED"));
    assertThat(buggyJacobian.select("svg.heatmap"), hasSize(1));
    assertThat(
        "a rule's function is known: its step curve is drawn",
        buggyJacobian.select("svg.stepcurve"),
        hasSize(1));
    assertThat(
        "the step the checker chose is marked",
        buggyJacobian.select("svg.stepcurve line.chosen-step"),
        hasSize(1));

    Element property = testClass(html, "RunReportTest$SoftmaxProperty");
    assertThat(property.select("article.test"), hasSize(3));
    assertThat(property.select("div.check").eachAttr("data-verdict"), everyItem(is("PASSED")));

    assertThat(
        "one overview bar per check",
        html.select("svg.overview g.rule"),
        hasSize(html.select("div.check").size()));

    JsonNode json = validJson(dir.resolve("index.json"));
    assertThat(json.get("verified").asBoolean(), is(false));
    assertThat(json.get("tests").size(), equalTo(html.select("article.test").size()));
    assertThat(json.get("checkCount").asInt(), equalTo(html.select("div.check").size()));
    assertThat(json.get("failedCheckCount").asLong(), equalTo(failedChecks));
    JsonNode first = json.get("tests").get(0);
    assertThat(first.get("path").get(0).asText(), equalTo("RunReportTest$CorrectSoftmax"));
    assertThat(first.get("checks").get(0).get("verdict").asText(), equalTo("PASSED"));
    assertThat(first.get("checks").get(0).get("maxAbsError").isNumber(), is(true));
  }

  @Test
  void aFailureTheTestExpectedIsShownAsExpectedAndKeepsTheRunVerified(@TempDir Path temp)
      throws IOException {
    Path dir = temp.resolve("report");
    TestExecutionSummary summary =
        launch(dir, Map.of(), CorrectSoftmax.class, DiagonalOnlySoftmaxExpected.class);
    assertThat(summary.getTestsFailedCount(), equalTo(0L));
    Document html = Jsoup.parse(Files.readString(dir.resolve("index.html")));
    Element expected = testClass(html, "RunReportTest$DiagonalOnlySoftmaxExpected");
    Element check = expected.selectFirst("div.check");
    assertThat(check.attr("data-verdict"), equalTo("FAILED"));
    assertThat(check.attr("data-expectation"), equalTo("MUST_FAIL"));
    assertThat(check.selectFirst("span.badge").text(), equalTo("FAILED (expected to fail)"));
    assertThat(expected.selectFirst("article.test").attr("data-verdict"), equalTo("PASSED"));
    JsonNode json = validJson(dir.resolve("index.json"));
    assertThat(json.get("verified").asBoolean(), is(true));
    assertThat(json.get("failedCheckCount").asLong(), equalTo(0L));
    JsonNode last = json.get("tests").get(json.get("tests").size() - 1).get("checks").get(0);
    assertThat(last.get("expectation").asText(), equalTo("MUST_FAIL"));
    assertThat(last.get("asExpected").asBoolean(), is(true));
    assertThat(
        Jsoup.parse(Files.readString(dir.resolve("index.html"))).getElementById("verdict").text(),
        startsWith("VERIFIED: 3 of 3 gradient checks went as expected (1 failed as expected)"));
  }

  @Test
  void aCheckExpectedToFailThatPassesIsShownNotAsExpectedAndTheRunIsNotVerified(@TempDir Path temp)
      throws IOException {
    Path dir = temp.resolve("report");
    TestExecutionSummary summary =
        launch(dir, Map.of(), CorrectSoftmax.class, CorrectSoftmaxExpectedToFail.class);
    assertThat(summary.getTestsFailedCount(), equalTo(1L));
    Document html = Jsoup.parse(Files.readString(dir.resolve("index.html")));
    Element unmet = testClass(html, "RunReportTest$CorrectSoftmaxExpectedToFail");
    Element check = unmet.selectFirst("div.check");
    assertThat(check.attr("data-verdict"), equalTo("PASSED"));
    assertThat(check.attr("data-expectation"), equalTo("MUST_FAIL"));
    assertThat(check.selectFirst("span.badge").text(), equalTo("PASSED (expected to fail)"));
    assertThat(unmet.selectFirst("article.test").attr("data-verdict"), equalTo("FAILED"));
    JsonNode json = validJson(dir.resolve("index.json"));
    assertThat(json.get("verified").asBoolean(), is(false));
    assertThat(json.get("failedCheckCount").asLong(), equalTo(1L));
    JsonNode last = json.get("tests").get(json.get("tests").size() - 1).get("checks").get(0);
    assertThat(last.get("asExpected").asBoolean(), is(false));
    assertThat(
        html.getElementById("verdict").text(),
        startsWith("NOT VERIFIED: 1 of 3 gradient checks did not go as expected"));
  }

  @Test
  void theReportTurnedOffWritesNothing(@TempDir Path temp) {
    Path dir = temp.resolve("report");
    TestExecutionSummary summary =
        launch(dir, Map.of("gradcheck.report.enabled", "false"), DiagonalOnlySoftmax.class);
    assertThat("the check did run", summary.getTestsFailedCount(), equalTo(1L));
    assertThat(Files.exists(dir), is(false));
  }

  @Test
  void aRunWithoutGradientChecksWritesNothing(@TempDir Path temp) {
    Path dir = temp.resolve("report");
    TestExecutionSummary summary = launch(dir, Map.of(), NoGradientChecks.class);
    assertThat(summary.getTestsSucceededCount(), equalTo(1L));
    assertThat(Files.exists(dir), is(false));
  }

  @Test
  void aLaterRunReplacesTheReport(@TempDir Path temp) throws IOException {
    Path dir = temp.resolve("report");
    launch(dir, Map.of(), DiagonalOnlySoftmax.class);
    assertThat(validJson(dir.resolve("index.json")).get("verified").asBoolean(), is(false));
    launch(dir, Map.of(), CorrectSoftmax.class);
    JsonNode json = validJson(dir.resolve("index.json"));
    assertThat(json.get("verified").asBoolean(), is(true));
    assertThat(json.get("tests").size(), equalTo(2));
    assertThat(
        Jsoup.parse(Files.readString(dir.resolve("index.html"))).getElementById("verdict").text(),
        startsWith("VERIFIED: 2 of 2 gradient checks passed"));
  }

  private static Element testClass(Document html, String name) {
    Element section = html.selectFirst("section.test-class[data-name=\"" + name + "\"]");
    if (section == null) {
      throw new AssertionError("no section for test class " + name + " in\n" + html);
    }
    return section;
  }

  private static Matcher<Element> hasAttribute(String name, String value) {
    return new TypeSafeMatcher<>() {
      @Override
      protected boolean matchesSafely(Element e) {
        return value.equals(e.attr(name));
      }

      @Override
      public void describeTo(Description d) {
        d.appendText("an element with " + name + "=\"" + value + "\"");
      }
    };
  }

  private static JsonNode validJson(Path file) throws IOException {
    String text = Files.readString(file);
    JsonSchema schema;
    try (InputStream in =
        TestRunJsonReport.class.getResourceAsStream(TestRunJsonReport.SCHEMA_RESOURCE)) {
      schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
    }
    JsonNode node = new ObjectMapper().readTree(text);
    Set<ValidationMessage> errors = schema.validate(node);
    assertThat(errors + "\n" + text, errors, empty());
    assertThat(node.get("schemaVersion").asText(), equalTo(TestRunJsonReport.SCHEMA_VERSION));
    assertThat(node.get("$schema").asText(), equalTo(TestRunJsonReport.SCHEMA_ID));
    return node;
  }

  /**
   * Runs {@code fixtures} through a launcher (its listeners found by the service loader, as in a
   * build) with the report directory {@code dir} and a fresh failure database.
   */
  private static TestExecutionSummary launch(
      Path dir, Map<String, String> more, Class<?>... fixtures) {
    Map<String, String> parameters = new HashMap<>(more);
    parameters.put("gradcheck.fixtures", "true");
    parameters.put("gradcheck.report.dir", dir.toString());
    parameters.put(
        "gradcheck.failureDatabase", dir.resolveSibling("failures-" + dir.hashCode()).toString());
    List<org.junit.platform.engine.DiscoverySelector> selectors = new ArrayList<>();
    for (Class<?> fixture : fixtures) {
      selectors.add(selectClass(fixture));
    }
    SummaryGeneratingListener listener = new SummaryGeneratingListener();
    LauncherFactory.create()
        .execute(
            LauncherDiscoveryRequestBuilder.request()
                .selectors(selectors)
                .enableImplicitConfigurationParameters(false)
                .configurationParameters(parameters)
                .build(),
            listener);
    return listener.getSummary();
  }
}
