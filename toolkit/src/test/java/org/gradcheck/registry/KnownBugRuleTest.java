package org.gradcheck.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.gradcheck.CheckReport;
import org.gradcheck.ExpectedFailure;
import org.gradcheck.Finding;
import org.gradcheck.GradientChecker;
import org.gradcheck.Mode;
import org.gradcheck.Signature;
import org.gradcheck.generate.Generators;
import org.gradcheck.reference.KnownBugs;
import org.gradcheck.reference.ReferenceRules;
import org.junit.jupiter.api.Test;

/**
 * Rules declared known bugs ({@link GradientRule.Builder#knownBug}): verified when caught with the
 * declared kinds, not verified (saying what was found) when every check passes or the kinds differ.
 */
class KnownBugRuleTest {
  private static final long SEED = 11L;
  private static final VerificationConfig CONFIG =
      VerificationConfig.builder()
          .seed(SEED)
          .pointsPerRule(4)
          .checker(GradientChecker.builder().mode(Mode.FULL).build())
          .build();

  /** y = x² elementwise, derivative factor·x (right for factor 2), VJP form only. */
  private static GradientRule.Builder square(String name, double factor) {
    return GradientRule.builder(name)
        .signature(Signature.builder().input("x", 3).output("y", 3).build())
        .forward(x -> new double[] {x[0] * x[0], x[1] * x[1], x[2] * x[2]})
        .vjp(
            (x, g) ->
                new double[] {factor * x[0] * g[0], factor * x[1] * g[1], factor * x[2] * g[2]})
        .inputs(Generators.uniform(3, -2, 2));
  }

  @Test
  void aCaughtUserKnownBugIsVerifiedThoughItsChecksFail() {
    GradientRule bug =
        square("mine/times-three", 3.0).knownBug("3x for 2x", Finding.Kind.CONSTANT_FACTOR).build();
    assertEquals(Optional.of(ExpectedFailure.of(Finding.Kind.CONSTANT_FACTOR)), bug.knownBug());
    assertEquals("3x for 2x", bug.mistake());
    VerificationResult result =
        new GradientRegistry()
            .register(bug)
            .register(square("mine/square", 2.0).build())
            .verifyAll(CONFIG);
    RuleReport report = result.report("mine/times-three");
    assertEquals(RuleReport.Status.FAILED, report.status(), report::toString);
    assertEquals(Optional.empty(), report.missed(), report::toString);
    assertTrue(report.verified());
    assertTrue(report.toString().contains("known bug caught"), report::toString);
    assertTrue(result.verified(), result::toString);
    assertFalse(result.allPassed(), "a caught bug still failed its checks");
    assertEquals(List.of(), result.failures());
    assertTrue(result.toString().contains("VERIFIED"), result::toString);
  }

  @Test
  void aRightRuleDeclaredABugIsMissedAndFailsTheVerification() {
    GradientRule notABug =
        square("mine/not-a-bug", 2.0).knownBug(Finding.Kind.CONSTANT_FACTOR).build();
    VerificationResult result = new GradientRegistry().register(notABug).verifyAll(CONFIG);
    RuleReport report = result.report("mine/not-a-bug");
    assertTrue(report.passed());
    assertFalse(report.verified());
    assertEquals(
        Optional.of(
            "known bug NOT CAUGHT: expected a check to fail with [CONSTANT_FACTOR], but all 4"
                + " check(s) passed"),
        report.missed());
    assertFalse(result.verified());
    assertEquals(List.of(report), result.failures());
    assertTrue(result.toString().contains("1 rule(s) not verified"), result::toString);
  }

  @Test
  void aBugCaughtWithOtherKindsIsMissedNamingTheKindsFound() {
    GradientRule wrongKind =
        square("mine/wrong-kind", 3.0).knownBug(Finding.Kind.SIGN_FLIPPED).build();
    RuleReport report = GradientRegistry.verify(wrongKind, CONFIG);
    assertEquals(RuleReport.Status.FAILED, report.status());
    assertFalse(report.verified());
    String missed = report.missed().orElseThrow();
    assertTrue(
        missed.startsWith(
            "known bug NOT CAUGHT: expected a check to fail with [SIGN_FLIPPED]; 4 of 4 check(s)"
                + " failed, but none with all of them among its findings; found ["),
        missed);
    assertTrue(missed.contains("CONSTANT_FACTOR"), missed);
  }

  @Test
  void aKnownBugsChecksCarryItsExpectationAndDerivedRulesDoNot() {
    GradientRule bug =
        square("mine/times-three", 3.0).knownBug(Finding.Kind.CONSTANT_FACTOR).build();
    CheckReport report =
        bug.check(GradientChecker.builder().build(), DerivativeForm.VJP, new double[] {1, -1, 0.5});
    assertEquals(
        Optional.of(ExpectedFailure.of(Finding.Kind.CONSTANT_FACTOR)), report.expectation());
    assertFalse(report.passed());
    assertTrue(report.asExpected(), report::toString);
    GradientRule variant = bug.derive("mine/variant").vjp((x, g) -> g.clone()).build();
    assertEquals(Optional.empty(), variant.knownBug());
    assertEquals("", variant.mistake());
  }

  @Test
  void theBuiltInKnownBugsMakeTheSameDeclarationAndAreVerifiedWhenCaught() {
    GradientRegistry registry = new GradientRegistry().registerAll(KnownBugs.rules());
    for (KnownBugs bug : KnownBugs.values()) {
      assertEquals(Optional.of(ExpectedFailure.of(bug.expectedFinding())), bug.rule().knownBug());
      assertEquals(bug.mistake(), bug.rule().mistake());
      registry.register(
          ReferenceRules.all().stream()
              .filter(r -> r.name().equals(bug.correctRule()))
              .findFirst()
              .orElseThrow());
    }
    VerificationResult result = registry.verifyAll(CONFIG);
    assertTrue(result.verified(), result::toString);
    for (KnownBugs bug : KnownBugs.values()) {
      RuleReport report = result.report(bug.ruleName());
      assertEquals(RuleReport.Status.FAILED, report.status(), report::toString);
      assertTrue(report.verified(), report::toString);
    }
  }
}
