package org.gradcheck.samples.docs;

import org.gradcheck.GradientChecker;
import org.gradcheck.junit.GradientCheck;
import org.gradcheck.junit.Range;
import org.gradcheck.junit.Shape;

/** The user guide's "Getting started in five minutes", as the guide shows it. */
class GettingStartedTest {
  static double[] square(double[] x) {
    double[] y = new double[x.length];
    for (int i = 0; i < x.length; i++) y[i] = x[i] * x[i];
    return y;
  }

  static double[] squareBackward(double[] x, double[] g) {
    double[] dx = new double[x.length];
    for (int i = 0; i < x.length; i++) dx[i] = 2 * x[i] * g[i];
    return dx;
  }

  @GradientCheck(trials = 5)
  void backward(GradientChecker checker, @Shape(8) @Range(min = -2, max = 2) double[] x) {
    checker.checkVjp(GettingStartedTest::square, GettingStartedTest::squareBackward, x);
  }
}
