package org.gradcheck.numeric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NumericDifferentiatorSmokeTest {
  @Test
  void exponentialIsDifferentiatedNearMachinePrecision() {
    Derivative d = NumericDifferentiator.defaults().derivative(Math::exp, 1.3);
    double truth = Math.exp(1.3);
    assertEquals(truth, d.value(), 1e-12 * truth);
    assertTrue(Math.abs(d.value() - truth) <= d.error(), "error estimate must bound the error");
  }
}
