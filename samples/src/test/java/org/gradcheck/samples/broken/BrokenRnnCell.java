package org.gradcheck.samples.broken;

import org.ejml.data.DMatrixRMaj;
import org.gradcheck.samples.layers.RecurrentCell;
import org.gradcheck.samples.layers.RnnCell;

/**
 * TEST ONLY: an {@link RnnCell} whose unrolled backward pass assigns each step's weight gradients
 * instead of adding them, so only the first step's contribution (the last one computed) survives.
 */
public record BrokenRnnCell() implements RecurrentCell {
  private static final RnnCell RIGHT = new RnnCell();

  @Override
  public double[] step(double[] x, double[] h, DMatrixRMaj w, DMatrixRMaj u, double[] b) {
    return RIGHT.step(x, h, w, u, b);
  }

  @Override
  public StepGrads stepBackward(
      double[] x, double[] h, DMatrixRMaj w, DMatrixRMaj u, double[] b, double[] dNext) {
    return RIGHT.stepBackward(x, h, w, u, b, dNext);
  }

  @Override
  public Grads backward(
      DMatrixRMaj x, double[] h0, DMatrixRMaj w, DMatrixRMaj u, double[] b, DMatrixRMaj dStates) {
    double[][] states = states(x, h0, w, u, b);
    DMatrixRMaj dx = new DMatrixRMaj(x.numRows, x.numCols);
    StepGrads g = null;
    double[] dh = new double[h0.length];
    for (int t = x.numRows - 1; t >= 0; t--) {
      for (int k = 0; k < dh.length; k++) {
        dh[k] += dStates.unsafe_get(t, k);
      }
      double[] xt = new double[x.numCols];
      System.arraycopy(x.data, t * x.numCols, xt, 0, x.numCols);
      g = stepBackward(xt, states[t], w, u, b, dh);
      System.arraycopy(g.dx(), 0, dx.data, t * x.numCols, x.numCols);
      dh = g.dh();
    }
    // the slip: dW, dU and db are step 0's alone, not the sum over the steps
    return new Grads(dx, dh, g.dW(), g.dU(), g.db());
  }
}
