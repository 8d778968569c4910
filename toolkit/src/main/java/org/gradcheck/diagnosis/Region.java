package org.gradcheck.diagnosis;

import java.util.ArrayList;
import java.util.List;

/**
 * One dense block of the compared grid: ∂(output block)/∂(input block), each row one output scalar
 * and each column one input scalar, with the input block's values at the point when known.
 *
 * @param output the output block
 * @param input the input block
 * @param onlyOutput true if the output is the layout's only output block (blocks are then named by
 *     their input alone: {@code W} rather than {@code ∂y/∂W})
 * @param cells the entries, row-major: {@code cells[i][j]} is ∂output[i]/∂input[j]
 * @param inputValues the input block's values at the point, or null
 * @param outputValues the output block's values f(x) at the point, or null
 * @param columns for a block of which only some columns were compared (the others skipped, as at
 *     kinks), the index in the input block of each column kept; null when every column is here
 */
record Region(
    Block output,
    Block input,
    boolean onlyOutput,
    EntryView[][] cells,
    double[] inputValues,
    double[] outputValues,
    int[] columns) {

  /** The index in the input block of column j (j itself unless columns were skipped). */
  int column(int j) {
    return columns == null ? j : columns[j];
  }

  int rows() {
    return cells.length;
  }

  int cols() {
    return cells[0].length;
  }

  /** The block's name in a report: {@code W}, or {@code ∂y/∂W} when there are several outputs. */
  String name() {
    return onlyOutput ? input.name() : "∂" + output.name() + "/∂" + input.name();
  }

  /** The shape in words, e.g. {@code 3×4}. */
  String shape() {
    return rows() + "×" + cols();
  }

  EntryView at(int i, int j) {
    return cells[i][j];
  }

  double analytic(int i, int j) {
    return cells[i][j].analytic();
  }

  double numeric(int i, int j) {
    return cells[i][j].numeric();
  }

  double tol(int i, int j) {
    return Grid.tol(cells[i][j]);
  }

  int size() {
    return rows() * cols();
  }

  /** How many entries are outside their tolerance. */
  int wrongCount() {
    int n = 0;
    for (EntryView[] row : cells) {
      for (EntryView e : row) {
        n += e.withinTolerance() ? 0 : 1;
      }
    }
    return n;
  }

  /** All entries, row-major. */
  List<EntryView> entries() {
    List<EntryView> out = new ArrayList<>(size());
    for (EntryView[] row : cells) {
      out.addAll(List.of(row));
    }
    return out;
  }

  /** The same block with rows and columns swapped (a view for hypotheses about rows). */
  Region transposed() {
    EntryView[][] t = new EntryView[cols()][rows()];
    for (int i = 0; i < rows(); i++) {
      for (int j = 0; j < cols(); j++) {
        t[j][i] = cells[i][j];
      }
    }
    return new Region(output, input, onlyOutput, t, null, null, null);
  }
}
