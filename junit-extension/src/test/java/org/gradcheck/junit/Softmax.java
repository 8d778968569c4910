package org.gradcheck.junit;

import org.ejml.data.DMatrixRMaj;

/** Softmax with its right Jacobian and the classic wrong one, for the extension's fixtures. */
final class Softmax {
  private Softmax() {}

  static double[] forward(double[] z) {
    double max = Double.NEGATIVE_INFINITY;
    for (double v : z) {
      max = Math.max(max, v);
    }
    double[] y = new double[z.length];
    double sum = 0;
    for (int i = 0; i < z.length; i++) {
      y[i] = Math.exp(z[i] - max);
      sum += y[i];
    }
    for (int i = 0; i < z.length; i++) {
      y[i] /= sum;
    }
    return y;
  }

  /** Diag(y) − y yᵀ. */
  static DMatrixRMaj jacobian(double[] z) {
    double[] y = forward(z);
    DMatrixRMaj j = new DMatrixRMaj(y.length, y.length);
    for (int i = 0; i < y.length; i++) {
      for (int k = 0; k < y.length; k++) {
        j.set(i, k, (i == k ? y[i] : 0) - y[i] * y[k]);
      }
    }
    return j;
  }

  /** The diagonal only, y(1 − y): the Kronecker delta misunderstood. */
  static DMatrixRMaj diagonalOnlyJacobian(double[] z) {
    double[] y = forward(z);
    DMatrixRMaj j = new DMatrixRMaj(y.length, y.length);
    for (int i = 0; i < y.length; i++) {
      j.set(i, i, y[i] * (1 - y[i]));
    }
    return j;
  }
}
