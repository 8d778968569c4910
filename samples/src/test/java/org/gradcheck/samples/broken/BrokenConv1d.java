package org.gradcheck.samples.broken;

import org.ejml.data.DMatrixRMaj;
import org.gradcheck.samples.layers.Conv1d;

/**
 * TEST ONLY: a {@link Conv1d} backward pass that computes the input gradient as a full convolution
 * of dY with the kernel as stored, forgetting to reverse its taps (t ↦ k − 1 − t).
 */
public final class BrokenConv1d {
  private BrokenConv1d() {}

  /** dX with the kernel not reversed; dW and db are right. */
  public static Conv1d.Grads backwardWithKernelNotReversed(
      Conv1d conv, DMatrixRMaj x, DMatrixRMaj w, double[] b, DMatrixRMaj dY) {
    Conv1d.Grads right = conv.backward(x, w, b, dY);
    DMatrixRMaj reversed = new DMatrixRMaj(w.numRows, w.numCols);
    int k = conv.kernel();
    for (int o = 0; o < w.numRows; o++) {
      for (int column = 0; column < w.numCols; column++) {
        int channel = column / k;
        int tap = column % k;
        reversed.set(o, channel * k + (k - 1 - tap), w.get(o, column));
      }
    }
    // scattering dY through the reversed taps is the same as convolving with the unreversed kernel
    return new Conv1d.Grads(conv.backward(x, reversed, b, dY).dX(), right.dW(), right.db());
  }
}
