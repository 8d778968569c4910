package org.gradcheck.samples.layers;

import org.apiguardian.api.API;
import org.ejml.data.DMatrixRMaj;

/**
 * An elementwise activation y = f(x): {@link #forward} applies f to every entry, {@link #backward}
 * multiplies the upstream gradient by f′(x) entry by entry (the Jacobian is diagonal).
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.2")
public interface Activation {
  /** f(x) for one scalar. */
  double value(double x);

  /** f′(x) for one scalar (at a kink: the one-sided value the implementation documents). */
  double derivative(double x);

  /** Y = f(X) entrywise; {@code x} is not modified. */
  default DMatrixRMaj forward(DMatrixRMaj x) {
    DMatrixRMaj y = new DMatrixRMaj(x.numRows, x.numCols);
    for (int i = 0; i < x.getNumElements(); i++) {
      y.data[i] = value(x.data[i]);
    }
    return y;
  }

  /** dX = dY ⊙ f′(X); neither argument is modified. */
  default DMatrixRMaj backward(DMatrixRMaj x, DMatrixRMaj dY) {
    DMatrixRMaj dx = new DMatrixRMaj(x.numRows, x.numCols);
    for (int i = 0; i < x.getNumElements(); i++) {
      dx.data[i] = dY.data[i] * derivative(x.data[i]);
    }
    return dx;
  }
}
