package org.gradcheck.samples.broken;

import org.ejml.data.DMatrixRMaj;

/**
 * TEST ONLY: an embedding backward pass that assigns each looked-up row's gradient instead of
 * adding it, so a row named by several indices keeps only the last one's.
 */
public final class BrokenEmbedding {
  private BrokenEmbedding() {}

  /** dTable with repeated indices overwriting each other. */
  public static DMatrixRMaj backwardOverwritingRepeats(
      DMatrixRMaj table, int[] indices, DMatrixRMaj dY) {
    DMatrixRMaj dTable = new DMatrixRMaj(table.numRows, table.numCols);
    for (int n = 0; n < indices.length; n++) {
      for (int d = 0; d < table.numCols; d++) {
        dTable.set(indices[n], d, dY.get(n, d));
      }
    }
    return dTable;
  }
}
