package org.gradcheck.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.gradcheck.CheckReport;
import org.gradcheck.ComparedEntry;
import org.gradcheck.Finding;
import org.gradcheck.GradientChecker;
import org.gradcheck.Mode;
import org.gradcheck.Signature;
import org.gradcheck.diagnosis.Diagnosis;
import org.gradcheck.registry.DerivativeForm;
import org.gradcheck.registry.GradientRegistry;
import org.gradcheck.registry.GradientRule;
import org.gradcheck.registry.PointCheck;
import org.gradcheck.registry.RuleReport;
import org.gradcheck.registry.VerificationConfig;
import org.gradcheck.registry.VerificationResult;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every known-wrong rule is caught, its correct counterpart is not, and each error has its shape.
 */
class KnownBugsTest {
  private static final long SEED = 11L;
  private static final GradientChecker FULL =
      GradientChecker.builder().mode(Mode.FULL).worstEntries(100).build();

  private static VerificationConfig config(int points) {
    return VerificationConfig.builder().seed(SEED).pointsPerRule(points).checker(FULL).build();
  }

  @Test
  void everyKnownBugFailsVerifyAllInEveryFormWhileItsCorrectRulePasses() {
    GradientRegistry registry =
        new GradientRegistry()
            .registerFrom(new ReferenceRuleProvider())
            .registerAll(KnownBugs.rules());
    assertEquals("provider " + ReferenceRuleProvider.class.getName(), registry.sourceOf("softmax"));
    List<String> names = new java.util.ArrayList<>();
    for (KnownBugs bug : KnownBugs.values()) {
      names.add(bug.ruleName());
      names.add(bug.correctRule());
    }
    VerificationResult result =
        registry.verifyAll(
            VerificationConfig.builder()
                .seed(SEED)
                .pointsPerRule(6)
                .checker(FULL)
                .only(names.toArray(String[]::new))
                .build());
    for (KnownBugs bug : KnownBugs.values()) {
      RuleReport wrong = result.report(bug.ruleName());
      assertEquals(RuleReport.Status.FAILED, wrong.status(), bug + " (seed " + SEED + ")");
      for (DerivativeForm form : bug.rule().forms()) {
        assertTrue(
            wrong.failures().stream().anyMatch(c -> c.form() == form && c.report() != null),
            bug + ": no failing " + form + " check (seed " + SEED + ")");
      }
      assertTrue(
          wrong.failures().stream().allMatch(c -> c.problem() == null),
          bug + ": failures must be real check failures, not unusable points");
      assertTrue(
          result.report(bug.correctRule()).passed(),
          () -> result.report(bug.correctRule()).toString());
    }
  }

  @Test
  void everyBugDocumentsItsMistake() {
    for (KnownBugs bug : KnownBugs.values()) {
      assertTrue(bug.ruleName().startsWith("bug/"));
      assertEquals(bug.ruleName(), bug.rule().name());
      assertFalse(bug.mistake().isBlank());
      assertFalse(bug.rule().generators().isEmpty());
      assertTrue(ReferenceRules.all().stream().anyMatch(r -> r.name().equals(bug.correctRule())));
    }
    assertEquals(6, KnownBugs.rules().size());
  }

  /** The failing entries have the shape the symptom names, so a diagnosis can be asserted on it. */
  @TestFactory
  Stream<DynamicTest> failingEntriesHaveTheShapeOfTheSymptom() {
    return forEachBug(KnownBugsTest::checkShape);
  }

  private static Stream<DynamicTest> forEachBug(java.util.function.Consumer<KnownBugs> check) {
    return Stream.of(KnownBugs.values())
        .map(bug -> DynamicTest.dynamicTest(bug.name(), () -> check.accept(bug)));
  }

  /** A point from the rule's first (typical, not extreme) generator. */
  private static double[] typicalPoint(GradientRule rule) {
    return rule.generators().get(0).generate(new SplittableRandom(SEED));
  }

  private static void checkShape(KnownBugs bug) {
    GradientRule rule = bug.rule();
    double[] x = typicalPoint(rule);
    CheckReport report =
        FULL.checkJacobian(rule.forward(), rule.jacobian().orElseThrow(), x, rule.signature());
    assertFalse(report.passed(), bug + " (seed " + SEED + ")");
    List<ComparedEntry> failing =
        report.worstEntries().stream().filter(e -> !e.withinTolerance()).toList();
    assertFalse(failing.isEmpty());
    String where = bug + " (seed " + SEED + ")\n" + report;
    for (ComparedEntry e : failing) {
      switch (bug.symptom()) {
        case SIGN_FLIPPED -> assertEquals(-e.numeric(), e.analytic(), 1e-8, where);
        case WRONG_SCALE -> assertEquals(KnownBugs.BATCH * e.numeric(), e.analytic(), 1e-8, where);
        case CONSTANT_OFFSET -> assertEquals(-1.0, e.analytic() - e.numeric(), 1e-8, where);
        case MISSING_OFF_DIAGONAL -> {
          assertNotEquals(e.outputIndex(), e.inputIndex(), where);
          assertEquals(0.0, e.analytic(), where);
        }
        case MISSING_TERM -> {
          // q − p versus q·Σp − p: the missing term is q_i·(Σp − 1)
          double[] q = StableMath.softmax(x, 0, KnownBugs.SIZE);
          double mass = StableMath.sum(x, KnownBugs.SIZE, KnownBugs.SIZE);
          assertEquals(-q[e.inputIndex()] * (mass - 1), e.analytic() - e.numeric(), 1e-8, where);
        }
        case TRANSPOSED -> {
          DMatrixRMaj truth =
              ReferenceRules.logSoftmax(KnownBugs.SIZE).jacobian().orElseThrow().jacobian(x);
          assertEquals(truth.get(e.inputIndex(), e.outputIndex()), e.analytic(), 1e-15, where);
        }
      }
    }
    if (bug.symptom() == KnownBugs.Symptom.CONSTANT_OFFSET) {
      int label = labelOf(x);
      assertTrue(
          failing.stream().noneMatch(e -> e.inputIndex() == label),
          "the label's own entry is right");
    }
  }

  /**
   * The diagnosis (issue 4) names each mistake at a typical point, for the full Jacobian and the
   * backward pass — q − 1 included: its error p − 1 is a label term plus a constant offset.
   */
  @TestFactory
  Stream<DynamicTest> diagnosisNamesTheMistake() {
    return forEachBug(KnownBugsTest::checkDiagnosis);
  }

  private static void checkDiagnosis(KnownBugs bug) {
    GradientRule rule = bug.rule();
    double[] x = typicalPoint(rule);
    Signature sig = rule.signature();
    CheckReport jacobian =
        FULL.checkJacobian(rule.forward(), rule.jacobian().orElseThrow(), x, sig);
    CheckReport vjp = FULL.checkVjp(rule.forward(), rule.vjp().orElseThrow(), x, sig);
    for (CheckReport report : List.of(jacobian, vjp)) {
      assertFalse(report.passed(), bug + " (seed " + SEED + ")");
      Diagnosis diagnosis = Diagnosis.of(report.comparedEntries(), sig, x);
      assertTrue(
          diagnosis.hypotheses().stream()
              .map(Finding::of)
              .anyMatch(f -> f.kind() == bug.expectedFinding()),
          bug
              + " (seed "
              + SEED
              + "): expected "
              + bug.expectedFinding()
              + ", got "
              + diagnosis.hypotheses());
      assertTrue(
          report.findings().stream().anyMatch(f -> f.kind() == bug.expectedFinding()),
          report::toString);
    }
  }

  private static int labelOf(double[] x) {
    for (int i = 0; i < KnownBugs.SIZE; i++) {
      if (x[KnownBugs.SIZE + i] == 1.0) {
        return i;
      }
    }
    throw new AssertionError("no one-hot label in " + java.util.Arrays.toString(x));
  }

  /**
   * q − 1 agrees with the truth q − p at the one-hot label's own index: checking only the label's
   * logit at one-hot points passes, at every one of 20 generated points. Only sampling beyond the
   * label's coordinate — which verifyAll does — exposes it.
   */
  @Test
  void qMinusOneSurvivesAtTheLabelsOwnIndexButNotVerifyAll() {
    GradientRule bug = KnownBugs.CROSS_ENTROPY_Q_MINUS_ONE.rule();
    SplittableRandom random = new SplittableRandom(SEED);
    for (int k = 0; k < 20; k++) {
      double[] x = bug.generators().get(k % 2).generate(random);
      int label = labelOf(x);
      CheckReport labelOnly =
          FULL.checkJacobian(bug.forward(), bug.jacobian().orElseThrow(), x, onlyLogit(label));
      assertTrue(labelOnly.passed(), "point " + k + " (seed " + SEED + "):\n" + labelOnly);
      assertEquals(1, labelOnly.comparedCount());
      CheckReport everyLogit =
          FULL.checkJacobian(bug.forward(), bug.jacobian().orElseThrow(), x, bug.signature());
      assertFalse(everyLogit.passed(), "point " + k + " (seed " + SEED + ")");
      assertEquals(KnownBugs.SIZE - 1, everyLogit.failedCount());
    }
    RuleReport verified = GradientRegistry.verify(bug, config(10));
    assertEquals(RuleReport.Status.FAILED, verified.status());
    assertTrue(verified.checks().stream().noneMatch(PointCheck::passed), verified::toString);
  }

  /**
   * Integrated shrinking of a failing point: the shrinker replays the rule's generator on simpler
   * choice sequences, so every candidate stays in the domain, the result still fails, and the
   * logits (which the error q·(Σp − 1) does not need) shrink to 0.
   */
  @Test
  void shrinkingAFailingPointKeepsItFailingAndInTheDomain() {
    GradientRule rule = KnownBugs.Q_MINUS_P_UNNORMALISED_LABELS.rule();
    org.gradcheck.generate.Generator<double[]> generator = rule.generators().get(0);
    org.gradcheck.generate.Choices choices =
        org.gradcheck.generate.Choices.random(new SplittableRandom(SEED));
    double[] x = generator.draw(choices);
    assertTrue(fails(rule, x));
    org.gradcheck.generate.Shrinker.Shrunk<double[]> shrunk =
        org.gradcheck.generate.Shrinker.shrink(
            generator,
            choices.recorded(),
            candidate -> {
              assertTrue(generator.accepts(candidate), generator.violation(candidate).orElse(""));
              return fails(rule, candidate);
            },
            200);
    assertTrue(shrunk.steps() > 0, "no simpler failing point (seed " + SEED + ")");
    assertTrue(fails(rule, shrunk.value()));
    double[] logits = java.util.Arrays.copyOf(shrunk.value(), KnownBugs.SIZE);
    assertEquals(
        0.0,
        java.util.Arrays.stream(logits).map(Math::abs).max().orElseThrow(),
        0.0,
        "the logits shrink to 0 (the error q·(Σp − 1) does not need them), seed "
            + SEED
            + ": "
            + java.util.Arrays.toString(shrunk.value()));
  }

  private static boolean fails(GradientRule rule, double[] x) {
    return !FULL.checkVjp(rule.forward(), rule.vjp().orElseThrow(), x, rule.signature()).passed();
  }

  /** The cross-entropy signature in which only logit z[label] is differentiated. */
  private static Signature onlyLogit(int label) {
    int n = KnownBugs.SIZE;
    Signature.Builder b = Signature.builder();
    if (label > 0) {
      b.constant("z_before", label);
    }
    b.input("z_label", 1);
    if (label < n - 1) {
      b.constant("z_after", n - 1 - label);
    }
    return b.constant("p", n).output("L").build();
  }

  /**
   * Why the transposed-Jacobian bug is shown on log-softmax: softmax's own Jacobian Diag(y) − y yᵀ
   * is symmetric, so a "transposed" softmax Jacobian is the same matrix and (rightly) passes.
   */
  @Test
  void transposingSoftmaxsSymmetricJacobianIsHarmlessSoTheBugUsesLogSoftmax() {
    GradientRule softmax = ReferenceRules.softmax(KnownBugs.SIZE);
    GradientRule transposed =
        softmax
            .derive("softmax-transposed")
            .jacobian(
                a -> {
                  DMatrixRMaj j = softmax.jacobian().orElseThrow().jacobian(a);
                  CommonOps_DDRM.transpose(j);
                  return j;
                })
            .build();
    assertTrue(GradientRegistry.verify(transposed, config(10)).passed());
    assertFalse(
        GradientRegistry.verify(KnownBugs.LOG_SOFTMAX_TRANSPOSED.rule(), config(10)).passed());
  }
}
