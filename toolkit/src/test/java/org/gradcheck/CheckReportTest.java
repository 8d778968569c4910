package org.gradcheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.gradcheck.TestFunctions.Mistake;
import org.junit.jupiter.api.Test;

/** What a report says: table, JSON, findings, bounded samples, named inputs, modes and why. */
class CheckReportTest {
  /** A layer y = W x + b with a constant mask multiplying the output: 2 outputs, x: 3, W: 2×3. */
  private static final Signature LAYER =
      Signature.builder()
          .input("x", 3)
          .input("W", 2, 3)
          .input("b", 2)
          .constant("mask", 2)
          .output("y", 2)
          .build();

  private static double[] layer(double[] t) {
    double[] y = new double[2];
    for (int i = 0; i < 2; i++) {
      double s = t[9 + i];
      for (int k = 0; k < 3; k++) {
        s += t[3 + 3 * i + k] * t[k];
      }
      y[i] = t[11 + i] * Math.tanh(s);
    }
    return y;
  }

  /** The backward pass; {@code wrongW} flips the sign of ∂y[1]/∂W[1,2]. */
  private static double[] layerVjp(double[] t, double[] g, boolean wrongW) {
    double[] out = new double[t.length];
    for (int i = 0; i < 2; i++) {
      double s = t[9 + i];
      for (int k = 0; k < 3; k++) {
        s += t[3 + 3 * i + k] * t[k];
      }
      double th = Math.tanh(s);
      double ds = g[i] * t[11 + i] * (1 - th * th);
      out[9 + i] = ds;
      for (int k = 0; k < 3; k++) {
        out[3 + 3 * i + k] = ds * t[k] * (wrongW && i == 1 && k == 2 ? -1 : 1);
        out[k] += ds * t[3 + 3 * i + k];
      }
    }
    out[11] = 12345; // constants are never compared
    return out;
  }

  private static final double[] POINT = {
    0.5, -0.3, 0.8, 0.1, 0.2, -0.4, 0.7, -0.6, 0.3, 0.05, -0.1, 1.0, 0.5
  };

  @Test
  void entriesSkippedAtKinksAreNotCountedAsFailedButAWrongDerivativeIsCounted() {
    double[] x = {0.0, 1.5, 0.0, -2.0, 0.0};
    ScalarFunction relu =
        v -> {
          double sum = 0;
          for (double vi : v) {
            sum += Math.max(vi, 0);
          }
          return sum;
        };
    GradientChecker checker = GradientChecker.builder().mode(Mode.FULL).build();
    CheckReport correct =
        checker.checkGradient(
            relu,
            v -> {
              double[] g = new double[v.length];
              for (int i = 0; i < v.length; i++) {
                g[i] = v[i] > 0 ? 1 : 0;
              }
              return g;
            },
            x);
    assertTrue(correct.passed(), correct::toString);
    assertTrue(correct.hasFinding(Finding.Kind.KINK), correct::toString);
    assertEquals(0, correct.failedCount(), correct::toString);
    assertTrue(correct.toString().contains("5 compared, 0 failed"), correct::toString);

    CheckReport wrong =
        checker.checkGradient(
            relu,
            v -> {
              double[] g = new double[v.length];
              for (int i = 0; i < v.length; i++) {
                g[i] = v[i] > 0 ? 2 : 0; // the slope doubled away from the kinks
              }
              return g;
            },
            x);
    assertFalse(wrong.passed(), wrong::toString);
    assertEquals(1, wrong.failedCount(), wrong::toString);
  }

  @Test
  void namedInputsAppearInTheReportAndConstantsAreNotDifferentiated() {
    CheckReport report =
        GradientChecker.defaults()
            .checkVjp(CheckReportTest::layer, (t, g) -> layerVjp(t, g, true), POINT, LAYER);
    assertFalse(report.passed(), report::toString);
    assertEquals(Mode.FULL, report.mode());
    assertEquals("∂y[1]/∂W[1,2]", report.worstEntries().get(0).label(), report::toString);
    assertEquals(1, report.failedCount(), report::toString);
    assertTrue(report.toString().contains("∂y[1]/∂W[1,2]"));
    assertTrue(
        report.comparedEntries().stream().allMatch(e -> e.inputIndex() < 11), report::toString);
    assertEquals(2L * 11, report.comparedCount());
    assertTrue(
        String.join(" ", report.notes()).contains("[mask] were not differentiated"),
        report::toString);
    assertSame(LAYER, report.signature());
    CheckReport good =
        GradientChecker.defaults()
            .checkVjp(CheckReportTest::layer, (t, g) -> layerVjp(t, g, false), POINT, LAYER);
    assertTrue(good.passed(), good::toString);
  }

  @Test
  void tableShowsVerdictRuleTotalsSeedAndFindings() {
    CheckReport report = MistakeMatrixTest.check(CheckKind.JACOBIAN, Mode.FULL, Mistake.SIGN_FLIP);
    String table = report.toString();
    assertTrue(
        table.startsWith("gradient check FAILED: JACOBIAN, mode FULL (requested), seed 7"), table);
    assertTrue(
        table.contains("analytic") && table.contains("numeric") && table.contains("allowed"),
        table);
    assertTrue(table.contains("16 compared, 16 failed"), table);
    assertTrue(table.contains("rtol refers to the numeric side"), table);
    assertTrue(table.contains("atol + rtol·|numeric| + k·numericError"), table);
    CheckReport annotated =
        report.withFindings(
            List.of(
                new Finding(
                    Finding.Kind.SIGN_FLIPPED, "analytic = −1 × numeric on all 16 entries")));
    assertTrue(report.hasFinding(Finding.Kind.SIGN_FLIPPED), report::toString);
    assertTrue(
        report.findings().stream()
            .map(Finding::toString)
            .toList()
            .contains("diagnosis: sign flipped: analytic = −1.00 × numeric on all 16" + " entries"),
        report::toString);
    assertEquals(
        "diagnosis: sign flipped: analytic = −1 × numeric on all 16 entries",
        annotated.findings().get(annotated.findings().size() - 1).toString());
    assertTrue(
        annotated
            .toString()
            .contains(
                "finding: diagnosis: sign flipped: analytic = −1 × numeric on all 16 entries"));
    assertEquals(report.worstEntries(), annotated.worstEntries());
    GradientCheckFailure failure =
        assertThrows(GradientCheckFailure.class, annotated::assertPassed);
    assertSame(annotated, failure.report());
    assertTrue(
        failure.getMessage().contains("finding: diagnosis: sign flipped: analytic = −1"),
        failure.getMessage());
    assertTrue(
        report.comparedEntries().stream()
            .allMatch(
                e ->
                    e.analytic() == -e.numeric()
                        || Math.abs(e.analytic() + e.numeric()) <= e.allowed()));
  }

  @Test
  void jsonCarriesEverything() throws Exception {
    CheckReport report =
        MistakeMatrixTest.check(CheckKind.VJP, Mode.FAST, Mistake.ONE_WRONG_ENTRY)
            .withFindings(List.of(new Finding(Finding.Kind.CONFINED_TO_INDEX, "one entry")));
    JsonNode json = new ObjectMapper().readTree(report.toJson());
    assertFalse(json.get("passed").asBoolean());
    assertEquals("VJP", json.get("kind").asText());
    assertEquals("FAST", json.get("mode").asText());
    assertEquals(7, json.get("seed").asLong());
    assertEquals(4, json.get("probes").asInt());
    assertEquals(report.worstEntries().size(), json.get("worstEntries").size());
    assertEquals(report.comparedEntries().size(), json.get("comparedEntries").size());
    assertEquals("∂y[1]/∂w[2]", json.get("worstEntries").get(0).get("label").asText());
    assertEquals(1e-8, json.get("tolerance").get("rtol").asDouble());
    assertEquals("NUMERIC", json.get("tolerance").get("relativeTo").asText());
    assertEquals("w", json.get("signature").get("inputs").get(0).get("name").asText());
    JsonNode last = json.get("findings").get(json.get("findings").size() - 1);
    assertEquals("CONFINED_TO_INDEX", last.get("kind").asText());
    assertEquals("diagnosis: one wrong entry: one entry", last.get("text").asText());
    assertTrue(json.get("notes").get(0).asText().startsWith("FAST: 4 random probes"));
  }

  @Test
  void comparedEntriesAreABoundedSampleAndWorstEntriesAreFew() {
    double[] x = new double[30];
    for (int j = 0; j < x.length; j++) {
      x[j] = 0.1 * j - 1;
    }
    GradientChecker checker =
        GradientChecker.builder().mode(Mode.FULL).sampleLimit(50).worstEntries(3).build();
    CheckReport report =
        checker.checkJacobian(
            TestFunctions::softmax, z -> TestFunctions.softmaxJacobian(z, false), x);
    assertTrue(report.passed(), report::toString);
    assertEquals(900, report.comparedCount());
    assertEquals(50, report.comparedEntries().size());
    assertEquals(3, report.worstEntries().size());
    assertTrue(
        report.worstEntries().get(0).excess() >= report.worstEntries().get(2).excess(),
        report::toString);
  }

  @Test
  void sampledModeIsReproducibleFromTheSeed() {
    double[] x = new double[40];
    for (int j = 0; j < x.length; j++) {
      x[j] = Math.sin(j);
    }
    GradientChecker sampled =
        GradientChecker.builder().mode(Mode.SAMPLED).sampleSize(5).seed(3).build();
    CheckReport a =
        sampled.checkJacobian(
            TestFunctions::softmax, z -> TestFunctions.softmaxJacobian(z, false), x);
    CheckReport b =
        sampled.checkJacobian(
            TestFunctions::softmax, z -> TestFunctions.softmaxJacobian(z, false), x);
    CheckReport c =
        sampled.toBuilder()
            .seed(4)
            .build()
            .checkJacobian(TestFunctions::softmax, z -> TestFunctions.softmaxJacobian(z, false), x);
    assertTrue(a.passed() && b.passed() && c.passed(), a::toString);
    assertEquals(Mode.SAMPLED, a.mode());
    assertEquals(columns(a), columns(b));
    assertNotEquals(columns(a), columns(c));
    assertEquals(5, columns(a).size());
    assertEquals(5L * 40, a.comparedCount());
    assertTrue(a.hasFinding(Finding.Kind.COVERAGE), a::toString);
    assertTrue(
        a.findings().stream()
            .anyMatch(
                f ->
                    f.kind() == Finding.Kind.COVERAGE
                        && f.text().contains("5 of 40 differentiable input coordinates")
                        && f.text().contains("seed 3")),
        a::toString);
    CheckReport wrong =
        sampled.checkJacobian(
            TestFunctions::softmax, z -> TestFunctions.softmaxJacobian(z, true), x);
    assertFalse(wrong.passed(), wrong::toString);
  }

  private static List<Integer> columns(CheckReport r) {
    return r.comparedEntries().stream().map(ComparedEntry::inputIndex).distinct().sorted().toList();
  }

  @Test
  void autoSaysWhichModeRanAndWhy() {
    CheckReport report = MistakeMatrixTest.check(CheckKind.JVP, Mode.AUTO, null);
    assertEquals(Mode.FULL, report.mode());
    assertEquals(
        "AUTO: 4 differentiable inputs ≤ 1024 (autoFullColumns) → FULL, every entry",
        report.modeReason());
    assertTrue(Double.isNaN(report.slipProbability()));
    assertEquals(0, report.probes());
  }

  @Test
  void parallelEvaluationGivesTheSameReport() {
    double[] x = new double[24];
    for (int j = 0; j < x.length; j++) {
      x[j] = Math.cos(3 * j);
    }
    GradientChecker one = GradientChecker.builder().mode(Mode.FULL).build();
    GradientChecker two = one.toBuilder().threads(2).build();
    assertEquals(2, two.threads());
    CheckReport a =
        one.checkJacobian(TestFunctions::softmax, z -> TestFunctions.softmaxJacobian(z, true), x);
    CheckReport b =
        two.checkJacobian(TestFunctions::softmax, z -> TestFunctions.softmaxJacobian(z, true), x);
    assertFalse(a.passed());
    assertEquals(a.worstEntries(), b.worstEntries());
    assertEquals(a.comparedEntries(), b.comparedEntries());
    assertEquals(a.functionEvaluations(), b.functionEvaluations());
  }

  @Test
  void defaultsCatchTheMissingRegulariserThatPyTorchTolerancesLetThrough() {
    double[] x = TestFunctions.point();
    var missingTerm = TestFunctions.broken(TestFunctions::squareJacobian, Mistake.MISSING_TERM);
    GradientChecker pytorchLike =
        GradientChecker.builder().mode(Mode.FULL).tolerance(Tolerance.pytorch()).build();
    CheckReport lenient =
        pytorchLike.checkJacobian(
            TestFunctions::square, missingTerm::apply, x, TestFunctions.SQUARE);
    assertTrue(lenient.passed(), lenient::toString);
    CheckReport strict =
        GradientChecker.builder()
            .mode(Mode.FULL)
            .build()
            .checkJacobian(TestFunctions::square, missingTerm::apply, x, TestFunctions.SQUARE);
    assertFalse(strict.passed(), strict::toString);
    assertEquals(4, strict.failedCount(), strict::toString);
    assertTrue(
        strict.worstEntries().stream().limit(4).allMatch(e -> e.outputIndex() == e.inputIndex()),
        strict::toString);
  }

  @Test
  void toleranceSidesAndRule() {
    Tolerance t = Tolerance.defaults();
    assertEquals(Tolerance.RelativeTo.NUMERIC, t.relativeTo());
    assertEquals(2.0, t.reference(-1.0, 2.0));
    assertEquals(1.0, t.withRelativeTo(Tolerance.RelativeTo.ANALYTIC).reference(-1.0, 2.0));
    assertEquals(3.0, t.withRelativeTo(Tolerance.RelativeTo.LARGER).reference(-3.0, 2.0));
    assertEquals(1e-12 + 1e-8 * 2 + 4 * 0.5, t.allowed(0, 2, 0.5), 1e-15);
    assertFalse(t.accepts(Double.NaN, 1, 1));
    assertTrue(t.rule().contains("rtol refers to the numeric side"));
    GradientChecker c =
        GradientChecker.builder().tolerance(t.withRelativeTo(Tolerance.RelativeTo.LARGER)).build();
    assertEquals(Tolerance.RelativeTo.LARGER, c.tolerance().relativeTo());
    assertEquals(c.tolerance(), c.toBuilder().build().tolerance());
  }
}
