package org.gradcheck.samples.docs;

import org.gradcheck.Finding;
import org.gradcheck.GradientChecker;
import org.gradcheck.junit.GradientCheck;
import org.gradcheck.junit.Range;
import org.gradcheck.junit.Shape;

/** The guide's {@link SoftmaxTest} with the Jacobian written y(1 − y): caught, diagonal only. */
class SoftmaxSlipTest {
  @GradientCheck(trials = 3)
  void diagonalOnlyIsCaught(
      GradientChecker checker, @Shape(5) @Range(min = -4, max = 4) double[] z) {
    checker
        .expectFailure(Finding.Kind.DIAGONAL_ONLY)
        .checkJacobian(Softmax::forward, Softmax::diagonalOnly, z);
  }
}
