package org.gradcheck.benchmark;

import org.gradcheck.VectorFunction;
import org.gradcheck.VectorJacobianProduct;
import org.gradcheck.registry.GradientRule;

/**
 * What PyTorch's {@code gradcheck} does, written out as the comparison for the benchmarks (not a
 * second checker): the full Jacobian by central differences with a fixed step h = 1e-6, the
 * analytic Jacobian row by row through the backward pass with unit upstream vectors, and {@code
 * allclose}: every entry must satisfy |a − n| ≤ atol + rtol·|n|, with PyTorch's defaults atol =
 * 1e-5, rtol = 1e-3. Constant inputs (labels) are neither perturbed nor compared.
 */
final class FixedStepBaseline {
  /** The fixed step of the central difference, PyTorch's {@code eps}. */
  static final double STEP = 1e-6;

  /** PyTorch's default absolute tolerance. */
  static final double ATOL = 1e-5;

  /** PyTorch's default relative tolerance. */
  static final double RTOL = 1e-3;

  private FixedStepBaseline() {}

  /**
   * True if the rule's backward pass agrees with the fixed-step Jacobian at {@code x} ({@code x} is
   * not modified).
   */
  static boolean passes(GradientRule rule, double[] x) {
    VectorJacobianProduct vjp = rule.vjp().orElseThrow();
    return passes(rule.forward(), vjp, rule.signature().differentiableInputIndices(), x);
  }

  /** The allclose test over the columns {@code inputs} of the Jacobian of f at x. */
  static boolean passes(VectorFunction f, VectorJacobianProduct vjp, int[] inputs, double[] x) {
    int m = f.apply(x).length;
    double[][] analytic = new double[m][];
    for (int i = 0; i < m; i++) {
      double[] unit = new double[m];
      unit[i] = 1;
      analytic[i] = vjp.apply(x.clone(), unit);
    }
    double[] w = x.clone();
    for (int j : inputs) {
      w[j] = x[j] + STEP;
      double[] plus = f.apply(w.clone());
      w[j] = x[j] - STEP;
      double[] minus = f.apply(w.clone());
      w[j] = x[j];
      for (int i = 0; i < m; i++) {
        double numeric = (plus[i] - minus[i]) / (2 * STEP);
        if (!(Math.abs(analytic[i][j] - numeric) <= ATOL + RTOL * Math.abs(numeric))) {
          return false;
        }
      }
    }
    return true;
  }
}
