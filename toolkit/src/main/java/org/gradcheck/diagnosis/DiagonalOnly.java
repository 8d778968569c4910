package org.gradcheck.diagnosis;

import static org.gradcheck.diagnosis.Grid.fits;
import static org.gradcheck.diagnosis.Grid.significant;

import java.util.List;

/** A square block right on its diagonal and zero off it where the numeric side is not. */
final class DiagonalOnly implements BlockHypothesis {
  @Override
  public List<Hypothesis> test(Region b) {
    int n = b.rows();
    if (n != b.cols() || n < 2) {
      return List.of();
    }
    EntryView top = null;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        EntryView e = b.at(i, j);
        if (i == j) {
          if (!e.withinTolerance()) {
            return List.of();
          }
        } else {
          if (!fits(e.analytic(), 0.0, b.tol(i, j))) {
            return List.of();
          }
          if (significant(e) && (top == null || Math.abs(e.numeric()) > Math.abs(top.numeric()))) {
            top = e;
          }
        }
      }
    }
    return top == null
        ? List.of()
        : List.of(
            new Hypothesis(
                Pattern.DIAGONAL_ONLY,
                Wording.diagonalOnly(b, Math.abs(top.numeric()), top.label())));
  }
}
