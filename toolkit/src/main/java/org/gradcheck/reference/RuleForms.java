package org.gradcheck.reference;

import java.util.function.DoubleUnaryOperator;
import org.ejml.data.DMatrixRMaj;
import org.gradcheck.GradientFunction;
import org.gradcheck.registry.GradientRule;

/**
 * The shapes that recur among the reference rules, with all three derivative forms: a scalar loss
 * whose derivative is one gradient vector, and an elementwise map whose Jacobian is diagonal.
 */
final class RuleForms {
  private RuleForms() {}

  /**
   * Gives a scalar-output rule its derivative from the gradient ∇L (inputSize values, zeros at
   * constants): Jacobian = the row ∇Lᵀ, VJP = g₀·∇L, JVP = ⟨∇L, u⟩.
   */
  static GradientRule.Builder withGradient(GradientRule.Builder b, GradientFunction gradient) {
    return b.gradient(gradient);
  }

  /**
   * Gives an elementwise rule y_i = f(x_i) its forward pass and derivatives from f and f′: Jacobian
   * Diag(f′(x)), VJP g ⊙ f′(x), JVP u ⊙ f′(x).
   */
  static GradientRule.Builder elementwise(
      GradientRule.Builder b, DoubleUnaryOperator f, DoubleUnaryOperator derivative) {
    return b.forward(x -> map(x, f))
        .jacobian(
            x -> {
              DMatrixRMaj j = new DMatrixRMaj(x.length, x.length);
              for (int i = 0; i < x.length; i++) {
                j.unsafe_set(i, i, derivative.applyAsDouble(x[i]));
              }
              return j;
            })
        .vjp((x, g) -> times(map(x, derivative), g))
        .jvp((x, u) -> times(map(x, derivative), u));
  }

  static double[] map(double[] x, DoubleUnaryOperator f) {
    double[] y = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = f.applyAsDouble(x[i]);
    }
    return y;
  }

  /** a ⊙ b into a fresh array. */
  static double[] times(double[] a, double[] b) {
    double[] y = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      y[i] = a[i] * b[i];
    }
    return y;
  }
}
