package org.gradcheck;

import java.util.function.DoubleUnaryOperator;

/**
 * Test fixture: a scalar function applied to each input (a diagonal Jacobian), and its backward
 * pass, correct or with one entry scaled.
 */
public final class Elementwise {
  private Elementwise() {}

  /** {@return y_i = f(x_i)} */
  public static VectorFunction map(DoubleUnaryOperator f) {
    return x -> {
      double[] y = new double[x.length];
      for (int i = 0; i < x.length; i++) {
        y[i] = f.applyAsDouble(x[i]);
      }
      return y;
    };
  }

  /** {@return the backward pass g ↦ g ⊙ f′(x)} */
  public static VectorJacobianProduct backward(DoubleUnaryOperator derivative) {
    return backward(derivative, -1, 1.0);
  }

  /**
   * {@return the backward pass g ↦ g ⊙ f′(x) with entry {@code index} times {@code factor}} (−1:
   * none)
   */
  public static VectorJacobianProduct backward(
      DoubleUnaryOperator derivative, int index, double factor) {
    return (x, g) -> {
      double[] out = new double[x.length];
      for (int i = 0; i < x.length; i++) {
        out[i] = g[i] * derivative.applyAsDouble(x[i]) * (i == index ? factor : 1.0);
      }
      return out;
    };
  }
}
