package org.gradcheck.samples.docs;

import org.gradcheck.Finding;
import org.gradcheck.GradientChecker;
import org.gradcheck.junit.GradientCheck;
import org.gradcheck.junit.Range;
import org.gradcheck.junit.Shape;

/** The guide's slip in the getting-started layer (x·g for 2x·g) is caught as a constant factor. */
class GettingStartedSlipTest {
  static double[] squareBackwardWithoutTheTwo(double[] x, double[] g) {
    double[] dx = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      dx[i] = x[i] * g[i];
    }
    return dx;
  }

  @GradientCheck(trials = 5)
  void theMissingFactorTwoIsCaught(
      GradientChecker checker, @Shape(8) @Range(min = -2, max = 2) double[] x) {
    checker
        .expectFailure(Finding.Kind.CONSTANT_FACTOR)
        .checkVjp(
            GettingStartedTest::square, GettingStartedSlipTest::squareBackwardWithoutTheTwo, x);
  }
}
