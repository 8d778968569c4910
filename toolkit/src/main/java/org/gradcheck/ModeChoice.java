package org.gradcheck;

/**
 * Which mode a check runs in and why. AUTO decides from the problem alone — the number of
 * differentiable inputs, the number of outputs and the derivative's form — never from a clock, so
 * the same check runs in the same mode, and reaches the same verdict, on any machine and in any
 * order. The reason is concatenated, not formatted: a check that never prints its report loads
 * nothing of {@link java.util.Formatter} (regex, locale data: a fifth of a fresh JVM's first
 * check).
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
          "AUTO: "
              + columns
              + " differentiable inputs > "
              + limit
              + " (autoFullColumns) → FAST, "
              + ctx.settings.probes()
              + " probes");
    }
    long rowLimit = 16L * limit;
    if (!ctx.analytic.columnWise() && ctx.m > rowLimit) {
      return new ModeChoice(
          Mode.FAST,
          "AUTO: FULL through a backward pass needs one call per output and "
              + ctx.m
              + " outputs > "
              + rowLimit
              + " → FAST, "
              + ctx.settings.probes()
              + " probes");
    }
    return new ModeChoice(
        Mode.FULL,
        "AUTO: "
            + columns
            + " differentiable input"
            + (columns == 1 ? "" : "s")
            + " ≤ "
            + limit
            + " (autoFullColumns) → FULL, every entry");
  }
}
