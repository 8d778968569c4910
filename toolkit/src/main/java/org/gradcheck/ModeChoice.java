package org.gradcheck;

import java.util.Locale;

/**
 * Which mode a check runs in and why. AUTO decides from the problem alone — the number of
 * differentiable inputs, the number of outputs and the derivative's form — never from a clock, so
 * the same check runs in the same mode, and reaches the same verdict, on any machine and in any
 * order.
 *
 * @param mode FULL, SAMPLED or FAST (never AUTO)
 * @param reason why, in words, for the report
 */
record ModeChoice(Mode mode, String reason) {

  /**
   * The mode of a check: the requested one, or for AUTO FULL when every entry is affordable by
   * count (at most {@code autoFullColumns} differentiable inputs, and for a backward pass at most
   * {@code 16 × autoFullColumns} outputs, one backward call each), FAST otherwise.
   */
  static ModeChoice of(CheckContext ctx) {
    Mode requested = ctx.settings.mode();
    if (requested != Mode.AUTO) {
      return new ModeChoice(requested, "requested");
    }
    int limit = ctx.settings.autoFullColumns();
    int columns = ctx.columns.length;
    if (columns > limit) {
      return new ModeChoice(
          Mode.FAST,
          String.format(
              Locale.ROOT,
              "AUTO: %d differentiable inputs > %d (autoFullColumns) → FAST, %d probes",
              columns,
              limit,
              ctx.settings.probes()));
    }
    long rowLimit = 16L * limit;
    if (!ctx.analytic.columnWise() && ctx.m > rowLimit) {
      return new ModeChoice(
          Mode.FAST,
          String.format(
              Locale.ROOT,
              "AUTO: FULL through a backward pass needs one call per output and %d outputs > %d"
                  + " → FAST, %d probes",
              ctx.m,
              rowLimit,
              ctx.settings.probes()));
    }
    return new ModeChoice(
        Mode.FULL,
        String.format(
            Locale.ROOT,
            "AUTO: %d differentiable input%s ≤ %d (autoFullColumns) → FULL, every entry",
            columns,
            columns == 1 ? "" : "s",
            limit));
  }
}
