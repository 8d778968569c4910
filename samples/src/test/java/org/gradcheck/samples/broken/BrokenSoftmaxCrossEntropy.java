package org.gradcheck.samples.broken;

import org.ejml.data.DMatrixRMaj;
import org.gradcheck.samples.layers.Softmax;
import org.gradcheck.samples.layers.SoftmaxCrossEntropy;

/**
 * TEST ONLY: {@link SoftmaxCrossEntropy} with the textbook shortcut, right only for labels summing
 * to 1.
 */
public final class BrokenSoftmaxCrossEntropy {
  private BrokenSoftmaxCrossEntropy() {}

  /** dZ = dLoss·(q − p)/B: drops the factor Σp of the right q·Σp − p. */
  public static DMatrixRMaj backwardAssumingNormalisedLabels(
      DMatrixRMaj z, DMatrixRMaj p, double dLoss) {
    DMatrixRMaj dz = Softmax.forward(z);
    for (int i = 0; i < dz.getNumElements(); i++) {
      dz.data[i] = dLoss * (dz.data[i] - p.data[i]) / z.numRows;
    }
    return dz;
  }
}
