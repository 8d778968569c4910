package org.gradcheck.samples.layers;

import org.apiguardian.api.API;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/** The weight-decay (L2) penalty R(W) = λ/2·‖W‖², whose gradient is λ·W. */
@API(status = API.Status.EXPERIMENTAL, since = "0.2")
public final class WeightDecay {
  private WeightDecay() {}

  /** λ/2 times the sum of the squared entries of {@code w}. */
  public static double forward(DMatrixRMaj w, double lambda) {
    double sumOfSquares = 0;
    for (int i = 0; i < w.getNumElements(); i++) {
      sumOfSquares += w.data[i] * w.data[i];
    }
    return 0.5 * lambda * sumOfSquares;
  }

  /** dW = dR·λ·W, {@code dR} being the upstream gradient of the scalar penalty. */
  public static DMatrixRMaj backward(DMatrixRMaj w, double lambda, double dR) {
    DMatrixRMaj dw = new DMatrixRMaj(w.numRows, w.numCols);
    CommonOps_DDRM.scale(dR * lambda, w, dw);
    return dw;
  }
}
