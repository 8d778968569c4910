package org.gradcheck.samples.docs;

import org.ejml.data.DMatrixRMaj;

/**
 * The samples' softmax layer on one flat vector, for the user guide's first JUnit example ({@link
 * SoftmaxTest}): its Jacobian Diag(y) − y yᵀ is read off the layer's backward pass (J is symmetric,
 * so row i is Jᵀeᵢ), and the slip y(1 − y) keeps only its diagonal.
 */
final class Softmax {
  private Softmax() {}

  private static DMatrixRMaj row(double[] v) {
    return DMatrixRMaj.wrap(1, v.length, v);
  }

  static double[] forward(double[] z) {
    return org.gradcheck.samples.layers.Softmax.forward(row(z)).data;
  }

  static DMatrixRMaj jacobian(double[] z) {
    int n = z.length;
    DMatrixRMaj j = new DMatrixRMaj(n, n);
    for (int i = 0; i < n; i++) {
      double[] unit = new double[n];
      unit[i] = 1;
      double[] rowI = org.gradcheck.samples.layers.Softmax.backward(row(z), row(unit)).data;
      System.arraycopy(rowI, 0, j.data, i * n, n);
    }
    return j;
  }

  /** The slip the guide's failure output shows: the diagonal y(1 − y) alone. */
  static DMatrixRMaj diagonalOnly(double[] z) {
    DMatrixRMaj j = jacobian(z);
    for (int i = 0; i < z.length; i++) {
      for (int k = 0; k < z.length; k++) {
        if (i != k) {
          j.set(i, k, 0);
        }
      }
    }
    return j;
  }
}
