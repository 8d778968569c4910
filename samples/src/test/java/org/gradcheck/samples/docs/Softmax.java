package org.gradcheck.samples.docs;

import org.ejml.data.DMatrixRMaj;

/** A flat softmax with its Jacobian Diag(y) − y yᵀ, for the user guide's first JUnit example. */
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

  /** The slip the guide's failure output shows: only the diagonal, y(1 − y). */
  static DMatrixRMaj diagonalOnly(double[] z) {
    double[] y = forward(z);
    DMatrixRMaj j = new DMatrixRMaj(y.length, y.length);
    for (int i = 0; i < y.length; i++) {
      j.set(i, i, y[i] * (1 - y[i]));
    }
    return j;
  }
}
