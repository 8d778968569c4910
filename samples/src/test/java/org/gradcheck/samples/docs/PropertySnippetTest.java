package org.gradcheck.samples.docs;

import org.ejml.data.DMatrixRMaj;
import org.gradcheck.GradientChecker;
import org.gradcheck.generate.Generator;
import org.gradcheck.generate.Generators;
import org.gradcheck.property.From;
import org.gradcheck.property.GradientProperty;
import org.gradcheck.samples.layers.SoftmaxCrossEntropy;

/**
 * The README's and the guide's property: cross-entropy with soft labels over drawn class counts.
 */
class PropertySnippetTest {
  /** −Σ pᵢ log qᵢ with q = softmax(z): the samples' layer on one row. */
  static double loss(double[] z, double[] p) {
    return SoftmaxCrossEntropy.forward(row(z), row(p));
  }

  /** q·Σp − p = q − p, since a simplex point sums to 1. */
  static double[] gradient(double[] z, double[] p) {
    return SoftmaxCrossEntropy.backward(row(z), row(p), 1).data;
  }

  private static DMatrixRMaj row(double[] v) {
    return DMatrixRMaj.wrap(1, v.length, v);
  }

  // docs: property
  static Generator<double[][]> classes() { // classes first, then logits and labels
    return Generators.sizes(2, 10)
        .flatMap(
            n ->
                Generators.combine(
                    Generators.logits(n, 3),
                    Generators.simplex(n),
                    (z, p) -> new double[][] {z, p}));
  }

  @GradientProperty(tries = 200)
  void crossEntropy(GradientChecker checker, @From("classes") double[][] zp) {
    double[] p = zp[1];
    checker.checkGradient(z -> loss(z, p), z -> gradient(z, p), zp[0]);
  }
  // docs: end
}
