package org.gradcheck.diagnosis;

import static org.gradcheck.diagnosis.Grid.fits;

import java.util.List;

/** A square block whose analytic side is the transpose of the numeric one. */
final class TransposedBlock implements BlockHypothesis {
  @Override
  public List<Hypothesis> test(Region b) {
    int n = b.rows();
    if (n != b.cols() || n < 2) {
      return List.of();
    }
    boolean asymmetric = false;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        double t = b.tol(i, j) + b.tol(j, i);
        if (!fits(b.analytic(i, j), b.numeric(j, i), t)) {
          return List.of();
        }
        asymmetric |= !fits(b.numeric(i, j), b.numeric(j, i), t);
      }
    }
    return asymmetric
        ? List.of(new Hypothesis(Pattern.TRANSPOSED, Wording.transposedBlock(b)))
        : List.of();
  }
}
