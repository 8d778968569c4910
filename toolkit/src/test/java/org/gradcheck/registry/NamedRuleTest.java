package org.gradcheck.registry;

import static org.gradcheck.docs.NamedExamples.CROSS_ENTROPY;
import static org.gradcheck.docs.NamedExamples.CROSS_ENTROPY_GRADIENT;
import static org.gradcheck.docs.NamedExamples.CROSS_ENTROPY_LOSS;
import static org.gradcheck.docs.NamedExamples.DENSE;
import static org.gradcheck.docs.NamedExamples.DENSE_BACKWARD;
import static org.gradcheck.docs.NamedExamples.DENSE_FORWARD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import org.ejml.dense.row.CommonOps_DDRM;
import org.gradcheck.CheckReport;
import org.gradcheck.GradientChecker;
import org.gradcheck.Gradients;
import org.gradcheck.InvalidCheckInputException;
import org.gradcheck.NamedBackward;
import org.gradcheck.NamedGradient;
import org.gradcheck.generate.Generators;
import org.junit.jupiter.api.Test;

/** Rules declared by name: a dense layer and a loss with a constant label, right and wrong. */
class NamedRuleTest {
  private static final VerificationConfig POINTS =
      VerificationConfig.builder().seed(5L).pointsPerRule(3).build();

  private static GradientRule dense(String name, NamedBackward backward) {
    return GradientRule.builder(name)
        .signature(DENSE)
        .namedForward(DENSE_FORWARD)
        .namedBackward(backward)
        .inputs(Generators.uniform(DENSE.inputSize(), -1, 1))
        .build();
  }

  private static GradientRule crossEntropy(String name, NamedGradient gradient) {
    return GradientRule.builder(name)
        .signature(CROSS_ENTROPY)
        .namedLoss(CROSS_ENTROPY_LOSS, gradient)
        .inputs(
            Generators.combine(
                Generators.logits(5, 2.0),
                Generators.simplex(5),
                (z, p) -> {
                  double[] x = new double[10];
                  System.arraycopy(z, 0, x, 0, 5);
                  System.arraycopy(p, 0, x, 5, 5);
                  return x;
                }))
        .build();
  }

  private static final NamedBackward TRANSPOSED_W =
      (in, up) -> {
        Gradients right = DENSE_BACKWARD.apply(in, up);
        return right.put("W", CommonOps_DDRM.transpose(right.matrix("W"), null));
      };

  /** ∂L/∂z = q − 1. */
  private static final NamedGradient Q_MINUS_ONE =
      in -> {
        double[] dz = CROSS_ENTROPY_GRADIENT.apply(in).array("z");
        double[] p = in.array("p");
        for (int i = 0; i < dz.length; i++) {
          dz[i] += p[i] - 1.0;
        }
        return Gradients.of("z", dz);
      };

  @Test
  void aNamedDenseRuleIsVerifiedAndItsTransposedWIsCaught() {
    VerificationResult result =
        new GradientRegistry()
            .register(dense("dense", DENSE_BACKWARD))
            .register(dense("dense/transposed-W", TRANSPOSED_W))
            .verifyAll(POINTS);
    assertTrue(result.report("dense").passed(), result::toString);
    assertEquals(EnumSet.of(DerivativeForm.VJP), result.report("dense").formsChecked());
    RuleReport wrong = result.report("dense/transposed-W");
    assertEquals(RuleReport.Status.FAILED, wrong.status(), result::toString);
    CheckReport first = wrong.firstFailure().orElseThrow().checkReport().orElseThrow();
    assertTrue(first.worstEntries().get(0).label().contains("/∂W["), first::toString);
  }

  @Test
  void aNamedLossRuleHasEveryFormAndItsQMinusOneIsCaught() {
    GradientRule right = crossEntropy("cross-entropy", CROSS_ENTROPY_GRADIENT);
    assertEquals(EnumSet.allOf(DerivativeForm.class), right.forms());
    VerificationResult result =
        new GradientRegistry()
            .register(right)
            .register(crossEntropy("cross-entropy/q-1", Q_MINUS_ONE))
            .verifyAll(POINTS);
    assertTrue(result.report("cross-entropy").passed(), result::toString);
    RuleReport wrong = result.report("cross-entropy/q-1");
    assertEquals(RuleReport.Status.FAILED, wrong.status(), result::toString);
    CheckReport first = wrong.firstFailure().orElseThrow().checkReport().orElseThrow();
    assertTrue(first.worstEntries().get(0).label().contains("∂z["), first::toString);
  }

  @Test
  void aNamedRuleReturningTheConstantsGradientIsAnError() {
    GradientRule rule =
        crossEntropy(
            "cross-entropy/returns-p", in -> CROSS_ENTROPY_GRADIENT.apply(in).put("p", 0.0));
    double[] x = {0.5, -1.2, 2.0, 0.1, -0.3, 0.1, 0.2, 0.4, 0.2, 0.1};
    InvalidCheckInputException e =
        assertThrows(
            InvalidCheckInputException.class,
            () -> rule.check(GradientChecker.defaults(), DerivativeForm.VJP, x));
    assertEquals(
        "the gradient returned a gradient 'p' for a constant input; constants are read, never"
            + " returned (expected gradients [z: 5])",
        e.getMessage());
  }

  @Test
  void aNamedLossNeedsOneScalarOutput() {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () ->
                GradientRule.builder("not-a-loss")
                    .signature(DENSE)
                    .namedLoss(in -> 0.0, CROSS_ENTROPY_GRADIENT)
                    .build());
    assertTrue(e.getMessage().startsWith("rule 'not-a-loss': a loss has one scalar output"));
  }
}
