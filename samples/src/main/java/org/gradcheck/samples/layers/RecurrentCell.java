package org.gradcheck.samples.layers;

import org.apiguardian.api.API;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * A recurrent cell h′ = step(x, h; W, U, b) with input weights W, recurrent weights U and bias b,
 * unrolled over the rows of X (steps×in) from the initial state h0. The same W, U and b act at
 * every step, so their gradients are the <em>sums</em> of the per-step gradients (backpropagation
 * through time); the gradient reaching h0 is what flows out of the first step.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.2")
public interface RecurrentCell {

  /** The gradients of one step with respect to its input x, its state h, and W, U, b. */
  record StepGrads(double[] dx, double[] dh, DMatrixRMaj dW, DMatrixRMaj dU, double[] db) {}

  /** The gradients of the unrolled cell with respect to X (steps×in), h0, W, U and b. */
  record Grads(DMatrixRMaj dX, double[] dH0, DMatrixRMaj dW, DMatrixRMaj dU, double[] db) {}

  /** The next state for input {@code x} and state {@code h}; no argument is modified. */
  double[] step(double[] x, double[] h, DMatrixRMaj w, DMatrixRMaj u, double[] b);

  /** One step's backward pass for the upstream gradient {@code dNext} of its output state. */
  StepGrads stepBackward(
      double[] x, double[] h, DMatrixRMaj w, DMatrixRMaj u, double[] b, double[] dNext);

  /** Every state h_1 … h_T as the rows of a steps×hidden matrix. */
  default DMatrixRMaj forward(
      DMatrixRMaj x, double[] h0, DMatrixRMaj w, DMatrixRMaj u, double[] b) {
    DMatrixRMaj states = new DMatrixRMaj(x.numRows, h0.length);
    double[] h = h0;
    for (int t = 0; t < x.numRows; t++) {
      h = step(row(x, t), h, w, u, b);
      System.arraycopy(h, 0, states.data, t * h0.length, h0.length);
    }
    return states;
  }

  /**
   * Backpropagation through time for the upstream gradient dStates (steps×hidden, one row per
   * state): walking back from the last step, the gradient of state t is its own upstream row plus
   * what step t + 1 sends back; the weight gradients of all steps are added up. No argument is
   * modified.
   */
  default Grads backward(
      DMatrixRMaj x, double[] h0, DMatrixRMaj w, DMatrixRMaj u, double[] b, DMatrixRMaj dStates) {
    double[][] states = states(x, h0, w, u, b);
    DMatrixRMaj dx = new DMatrixRMaj(x.numRows, x.numCols);
    DMatrixRMaj dw = new DMatrixRMaj(w.numRows, w.numCols);
    DMatrixRMaj du = new DMatrixRMaj(u.numRows, u.numCols);
    double[] db = new double[b.length];
    double[] dh = new double[h0.length];
    for (int t = x.numRows - 1; t >= 0; t--) {
      for (int k = 0; k < dh.length; k++) {
        dh[k] += dStates.unsafe_get(t, k);
      }
      StepGrads g = stepBackward(row(x, t), states[t], w, u, b, dh);
      System.arraycopy(g.dx(), 0, dx.data, t * x.numCols, x.numCols);
      CommonOps_DDRM.addEquals(dw, g.dW()); // shared weights: accumulate over the steps
      CommonOps_DDRM.addEquals(du, g.dU());
      for (int k = 0; k < db.length; k++) {
        db[k] += g.db()[k];
      }
      dh = g.dh();
    }
    return new Grads(dx, dh, dw, du, db);
  }

  /** h_0 … h_{T−1}: the state each step starts from. */
  default double[][] states(DMatrixRMaj x, double[] h0, DMatrixRMaj w, DMatrixRMaj u, double[] b) {
    double[][] states = new double[x.numRows][];
    double[] h = h0;
    for (int t = 0; t < x.numRows; t++) {
      states[t] = h;
      h = step(row(x, t), h, w, u, b);
    }
    return states;
  }

  /** Row t of {@code x}, copied. */
  private static double[] row(DMatrixRMaj x, int t) {
    double[] row = new double[x.numCols];
    System.arraycopy(x.data, t * x.numCols, row, 0, x.numCols);
    return row;
  }
}
