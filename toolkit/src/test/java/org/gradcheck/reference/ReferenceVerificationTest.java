package org.gradcheck.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;
import org.gradcheck.registry.Coverage;
import org.gradcheck.registry.DerivativeForm;
import org.gradcheck.registry.GradientRegistry;
import org.gradcheck.registry.RuleReport;
import org.gradcheck.registry.VerificationConfig;
import org.gradcheck.registry.VerificationResult;
import org.junit.jupiter.api.Test;

/**
 * Every built-in rule passes verifyAll at 50 random inputs, in every form, extreme logits included.
 */
class ReferenceVerificationTest {
  private static final long SEED = 2026L;
  private static final int POINTS = 50;

  /** Rules whose inputs are logits, and so must be verified at logits of ±1000 too. */
  private static final Set<String> TAKES_LOGITS =
      Set.of(
          "softmax",
          "log-softmax",
          "logsumexp",
          "cross-entropy/one-hot",
          "cross-entropy/soft-labels",
          "cross-entropy/unnormalised-labels",
          "sigmoid",
          "tanh",
          "softplus",
          "bce-with-logits",
          "batched-softmax",
          "batched-cross-entropy");

  @Test
  void everyReferenceRulePassesAtFiftyPointsIncludingExtremeLogits() {
    GradientRegistry registry = new GradientRegistry().registerAll(ReferenceRules.all());
    VerificationResult result =
        registry.verifyAll(VerificationConfig.builder().seed(SEED).pointsPerRule(POINTS).build());
    assertTrue(result.allPassed(), result::toString);
    assertEquals(registry.size(), result.reports().size());
    for (RuleReport report : result.reports()) {
      assertEquals(POINTS, report.pointCount(), report.ruleName());
      assertEquals(Set.of(DerivativeForm.values()), report.formsChecked(), report.ruleName());
    }
    Coverage coverage = result.coverage();
    assertEquals(registry.names(), coverage.verified());
    assertTrue(coverage.withoutGenerator().isEmpty());
    for (String name : TAKES_LOGITS) {
      Map<String, Integer> kinds = coverage.entry(name).pointsByInputKind();
      int extreme =
          kinds.entrySet().stream()
              .filter(k -> k.getKey().contains("±1000"))
              .mapToInt(Map.Entry::getValue)
              .sum();
      assertTrue(
          extreme >= POINTS / 3, name + " has only " + extreme + " extreme-logit points: " + kinds);
    }
  }
}
