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
    if (b.columns() != null) {
      return columns; // its rows lack the skipped columns: only the kept columns can be matched
    }
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
      moved |= found != j && wrongIn(b, j);
    }
    if (!moved) {
      return List.of();
    }
    String how = how(b, to, what);
    return List.of(
        new Hypothesis(
            Pattern.PERMUTED,
            b.columns() == null ? Wording.permuted(b, what, how) : Wording.permutedAmong(b, how)));
  }

  /** Candidates for column j: itself, then the others nearest first. */
  private static List<Integer> order(int j, int n) {
    List<Integer> out = new ArrayList<>(n);
    out.add(j);
    for (int d = 1; d < n; d++) {
      if (j + d < n) {
        out.add(j + d);
      }
      if (j - d >= 0) {
        out.add(j - d);
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

  /** True if column j holds a wrong entry. */
  private static boolean wrongIn(Region b, int j) {
    for (int i = 0; i < b.rows(); i++) {
      if (!b.at(i, j).withinTolerance()) {
        return true;
      }
    }
    return false;
  }

  /** True if numeric column k is distinguishable from zero somewhere. */
  private static boolean shows(Region b, int k) {
    for (int i = 0; i < b.rows(); i++) {
      if (Grid.significant(b.at(i, k))) {
        return true;
      }
    }
    return false;
  }

  private static String how(Region b, int[] to, String what) {
    int n = to.length;
    if (b.columns() != null) {
      return Wording.permutedHow(pairs(b, to));
    }
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
    return Wording.permutedHow(pairs(b, to));
  }

  /** The moved columns as {@code j ← k}, indexed in the input block, at most six. */
  private static String pairs(Region b, int[] to) {
    List<String> pairs = new ArrayList<>();
    for (int j = 0; j < to.length && pairs.size() < 6; j++) {
      if (to[j] != j && (wrongIn(b, j) || shows(b, to[j]))) {
        pairs.add(b.column(j) + " ← " + b.column(to[j]));
      }
    }
    return String.join(", ", pairs);
  }
}
