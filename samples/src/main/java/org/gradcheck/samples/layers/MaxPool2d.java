package org.gradcheck.samples.layers;

import org.apiguardian.api.API;
import org.ejml.data.DMatrixRMaj;

/**
 * Non-overlapping 2-D max-pooling: X (H×W) is cut into size×size windows (a remainder at the bottom
 * or right is dropped) and each output is its window's maximum.
 *
 * <p><b>Ties.</b> The backward pass routes each window's gradient to its <em>first</em> maximal
 * entry in row-major order. Where two entries tie for the maximum the function has a kink: the
 * derivative along either entry is 1 from one side and 0 from the other, so no gradient exists and
 * the first-maximum rule picks a subgradient (the one PyTorch picks too).
 *
 * @param size the window's side, ≥ 1 (also the stride)
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.2")
public record MaxPool2d(int size) {

  /** Validates the window size. */
  public MaxPool2d {
    if (size < 1) {
      throw new IllegalArgumentException("window size is " + size + ", expected ≥ 1");
    }
  }

  /** Each window's maximum; {@code x} is not modified. */
  public DMatrixRMaj forward(DMatrixRMaj x) {
    DMatrixRMaj y = new DMatrixRMaj(x.numRows / size, x.numCols / size);
    for (int i = 0; i < y.numRows; i++) {
      for (int j = 0; j < y.numCols; j++) {
        y.unsafe_set(i, j, x.get(argmax(x, i, j)));
      }
    }
    return y;
  }

  /** dX: each dY[i, j] at its window's first maximal entry, zero elsewhere. */
  public DMatrixRMaj backward(DMatrixRMaj x, DMatrixRMaj dY) {
    DMatrixRMaj dx = new DMatrixRMaj(x.numRows, x.numCols);
    for (int i = 0; i < dY.numRows; i++) {
      for (int j = 0; j < dY.numCols; j++) {
        dx.data[argmax(x, i, j)] += dY.unsafe_get(i, j);
      }
    }
    return dx;
  }

  /** The flat index into {@code x} of window (i, j)'s first maximum (strict {@code >} keeps it). */
  public int argmax(DMatrixRMaj x, int i, int j) {
    int best = -1;
    for (int u = 0; u < size; u++) {
      for (int v = 0; v < size; v++) {
        int index = (i * size + u) * x.numCols + j * size + v;
        if (best < 0 || x.data[index] > x.data[best]) {
          best = index;
        }
      }
    }
    return best;
  }
}
