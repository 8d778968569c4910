package org.gradcheck.samples.layers;

import org.apiguardian.api.API;
import org.ejml.data.DMatrixRMaj;

/**
 * An embedding lookup: row n of the output is row {@code indices[n]} of the table (vocabulary×dim).
 * The indices are data, not parameters: only the table has a gradient, and it is sparse: rows no
 * index names get zero, and a row named several times gets the <em>sum</em> of their gradients.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.2")
public final class Embedding {
  private Embedding() {}

  /** Y (indices.length×dim) with Y[n] = table[indices[n]]; no argument is modified. */
  public static DMatrixRMaj forward(DMatrixRMaj table, int[] indices) {
    DMatrixRMaj y = new DMatrixRMaj(indices.length, table.numCols);
    for (int n = 0; n < indices.length; n++) {
      System.arraycopy(
          table.data, indices[n] * table.numCols, y.data, n * table.numCols, table.numCols);
    }
    return y;
  }

  /** dTable: dY's row n added into row indices[n] (repeated indices accumulate). */
  public static DMatrixRMaj backward(DMatrixRMaj table, int[] indices, DMatrixRMaj dY) {
    DMatrixRMaj dTable = new DMatrixRMaj(table.numRows, table.numCols);
    for (int n = 0; n < indices.length; n++) {
      for (int d = 0; d < table.numCols; d++) {
        dTable.add(indices[n], d, dY.unsafe_get(n, d));
      }
    }
    return dTable;
  }
}
