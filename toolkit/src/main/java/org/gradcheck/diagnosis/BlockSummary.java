package org.gradcheck.diagnosis;

import java.util.ArrayList;
import java.util.List;

/**
 * Which blocks (output block × input block) are wrong and which are right, said as plainly: "q and
 * K are wrong, V is right". Offered when at least two blocks are wrong and one is right (a single
 * wrong input is {@link Pattern#CONFINED_TO_INPUT}).
 */
final class BlockSummary {
  private BlockSummary() {}

  static List<Hypothesis> test(Grid grid) {
    Layout layout = grid.layout();
    List<String> wrong = new ArrayList<>();
    List<String> right = new ArrayList<>();
    List<String> counts = new ArrayList<>();
    boolean onlyOutput = layout.outputs().size() == 1;
    for (int p = 0; p < layout.outputs().size(); p++) {
      Block out = layout.outputs().get(p);
      int o0 = layout.outputOffset(out.name());
      for (Block in : layout.inputs()) {
        if (in.constant()) {
          continue;
        }
        int i0 = layout.inputOffset(in.name());
        int seen = 0;
        int bad = 0;
        for (int i = o0; i < o0 + out.size(); i++) {
          for (int j = i0; j < i0 + in.size(); j++) {
            EntryView e = grid.at(i, j);
            if (e != null) {
              seen++;
              bad += e.withinTolerance() ? 0 : 1;
            }
          }
        }
        if (seen == 0) {
          continue;
        }
        String name = onlyOutput ? in.name() : "∂" + out.name() + "/∂" + in.name();
        (bad > 0 ? wrong : right).add(name);
        if (bad > 0) {
          counts.add(Wording.blockCount(name, bad, seen));
        }
      }
    }
    if (wrong.size() < 2 || right.isEmpty()) {
      return List.of();
    }
    return List.of(
        new Hypothesis(Pattern.CONFINED_TO_BLOCKS, Wording.blocks(wrong, right, counts), wrong));
  }
}
