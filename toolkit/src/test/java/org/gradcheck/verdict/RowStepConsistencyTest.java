package org.gradcheck.verdict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.gradcheck.CheckReport;
import org.gradcheck.ComparedEntry;
import org.gradcheck.Elementwise;
import org.gradcheck.GradientChecker;
import org.gradcheck.Mode;
import org.gradcheck.VectorFunction;
import org.gradcheck.VectorJacobianProduct;
import org.junit.jupiter.api.Test;

/**
 * One output of a vector function needs a far shorter step than the others: sin(x₂₀) at x₂₀ ≈ 1e5
 * among 199 outputs near 1. The engine's consistency check used to re-derive every row at a quarter
 * of the majority's step, which is far too long for that row: its bar became ±2.9 on a value of
 * about 1, and any analytic value passed there. Each row is now re-checked at a quarter of its own
 * step. Both ways: the correct derivative passes, one 1 % too large at that entry fails and is
 * named.
 */
class RowStepConsistencyTest {
  private static final int N = 200;
  private static final int FAR = 20;

  private static final VectorFunction SINE = Elementwise.map(Math::sin);

  /** The backward pass cos(x)·g, with entry {@link #FAR} times {@code slipAtFar}. */
  private static VectorJacobianProduct cosine(double slipAtFar) {
    return Elementwise.backward(Math::cos, FAR, slipAtFar);
  }

  private static double[] point() {
    double[] x = new double[N];
    for (int i = 0; i < N; i++) {
      x[i] = 0.3 + 0.01 * i;
    }
    x[FAR] = 1e5 + 0.25;
    return x;
  }

  @Test
  void aRowNeedingItsOwnShortStepKeepsAnHonestBar() {
    GradientChecker checker = GradientChecker.builder().mode(Mode.FULL).build();
    CheckReport right = checker.checkVjp(SINE, cosine(1.0), point());
    assertTrue(right.passed(), right::toString);
    CheckReport wrong = checker.checkVjp(SINE, cosine(1.01), point());
    assertFalse(wrong.passed(), wrong::toString);
    ComparedEntry worst = wrong.worstEntries().get(0);
    assertEquals(FAR, worst.outputIndex(), wrong::toString);
    assertEquals(FAR, worst.inputIndex(), wrong::toString);
  }
}
