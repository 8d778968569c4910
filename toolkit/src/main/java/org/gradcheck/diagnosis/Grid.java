package org.gradcheck.diagnosis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * The shared view every hypothesis reads: the compared entries, those that are wrong, the entries
 * that name a position (output row × input column; FAST probes and projections do not), the layout
 * and the point. It also cuts the grid into its dense blocks (output block × input block).
 */
final class Grid {
  private static final long MAX_BLOCK = 1_000_000;

  private final List<EntryView> all;
  private final List<EntryView> wrong = new ArrayList<>();
  private final Map<Long, EntryView> cells = new HashMap<>();
  private final Layout layout;
  private final double[] x;
  private final double[] y;

  Grid(List<? extends EntryView> entries, Layout given, double[] point) {
    this(entries, given, point, null);
  }

  /**
   * The grid of these entries; {@code outputs} are f(x) (ignored unless of the layout's output
   * size), read by hypotheses about terms weighted by the outputs.
   */
  Grid(List<? extends EntryView> entries, Layout given, double[] point, double[] outputs) {
    Objects.requireNonNull(entries, "compared entries");
    List<EntryView> copy = new ArrayList<>(entries.size());
    int maxOut = -1;
    int maxIn = -1;
    for (int k = 0; k < entries.size(); k++) {
      EntryView e = entries.get(k);
      if (e == null) {
        throw new IllegalArgumentException("compared entry " + k + " is null");
      }
      copy.add(e);
      if (!e.withinTolerance()) {
        wrong.add(e);
      }
      if (located(e)) {
        maxOut = Math.max(maxOut, e.outputIndex());
        maxIn = Math.max(maxIn, e.inputIndex());
        cells.put(key(e.outputIndex(), e.inputIndex()), e);
      }
    }
    this.all = copy;
    Layout s = given;
    if (s != null && (maxOut >= s.outputSize() || maxIn >= s.inputSize())) {
      s = null; // the entries do not belong to this layout: fall back to flat indices
    }
    if (s == null && maxOut >= 0 && maxIn >= 0) {
      s = new FlatLayout(maxIn + 1, maxOut + 1);
    }
    this.layout = s;
    this.x = point != null && s != null && point.length == s.inputSize() ? point : null;
    this.y = outputs != null && s != null && outputs.length == s.outputSize() ? outputs : null;
  }

  private static long key(int output, int input) {
    return ((long) output << 32) | (input & 0xffffffffL);
  }

  /** True for an entry at a position; false for a FAST probe or a projection. */
  static boolean located(EntryView e) {
    return e.outputIndex() >= 0 && e.inputIndex() >= 0;
  }

  static boolean finite(EntryView e) {
    return Double.isFinite(e.analytic()) && Double.isFinite(e.numeric());
  }

  /** The tolerance one entry's numbers are compared with. */
  static double tol(EntryView e) {
    double t = Math.max(e.allowed(), e.numericError());
    return Double.isFinite(t) && t > 0 ? t : 0.0;
  }

  /** The numeric value is clearly distinguishable from zero. */
  static boolean significant(EntryView e) {
    return finite(e) && Math.abs(e.numeric()) > Math.max(tol(e), 2 * e.numericError());
  }

  static boolean fits(double observed, double predicted, double tolerance) {
    double d = Math.abs(observed - predicted);
    return d <= tolerance || d <= 1e-12 * Math.max(Math.abs(observed), Math.abs(predicted));
  }

  List<EntryView> all() {
    return all;
  }

  List<EntryView> wrong() {
    return wrong;
  }

  /** How many entries name a position (probes and projections do not). */
  int locatedCount() {
    return cells.size();
  }

  /** True if every entry names a position (a FULL or SAMPLED comparison, not FAST probes). */
  boolean allLocated() {
    return cells.size() == all.size();
  }

  /** The layout, or null when the entries name no position at all. */
  Layout layout() {
    return layout;
  }

  /** The point, or null when unknown or not of the layout's size. */
  double[] x() {
    return x;
  }

  EntryView at(int output, int input) {
    return cells.get(key(output, input));
  }

  /** The located, finite entries that {@code keep} accepts, in row-major order. */
  List<EntryView> select(Predicate<EntryView> keep) {
    return cells.values().stream()
        .filter(keep)
        .filter(Grid::finite)
        .sorted(
            Comparator.comparingInt(EntryView::outputIndex).thenComparingInt(EntryView::inputIndex))
        .toList();
  }

  /**
   * The dense block ∂(output block p)/∂(input block q), or null if it is too large, incomplete or
   * not finite.
   */
  Region block(int p, int q) {
    Block out = layout.outputs().get(p);
    Block in = layout.inputs().get(q);
    int o0 = layout.outputOffset(out.name());
    int i0 = layout.inputOffset(in.name());
    int rows = out.size();
    int cols = in.size();
    if ((long) rows * cols > MAX_BLOCK || rows == 0 || cols == 0) {
      return null;
    }
    EntryView[][] b = new EntryView[rows][cols];
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        EntryView e = at(o0 + i, i0 + j);
        if (e == null || !finite(e)) {
          return null;
        }
        b[i][j] = e;
      }
    }
    double[] values = x == null ? null : layout.inputArray(x, in.name());
    double[] outValues = y == null ? null : java.util.Arrays.copyOfRange(y, o0, o0 + rows);
    return new Region(out, in, layout.outputs().size() == 1, b, values, outValues, null);
  }

  /**
   * The block ∂(output block p)/∂(input block q) restricted to the columns that were compared, when
   * whole columns were skipped (inputs at kinks): null if no column or fewer than two remain, if a
   * column is only partly there, or if an entry is not finite.
   */
  Region comparedColumns(int p, int q) {
    Block out = layout.outputs().get(p);
    Block in = layout.inputs().get(q);
    int o0 = layout.outputOffset(out.name());
    int i0 = layout.inputOffset(in.name());
    int rows = out.size();
    if ((long) rows * in.size() > MAX_BLOCK || rows == 0) {
      return null;
    }
    List<Integer> kept = new ArrayList<>();
    for (int j = 0; j < in.size(); j++) {
      int present = 0;
      for (int i = 0; i < rows; i++) {
        EntryView e = at(o0 + i, i0 + j);
        if (e != null && !finite(e)) {
          return null;
        }
        present += e == null ? 0 : 1;
      }
      if (present == rows) {
        kept.add(j);
      } else if (present > 0) {
        return null;
      }
    }
    if (kept.size() < 2 || kept.size() == in.size()) {
      return null;
    }
    EntryView[][] b = new EntryView[rows][kept.size()];
    int[] columns = new int[kept.size()];
    for (int c = 0; c < columns.length; c++) {
      columns[c] = kept.get(c);
      for (int i = 0; i < rows; i++) {
        b[i][c] = at(o0 + i, i0 + columns[c]);
      }
    }
    return new Region(out, in, layout.outputs().size() == 1, b, null, null, columns);
  }
}
