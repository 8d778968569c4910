package org.gradcheck.samples.layers;

import org.apiguardian.api.API;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * Scaled dot-product attention, one head: Y = softmax(Q·Kᵀ/√d)·V with queries Q (n×d), keys K (m×d)
 * and values V (m×dv); the softmax runs over each query's row of scores.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.2")
public final class Attention {
  private Attention() {}

  /** The gradients with respect to Q, K and V. */
  public record Grads(DMatrixRMaj dQ, DMatrixRMaj dK, DMatrixRMaj dV) {}

  /** Y (n×dv); no argument is modified. */
  public static DMatrixRMaj forward(DMatrixRMaj q, DMatrixRMaj k, DMatrixRMaj v) {
    DMatrixRMaj y = new DMatrixRMaj(q.numRows, v.numCols);
    CommonOps_DDRM.mult(weights(q, k), v, y);
    return y;
  }

  /**
   * With A = softmax(S), S = Q·Kᵀ/√d: dV = Aᵀ·dY, dA = dY·Vᵀ, dS = softmax's backward of dA, dQ =
   * dS·K/√d and dK = dSᵀ·Q/√d. No argument is modified.
   */
  public static Grads backward(DMatrixRMaj q, DMatrixRMaj k, DMatrixRMaj v, DMatrixRMaj dY) {
    DMatrixRMaj a = weights(q, k);
    DMatrixRMaj dv = new DMatrixRMaj(v.numRows, v.numCols);
    CommonOps_DDRM.multTransA(a, dY, dv);
    DMatrixRMaj da = new DMatrixRMaj(a.numRows, a.numCols);
    CommonOps_DDRM.multTransB(dY, v, da);
    DMatrixRMaj ds = Softmax.backwardFromOutput(a, da);
    double scale = 1 / Math.sqrt(q.numCols);
    DMatrixRMaj dq = new DMatrixRMaj(q.numRows, q.numCols);
    CommonOps_DDRM.mult(scale, ds, k, dq);
    DMatrixRMaj dk = new DMatrixRMaj(k.numRows, k.numCols);
    CommonOps_DDRM.multTransA(scale, ds, q, dk);
    return new Grads(dq, dk, dv);
  }

  /** A = softmax(Q·Kᵀ/√d), n×m. */
  private static DMatrixRMaj weights(DMatrixRMaj q, DMatrixRMaj k) {
    DMatrixRMaj s = new DMatrixRMaj(q.numRows, k.numRows);
    CommonOps_DDRM.multTransB(1 / Math.sqrt(q.numCols), q, k, s);
    return Softmax.forward(s);
  }
}
