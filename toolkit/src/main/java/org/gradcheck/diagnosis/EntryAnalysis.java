package org.gradcheck.diagnosis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs every hypothesis of a {@link Diagnosis} over one set of compared entries: a scalar relation
 * on the whole grid, then each {@link BlockHypothesis} on each wrong (output block × input block),
 * then which blocks are right, terms of constant inputs, and confinement.
 */
final class EntryAnalysis {
  private final Grid grid;

  EntryAnalysis(List<? extends EntryView> entries, Layout layout, double[] x, double[] y) {
    this.grid = new Grid(entries, layout, x, y);
  }

  /**
   * The structural hypotheses of one block in groups, most specific first: the first group in which
   * any fits is kept, with every hypothesis of that group that fits (a shift and a permutation can
   * both describe the same moved entries; the data cannot tell them apart).
   */
  private static List<List<BlockHypothesis>> structural() {
    return List.of(
        List.of(new TransposedBlock(), new ScaledTransposedBlock()),
        List.of(new TransposedMatrixInput()),
        List.of(new DiagonalOnly()),
        List.of(new WrongActivation()),
        List.of(new Shift(), new Permutation()),
        List.of(new OneBatchRow()),
        List.of(new RankOneTerm()));
  }

  Diagnosis run() {
    int total = grid.all().size();
    int probes = total - grid.locatedCount();
    if (grid.wrong().isEmpty()) {
      return new Diagnosis(List.of(), total, 0, probes);
    }
    List<Hypothesis> findings = new ArrayList<>(NonFinite.test(grid));
    Layout layout = grid.layout();
    ScalarRelation relation = new ScalarRelation(layout);
    List<EntryView> finite = grid.all().stream().filter(Grid::finite).toList();
    int located = (int) finite.stream().filter(Grid::located).count();
    List<Hypothesis> global =
        relation.test(finite, Wording.whole(located, finite.size() - located));
    if (!global.isEmpty()) {
      findings.addAll(global);
      return new Diagnosis(findings, total, grid.wrong().size(), probes);
    }
    if (layout != null) {
      blocks(findings, relation);
      findings.addAll(BlockSummary.test(grid));
      ConstantTerm.test(grid, findings);
      new Confinement(grid, relation).test(findings);
    }
    Map<String, Hypothesis> distinct = new LinkedHashMap<>();
    for (Hypothesis h : findings) {
      distinct.putIfAbsent(h.pattern() + ": " + h.evidence(), h);
    }
    return new Diagnosis(List.copyOf(distinct.values()), total, grid.wrong().size(), probes);
  }

  private void blocks(List<Hypothesis> findings, ScalarRelation relation) {
    Layout layout = grid.layout();
    int differentiable = 0;
    for (Block in : layout.inputs()) {
      differentiable += in.constant() ? 0 : 1;
    }
    boolean several = differentiable * layout.outputs().size() > 1;
    for (int p = 0; p < layout.outputs().size(); p++) {
      for (int q = 0; q < layout.inputs().size(); q++) {
        if (layout.inputs().get(q).constant()) {
          continue;
        }
        Region block = grid.block(p, q);
        if (block == null) {
          Region part = grid.comparedColumns(p, q);
          if (part != null && part.wrongCount() > 0) {
            new Permutation().test(part).forEach(h -> findings.add(h.about(List.of(part.name()))));
          }
          continue;
        }
        if (block.wrongCount() == 0) {
          continue;
        }
        List<Hypothesis> scalar = several ? relation.test(block) : List.of();
        List<String> concerned = List.of(block.name());
        if (!scalar.isEmpty()) {
          scalar.forEach(h -> findings.add(h.about(concerned)));
          continue;
        }
        for (List<BlockHypothesis> group : structural()) {
          List<Hypothesis> fit = new ArrayList<>();
          for (BlockHypothesis h : group) {
            fit.addAll(h.test(block));
          }
          if (!fit.isEmpty()) {
            fit.forEach(h -> findings.add(h.about(concerned)));
            break;
          }
        }
      }
    }
  }
}
