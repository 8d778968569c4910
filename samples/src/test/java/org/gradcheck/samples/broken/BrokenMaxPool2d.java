package org.gradcheck.samples.broken;

import org.ejml.data.DMatrixRMaj;
import org.gradcheck.samples.layers.MaxPool2d;

/**
 * TEST ONLY: a {@link MaxPool2d} backward pass whose tie test compares with a tolerance: an entry
 * within {@link #TIE_TOLERANCE} of the running maximum counts as tied, and a tie moves the gradient
 * to the later entry. At an exact tie that is still a subgradient, but an entry that is merely
 * close to the maximum is not a maximum, and the gradient it receives is wrong.
 */
public final class BrokenMaxPool2d {
  /** How close to the maximum an entry must be to count as tied. */
  public static final double TIE_TOLERANCE = 1e-3;

  private BrokenMaxPool2d() {}

  /** dX routed to the last entry within the tolerance of the window's running maximum. */
  public static DMatrixRMaj backwardWithLooseTies(MaxPool2d pool, DMatrixRMaj x, DMatrixRMaj dY) {
    int size = pool.size();
    DMatrixRMaj dx = new DMatrixRMaj(x.numRows, x.numCols);
    for (int i = 0; i < dY.numRows; i++) {
      for (int j = 0; j < dY.numCols; j++) {
        int chosen = -1;
        double best = Double.NEGATIVE_INFINITY;
        for (int u = 0; u < size; u++) {
          for (int v = 0; v < size; v++) {
            double value = x.get(i * size + u, j * size + v);
            if (value >= best - TIE_TOLERANCE) { // the slip: "≥ up to rounding" is not a tie
              chosen = (i * size + u) * x.numCols + j * size + v;
            }
            best = Math.max(best, value);
          }
        }
        dx.data[chosen] += dY.get(i, j);
      }
    }
    return dx;
  }
}
