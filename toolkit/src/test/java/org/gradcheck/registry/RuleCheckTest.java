package org.gradcheck.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.Map;
import org.gradcheck.CheckKind;
import org.gradcheck.CheckReport;
import org.gradcheck.GradientChecker;
import org.gradcheck.Signature;
import org.gradcheck.Tolerance;
import org.gradcheck.generate.Generators;
import org.gradcheck.reference.ReferenceRules;
import org.junit.jupiter.api.Test;

class RuleCheckTest {
  private static final long SEED = 11L;

  private static GradientRule square(boolean right) {
    return GradientRule.builder(right ? "square" : "square/wrong")
        .signature(Signature.anonymous(3, 3))
        .forward(x -> new double[] {x[0] * x[0], x[1] * x[1], x[2] * x[2]})
        .vjp(
            (x, g) ->
                new double[] {(right ? 2 : 1) * x[0] * g[0], 2 * x[1] * g[1], 2 * x[2] * g[2]})
        .inputs(Generators.uniform(3, -1, 1))
        .build();
  }

  @Test
  void checksTheGivenFormAndRejectsOneTheRuleLacks() {
    GradientChecker checker = GradientChecker.builder().seed(SEED).build();
    double[] x = {0.3, -0.7, 0.9};
    CheckReport right = square(true).check(checker, DerivativeForm.VJP, x);
    assertTrue(right.passed(), () -> "seed " + SEED + "\n" + right);
    CheckReport wrong = square(false).check(checker, DerivativeForm.VJP, x);
    assertFalse(wrong.passed(), () -> "seed " + SEED + "\n" + wrong);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> square(true).check(checker, DerivativeForm.JACOBIAN, x));
    assertEquals("rule 'square' provides no JACOBIAN; it provides [VJP]", e.getMessage());
  }

  @Test
  void everyDerivativeFormIsCheckedAsTheCheckKindOfTheSameMeaning() {
    Map<DerivativeForm, CheckKind> expected =
        Map.of(
            DerivativeForm.JACOBIAN, CheckKind.JACOBIAN,
            DerivativeForm.VJP, CheckKind.VJP,
            DerivativeForm.JVP, CheckKind.JVP);
    assertEquals(EnumSet.allOf(DerivativeForm.class), EnumSet.copyOf(expected.keySet()));
    GradientRule softmax = ReferenceRules.softmax(3);
    assertEquals(EnumSet.allOf(DerivativeForm.class), softmax.forms());
    GradientChecker checker = GradientChecker.builder().seed(SEED).build();
    double[] x = {0.3, -0.7, 0.9};
    for (DerivativeForm form : DerivativeForm.values()) {
      assertEquals(expected.get(form), form.checkKind(), form.name());
      assertEquals(form.name(), form.checkKind().name(), "same meaning, same name");
      assertEquals(
          form.checkKind(),
          softmax.check(checker, form, x).kind(),
          "the report of a " + form + " check says it checked " + form.checkKind());
    }
  }

  @Test
  void aToleranceOverrideReplacesOnlyTheComponentsItSets() {
    Tolerance base = GradientChecker.defaults().tolerance();
    Tolerance applied = RuleTolerance.keep().withRtol(1e-4).applyTo(base);
    assertEquals(1e-4, applied.rtol());
    assertEquals(base.atol(), applied.atol());
    assertEquals(base.errorBoundFactor(), applied.errorBoundFactor());
    assertEquals(base, RuleTolerance.keep().applyTo(base));
  }
}
