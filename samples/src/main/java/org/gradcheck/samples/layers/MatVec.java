package org.gradcheck.samples.layers;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/** The matrix–vector products the recurrent cells need, on plain {@code double[]} vectors. */
final class MatVec {
  private MatVec() {}

  /** M·v. */
  static double[] times(DMatrixRMaj m, double[] v) {
    DMatrixRMaj out = new DMatrixRMaj(m.numRows, 1);
    CommonOps_DDRM.mult(m, DMatrixRMaj.wrap(v.length, 1, v), out);
    return out.data;
  }

  /** Mᵀ·v. */
  static double[] transposeTimes(DMatrixRMaj m, double[] v) {
    DMatrixRMaj out = new DMatrixRMaj(m.numCols, 1);
    CommonOps_DDRM.multTransA(m, DMatrixRMaj.wrap(v.length, 1, v), out);
    return out.data;
  }

  /** The outer product u·vᵀ. */
  static DMatrixRMaj outer(double[] u, double[] v) {
    DMatrixRMaj out = new DMatrixRMaj(u.length, v.length);
    CommonOps_DDRM.multTransB(
        DMatrixRMaj.wrap(u.length, 1, u), DMatrixRMaj.wrap(v.length, 1, v), out);
    return out;
  }
}
