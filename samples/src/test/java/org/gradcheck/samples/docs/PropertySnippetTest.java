package org.gradcheck.samples.docs;

import org.gradcheck.GradientChecker;
import org.gradcheck.generate.Generator;
import org.gradcheck.generate.Generators;
import org.gradcheck.property.From;
import org.gradcheck.property.GradientProperty;

/**
 * The README's and the guide's property: cross-entropy with soft labels over drawn class counts.
 */
class PropertySnippetTest {
  /** −Σ pᵢ log qᵢ with q = softmax(z). */
  static double loss(double[] z, double[] p) {
    double[] q = Softmax.forward(z);
    double loss = 0;
    for (int i = 0; i < z.length; i++) {
      loss -= p[i] * Math.log(q[i]);
    }
    return loss;
  }

  /** q − p: right, since a simplex point sums to 1. */
  static double[] gradient(double[] z, double[] p) {
    double[] g = Softmax.forward(z);
    for (int i = 0; i < g.length; i++) {
      g[i] -= p[i];
    }
    return g;
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
