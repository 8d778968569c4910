package org.gradcheck.diagnosis;

import static org.gradcheck.diagnosis.Grid.fits;

import java.util.ArrayList;
import java.util.List;

/**
 * The analytic columns (or rows) of a block are the numeric ones in another order: reversed (a
 * flipped kernel), reversed within each row of a matrix input, rolled, or otherwise permuted.
 */
final class Permutation implements BlockHypothesis {
  private static final int MAX = 256;

  @Override
  public List<Hypothesis> test(Region b) {
    List<Hypothesis> columns = columns(b, "columns");
    return columns.isEmpty() ? columns(b.transposed(), "rows") : columns;
  }

  private static List<Hypothesis> columns(Region b, String what) {
    int n = b.cols();
    if (n < 2 || n > MAX) {
      return List.of();
    }
    int[] to = new int[n];
    boolean[] used = new boolean[n];
    boolean moved = false;
    for (int j = 0; j < n; j++) {
      int found = -1;
      for (int k : order(j, n)) {
        if (!used[k] && sameColumn(b, j, k)) {
          found = k;
          break;
        }
      }
      if (found < 0) {
        return List.of();
      }
      used[found] = true;
      to[j] = found;
      moved |= found != j && differ(b, j, found);
    }
    if (!moved) {
      return List.of();
    }
    return List.of(new Hypothesis(Pattern.PERMUTED, Wording.permuted(b, what, how(b, to, what))));
  }

  /** Candidates for column j: itself, its mirror, then all others. */
  private static List<Integer> order(int j, int n) {
    List<Integer> out = new ArrayList<>(n);
    out.add(j);
    if (n - 1 - j != j) {
      out.add(n - 1 - j);
    }
    for (int k = 0; k < n; k++) {
      if (k != j && k != n - 1 - j) {
        out.add(k);
      }
    }
    return out;
  }

  private static boolean sameColumn(Region b, int j, int k) {
    for (int i = 0; i < b.rows(); i++) {
      if (!fits(b.analytic(i, j), b.numeric(i, k), b.tol(i, j) + b.tol(i, k))) {
        return false;
      }
    }
    return true;
  }

  private static boolean differ(Region b, int j, int k) {
    for (int i = 0; i < b.rows(); i++) {
      if (!b.at(i, j).withinTolerance()) {
        return true;
      }
    }
    return false;
  }

  private static String how(Region b, int[] to, String what) {
    int n = to.length;
    boolean reversed = true;
    for (int j = 0; j < n; j++) {
      reversed &= to[j] == n - 1 - j;
    }
    if (reversed) {
      return Wording.reversedHow(what);
    }
    Block t = b.input();
    if (what.equals("columns") && t.rank() == 2) {
      int c = t.shape()[1];
      boolean rowWise = true;
      for (int j = 0; j < n; j++) {
        rowWise &= to[j] == (j / c) * c + (c - 1 - j % c);
      }
      if (rowWise) {
        return Wording.reversedWithinRows(t.name());
      }
    }
    for (int k = 1; k < n; k++) {
      boolean rolled = true;
      for (int j = 0; j < n && rolled; j++) {
        rolled = to[j] == (j + k) % n;
      }
      if (rolled) {
        return Wording.rolledHow(k);
      }
    }
    List<String> pairs = new ArrayList<>();
    for (int j = 0; j < n && pairs.size() < 6; j++) {
      if (to[j] != j) {
        pairs.add(j + " ← " + to[j]);
      }
    }
    return Wording.permutedHow(String.join(", ", pairs));
  }
}
