package org.gradcheck.diagnosis;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * All wrong entries lie in one input, one output row, one column, one row or column of a matrix
 * input, or one entry; with the scalar relation that holds there, if any. FAST probes name no
 * position, so a comparison with wrong probes is never confined.
 */
final class Confinement {
  private final Grid grid;
  private final Layout sig;
  private final ScalarRelation relation;

  Confinement(Grid grid, ScalarRelation relation) {
    this.grid = grid;
    this.sig = grid.layout();
    this.relation = relation;
  }

  void test(List<Hypothesis> findings) {
    List<EntryView> located = grid.wrong().stream().filter(Grid::located).toList();
    if (located.size() != grid.wrong().size() || grid.locatedCount() < 2) {
      return;
    }
    if (located.size() == 1) {
      EntryView e = located.get(0);
      findings.add(
          new Hypothesis(Pattern.CONFINED_TO_INDEX, Wording.oneEntry(e, grid.locatedCount() - 1)));
      return;
    }
    Set<Integer> tensors = new LinkedHashSet<>();
    Set<Integer> rows = new LinkedHashSet<>();
    Set<Integer> cols = new LinkedHashSet<>();
    for (EntryView e : located) {
      tensors.add(sig.inputTensorIndex(e.inputIndex()));
      rows.add(e.outputIndex());
      cols.add(e.inputIndex());
    }
    if (tensors.size() == 1) {
      int q = tensors.iterator().next();
      Block t = sig.inputs().get(q);
      List<EntryView> inT = grid.select(e -> sig.inputTensorIndex(e.inputIndex()) == q);
      Set<String> others = new LinkedHashSet<>();
      for (EntryView e : grid.select(e -> true)) {
        int k = sig.inputTensorIndex(e.inputIndex());
        if (k != q) {
          others.add(sig.inputs().get(k).name());
        }
      }
      if (!others.isEmpty()) {
        findings.add(
            new Hypothesis(
                Pattern.CONFINED_TO_INPUT,
                Wording.oneInput(t.name(), located.size(), List.copyOf(others))));
        findings.addAll(relation.test(inT, Wording.ofBlock(inT.size(), t.name())));
      }
      if (t.rank() == 2) {
        tensorLines(findings, located, t, q);
      }
    }
    if (rows.size() == 1) {
      int r = rows.iterator().next();
      List<EntryView> inRow = grid.select(e -> e.outputIndex() == r);
      if (inRow.size() < grid.locatedCount()) {
        String name = sig.outputLabel(r);
        findings.add(
            new Hypothesis(Pattern.CONFINED_TO_ROW, Wording.oneOutputRow(name, located.size())));
        if (tensors.size() != 1) {
          findings.addAll(relation.test(inRow, Wording.ofRow(inRow.size(), name)));
        }
      }
    }
    if (cols.size() == 1) {
      int c = cols.iterator().next();
      List<EntryView> inCol = grid.select(e -> e.inputIndex() == c);
      if (inCol.size() < grid.locatedCount()) {
        String name = sig.inputLabel(c);
        findings.add(
            new Hypothesis(Pattern.CONFINED_TO_COLUMN, Wording.oneColumn(name, located.size())));
        findings.addAll(relation.test(inCol, Wording.ofColumn(inCol.size(), name)));
      }
    }
  }

  /** Wrong entries confined to one row or one column of a matrix-shaped input. */
  private void tensorLines(List<Hypothesis> findings, List<EntryView> located, Block t, int q) {
    int off = sig.inputOffset(t.name());
    int cols = t.shape()[1];
    int rowsOfT = t.shape()[0];
    Set<Integer> tr = new LinkedHashSet<>();
    Set<Integer> tc = new LinkedHashSet<>();
    for (EntryView e : located) {
      tr.add((e.inputIndex() - off) / cols);
      tc.add((e.inputIndex() - off) % cols);
    }
    if (tr.size() == 1 && rowsOfT > 1 && tc.size() > 1) {
      int r = tr.iterator().next();
      findings.add(
          new Hypothesis(Pattern.CONFINED_TO_ROW, Wording.rowOfInput(located.size(), r, t.name())));
    }
    if (tc.size() == 1 && cols > 1 && tr.size() > 1) {
      int c = tc.iterator().next();
      findings.add(
          new Hypothesis(
              Pattern.CONFINED_TO_COLUMN, Wording.columnOfInput(located.size(), c, t.name())));
    }
  }
}
