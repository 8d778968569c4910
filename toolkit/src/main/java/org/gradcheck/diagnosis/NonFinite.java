package org.gradcheck.diagnosis;

import java.util.List;

/** NaN or infinite values on the analytic side, and whether the numeric side is finite there. */
final class NonFinite {
  private NonFinite() {}

  static List<Hypothesis> test(Grid grid) {
    int nan = 0;
    int inf = 0;
    int numericAlsoNonFinite = 0;
    EntryView first = null;
    for (EntryView e : grid.all()) {
      if (!Double.isFinite(e.analytic())) {
        if (Double.isNaN(e.analytic())) {
          nan++;
        } else {
          inf++;
        }
        if (!Double.isFinite(e.numeric())) {
          numericAlsoNonFinite++;
        }
        if (first == null) {
          first = e;
        }
      }
    }
    if (first == null) {
      return List.of();
    }
    return List.of(
        new Hypothesis(
            Pattern.NON_FINITE,
            Wording.nonFinite(
                nan, inf, grid.all().size(), first, nan + inf - numericAlsoNonFinite)));
  }
}
