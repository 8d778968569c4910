package org.gradcheck.samples.docs;

import org.gradcheck.GradientChecker;
import org.gradcheck.junit.CheckMode;
import org.gradcheck.junit.GradientCheck;
import org.gradcheck.junit.GradientCheckConfig;
import org.gradcheck.junit.Range;
import org.gradcheck.junit.Shape;

@GradientCheckConfig(mode = CheckMode.FULL) // class-level defaults (optional)
class SoftmaxTest {

  @GradientCheck(trials = 10)
  void jacobian(GradientChecker checker, @Shape(5) @Range(min = -4, max = 4) double[] z) {
    checker.checkJacobian(Softmax::forward, Softmax::jacobian, z); // no assert needed
  }
}
