package org.gradcheck.diagnosis;

import static org.gradcheck.diagnosis.Grid.fits;

import java.util.List;

/**
 * The gradient of a matrix input W (r×c) laid out as Wᵀ: the analytic value at flat position k is
 * the numeric one of W[k mod r, k div r], for every output row (a dense layer's dW = x gᵀ written g
 * xᵀ).
 */
final class TransposedMatrixInput implements BlockHypothesis {
  @Override
  public List<Hypothesis> test(Region b) {
    Block t = b.input();
    if (t.rank() != 2 || t.shape()[0] < 2 || t.shape()[1] < 2) {
      return List.of();
    }
    int r = t.shape()[0];
    int c = t.shape()[1];
    boolean differs = false;
    for (int i = 0; i < b.rows(); i++) {
      for (int k = 0; k < r * c; k++) {
        int src = (k % r) * c + k / r;
        double tol = b.tol(i, k) + b.tol(i, src);
        if (!fits(b.analytic(i, k), b.numeric(i, src), tol)) {
          return List.of();
        }
        differs |= !fits(b.numeric(i, k), b.numeric(i, src), tol);
      }
    }
    return differs
        ? List.of(new Hypothesis(Pattern.TRANSPOSED, Wording.transposedMatrixInput(b, r, c)))
        : List.of();
  }
}
