package org.gradcheck.diagnosis;

import static org.gradcheck.diagnosis.Grid.fits;
import static org.gradcheck.diagnosis.Grid.significant;

import java.util.List;

/**
 * A batched output (B×d): the analytic side is right on one batch row and zero on the others, where
 * the numeric side is not: one row used instead of the sum over the batch.
 */
final class OneBatchRow implements BlockHypothesis {
  @Override
  public List<Hypothesis> test(Region b) {
    Block out = b.output();
    if (out.rank() != 2 || out.shape()[0] < 2) {
      return List.of();
    }
    int groups = out.shape()[0];
    int width = out.shape()[1];
    int used = -1;
    for (int g = 0; g < groups; g++) {
      if (right(b, g, width)) {
        if (used >= 0) {
          return List.of();
        }
        used = g;
      }
    }
    if (used < 0) {
      return List.of();
    }
    for (int g = 0; g < groups; g++) {
      if (g != used && !zeroWhereNumericIsNot(b, g, width)) {
        return List.of();
      }
    }
    return List.of(
        new Hypothesis(Pattern.ONE_BATCH_ROW, Wording.oneBatchRow(b, used, groups, width)));
  }

  private static boolean right(Region b, int g, int width) {
    for (int i = g * width; i < (g + 1) * width; i++) {
      for (int j = 0; j < b.cols(); j++) {
        if (!b.at(i, j).withinTolerance()) {
          return false;
        }
      }
    }
    return true;
  }

  private static boolean zeroWhereNumericIsNot(Region b, int g, int width) {
    boolean numericNonZero = false;
    for (int i = g * width; i < (g + 1) * width; i++) {
      for (int j = 0; j < b.cols(); j++) {
        if (!fits(b.analytic(i, j), 0.0, b.tol(i, j))) {
          return false;
        }
        numericNonZero |= significant(b.at(i, j));
      }
    }
    return numericNonZero;
  }
}
