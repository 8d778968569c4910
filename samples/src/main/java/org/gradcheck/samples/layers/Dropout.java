package org.gradcheck.samples.layers;

import org.apiguardian.api.API;
import org.ejml.data.DMatrixRMaj;

/**
 * Inverted dropout with a fixed mask: Y = X ⊙ mask/(1 − p), where mask holds 0 (dropped) or 1
 * (kept) and p is the drop probability that drew it. The mask is drawn once outside the layer and
 * passed in, so forward and backward see the same one: a constant input, not differentiated.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.2")
public final class Dropout {
  private Dropout() {}

  /** Y = X ⊙ mask/(1 − p); no argument is modified. */
  public static DMatrixRMaj forward(DMatrixRMaj x, DMatrixRMaj mask, double p) {
    return scaleByMask(x, mask, p);
  }

  /** dX = dY ⊙ mask/(1 − p): the layer is linear in X. */
  public static DMatrixRMaj backward(DMatrixRMaj x, DMatrixRMaj mask, double p, DMatrixRMaj dY) {
    return scaleByMask(dY, mask, p);
  }

  private static DMatrixRMaj scaleByMask(DMatrixRMaj m, DMatrixRMaj mask, double p) {
    DMatrixRMaj out = new DMatrixRMaj(m.numRows, m.numCols);
    double scale = 1 / (1 - p);
    for (int i = 0; i < m.getNumElements(); i++) {
      out.data[i] = m.data[i] * mask.data[i] * scale;
    }
    return out;
  }
}
