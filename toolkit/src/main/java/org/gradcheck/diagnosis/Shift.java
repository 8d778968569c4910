package org.gradcheck.diagnosis;

import static org.gradcheck.diagnosis.Grid.fits;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The analytic columns (or rows) of a block are the numeric ones shifted by k, with the positions
 * shifted in from outside left unchecked: padding ignored, an off-by-one index, an embedding
 * gradient scattered to the row after (k = a row of the matrix input).
 */
final class Shift implements BlockHypothesis {
  @Override
  public List<Hypothesis> test(Region b) {
    List<Hypothesis> columns = shifts(b, "columns", b.input());
    return columns.isEmpty() ? shifts(b.transposed(), "rows", b.output()) : columns;
  }

  private static List<Hypothesis> shifts(Region b, String what, Block along) {
    int n = b.cols();
    if (n < 3) {
      return List.of();
    }
    Set<Integer> ks = new LinkedHashSet<>();
    for (int k = 1; k <= 3 && k < n - 1; k++) {
      ks.add(k);
      ks.add(-k);
    }
    int width = along.rank() == 2 ? along.shape()[1] : 0;
    for (int m = 1; m <= 2 && width > 1 && m * width < n; m++) {
      ks.add(m * width);
      ks.add(-m * width);
    }
    for (int k : ks) {
      int matched = matched(b, k);
      if (matched > 0) {
        boolean inRows = width > 1 && k % width == 0;
        String unit =
            inRows
                ? (Math.abs(k / width) == 1 ? "row" : "rows") + " of " + along.name()
                : (Math.abs(k) == 1 ? "position" : "positions");
        int shown = inRows ? k / width : k;
        return List.of(
            new Hypothesis(Pattern.SHIFTED, Wording.shifted(b, what, shown, matched, unit)));
      }
    }
    return List.of();
  }

  /**
   * How many entries fit analytic[i][j] = numeric[i][j + k], or 0 if the shift does not fit, moves
   * no value distinguishable from zero (zeros shifted are no evidence), or if the positions shifted
   * in from outside carry the wrapped-around values (a roll, which {@link Permutation} names).
   */
  private static int matched(Region b, int k) {
    int n = b.cols();
    int matched = 0;
    boolean explainsWrong = false;
    boolean wraps = true;
    boolean wrapShows = false;
    boolean moves = false;
    for (int i = 0; i < b.rows(); i++) {
      for (int j = 0; j < n; j++) {
        int src = j + k;
        if (src < 0 || src >= n) {
          int w = Math.floorMod(src, n);
          wraps &= fits(b.analytic(i, j), b.numeric(i, w), b.tol(i, j) + b.tol(i, w));
          wrapShows |= Grid.significant(b.at(i, w));
          continue;
        }
        if (!fits(b.analytic(i, j), b.numeric(i, src), b.tol(i, j) + b.tol(i, src))) {
          return 0;
        }
        matched++;
        explainsWrong |= !b.at(i, j).withinTolerance();
        moves |= Grid.significant(b.at(i, src));
      }
    }
    if (wraps && wrapShows) {
      return 0;
    }
    return explainsWrong && moves && 2 * matched >= b.size() ? matched : 0;
  }
}
