package org.gradcheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The probe statistics FAST reports: the tabulated integration grid gives what integrating from
 * scratch gives, and the smallest error caught is the threshold itself — an error that size slips
 * with probability at most 1e-6, one a hair smaller with more.
 */
class ProbeStatisticsTest {
  /** P(|Z₁Z₂| ≤ t) integrated from scratch on the same grid, the density computed per node. */
  private static double integratedFromScratch(double t) {
    double lo = -40;
    double hi = 4;
    int steps = 240;
    double h = (hi - lo) / steps;
    double sum = 0;
    for (int k = 0; k <= steps; k++) {
      double z = Math.exp(lo + k * h);
      double density = 2 * Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI) * z;
      double w = (k == 0 || k == steps) ? 0.5 : 1.0;
      sum += w * density * ProbeStatistics.erf(t / (Math.sqrt(2) * z));
    }
    return Math.min(1.0, sum * h);
  }

  @Test
  void tabulatedGridGivesTheSameProbabilities() {
    for (double t : new double[] {1e-12, 1e-6, 1e-3, 0.1, 0.5, 1, 2, 5, 30}) {
      assertEquals(integratedFromScratch(t), ProbeStatistics.smallProductProbability(t), 0.0);
    }
    // and the integral is right: P(|Z₁Z₂| ≤ t) → 1 for large t, ≈ (2/π)·t·(ln(2/t) + 1 − γ) small
    assertEquals(1.0, ProbeStatistics.smallProductProbability(40), 1e-12);
    double t = 1e-6;
    double small = 2 / Math.PI * t * (Math.log(2 / t) + 1 - 0.5772156649015329);
    assertEquals(small, ProbeStatistics.smallProductProbability(t), 1e-6 * small);
  }

  @Test
  void errorCaughtIsTheThresholdOfTheSlipProbability() {
    double[][] allowedSets = {{3e-9, 5e-9, 2e-9, 4e-9}, {1e-12}, {1e-3, 2e-7, 5e-10}};
    for (boolean product : new boolean[] {true, false}) {
      for (double[] allowed : allowedSets) {
        double scale = 0.7;
        double caught = ProbeStatistics.relativeErrorCaught(scale, allowed, product, 1e-6);
        assertTrue(Double.isFinite(caught) && caught > 0, () -> "caught " + caught);
        double at = ProbeStatistics.slipProbability(caught * scale, allowed, product);
        double below =
            ProbeStatistics.slipProbability(caught * (1 - 1e-8) * scale, allowed, product);
        assertTrue(at <= 1e-6, () -> "slip at the caught size " + at);
        assertTrue(below > 1e-6, () -> "slip just below the caught size " + below);
      }
    }
  }

  @Test
  void errorCaughtOutsideTheBracket() {
    // a probe that allows anything catches nothing; no allowance at all catches everything
    assertEquals(
        Double.POSITIVE_INFINITY,
        ProbeStatistics.relativeErrorCaught(1.0, new double[] {1e12}, true, 1e-6));
    assertEquals(1e-18, ProbeStatistics.relativeErrorCaught(1.0, new double[] {0}, true, 1e-6));
    assertTrue(Double.isNaN(ProbeStatistics.relativeErrorCaught(0, new double[] {1}, true, 1e-6)));
  }
}
