package org.gradcheck;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.gradcheck.numeric.DirectionalDerivative;
import org.gradcheck.numeric.NumericDifferentiationException;
import org.gradcheck.numeric.NumericDifferentiator;
import org.gradcheck.numeric.RichardsonExtrapolation;

/**
 * The compare stage of FULL and SAMPLED: numeric Jacobian columns streamed from the engine against
 * the analytic entries of the same columns, every entry through {@link Comparison#compareEntry}. A
 * column that fails is re-derived once by an independent estimator (the second opinion). SAMPLED
 * draws its columns stratified per input tensor, so every differentiable tensor is compared.
 */
final class FullComparison {
  /** Doubles kept at once when a backward pass is expanded for FULL (analytic rows or blocks). */
  static final int ROW_BLOCK_DOUBLES = 1 << 22;

  /** Columns re-derived at most per check for a second opinion. */
  static final int MAX_SECOND_OPINIONS = 32;

  /**
   * SAMPLED through a backward pass expands every output row (one backward call each) up to this
   * many outputs; above it, it compares random projections vᵀJ of the sampled columns.
   */
  static final int SAMPLED_ROW_LIMIT = 64;

  /** Random projections per sampled column when a backward pass is not expanded. */
  static final int SAMPLED_PROJECTIONS = 4;

  private final CheckContext ctx;
  private final Comparison comparison;

  /** Doubles an expanded backward pass may keep at once ({@link #ROW_BLOCK_DOUBLES}). */
  private final long blockDoubles;

  private int secondOpinions;

  /** Columns the engine's cheap 5-point estimate decided (counted from its threads). */
  private final AtomicInteger decidedByPair = new AtomicInteger();

  /**
   * Of {@link #decidedByPair}: the columns decided by a pair at another step (8–12 evaluations).
   */
  private final AtomicInteger decidedByLaterPair = new AtomicInteger();

  FullComparison(CheckContext ctx, Comparison comparison) {
    this(ctx, comparison, ROW_BLOCK_DOUBLES);
  }

  /** With another memory bound for an expanded backward pass (tests of the blocked path). */
  FullComparison(CheckContext ctx, Comparison comparison, long blockDoubles) {
    this.ctx = ctx;
    this.comparison = comparison;
    this.blockDoubles = blockDoubles;
  }

  // ---- FULL ----------------------------------------------------------------------------------

  /**
   * Compares every entry of the given columns, restricted to the given rows (null: all). Analytic
   * columns come one at a time (matrix, forward); a backward pass is expanded into rows once when
   * they fit in {@link #blockDoubles}, else in {@link ColumnBlocks}. Either way the numeric columns
   * are swept once.
   */
  void compare(int[] cols, int[] rows) {
    if (ctx.analytic.columnWise()) {
      int[] keep = rows != null ? rows : range(ctx.m);
      // the analytic column is computed first, for the decider, and handed on to the comparison
      Map<Integer, double[]> analyticColumns = new ConcurrentHashMap<>();
      Object analyticLock = new Object();
      sweep(
          cols,
          (j, cheap) -> {
            double[] picked = analyticColumns.get(j); // known when the pair is tried again
            if (picked == null) {
              double[] a;
              synchronized (analyticLock) { // with threads: one analytic call at a time
                a = ctx.analytic.column(ctx.x, j);
              }
              picked = rows == null ? a : pick(a, rows);
              analyticColumns.put(j, picked);
            }
            return pairDecides(keep, picked, cheap);
          },
          (j, d) -> {
            double[] picked = analyticColumns.remove(j);
            if (picked == null) {
              double[] a = ctx.analytic.column(ctx.x, j);
              picked = rows == null ? a : pick(a, rows);
            }
            compareColumn(j, keep, picked, d);
          });
      return;
    }
    int[] allRows = rows != null ? rows : range(ctx.m);
    if ((long) allRows.length * ctx.n <= blockDoubles) {
      // every analytic row fits: expand the backward pass once, then stream the numeric columns
      double[][] analyticRows = new double[allRows.length][];
      for (int r = 0; r < allRows.length; r++) {
        analyticRows[r] = ctx.analytic.row(ctx.x, allRows[r]);
      }
      sweep(
          cols,
          (j, cheap) -> pairDecides(allRows, analyticColumn(analyticRows, j), cheap),
          (j, d) -> compareColumn(j, allRows, analyticColumn(analyticRows, j), d));
      return;
    }
    new ColumnBlocks(allRows, cols).compareAll();
  }

  private static double[] analyticColumn(double[][] analyticRows, int j) {
    double[] a = new double[analyticRows.length];
    for (int r = 0; r < analyticRows.length; r++) {
      a[r] = analyticRows[r][j];
    }
    return a;
  }

  /**
   * Whether the engine's cheap 5-point estimate decides column j: every compared entry passes with
   * it decisively ({@link Tolerance#acceptsDecisively}: a bar so tight that the 7-point estimate
   * could not change the verdict). A column that fails or is near its boundary is never decided by
   * the pair: it gets the engine's full estimate, second opinion and kink search.
   */
  private boolean pairDecides(int[] rows, double[] a, DirectionalDerivative cheap) {
    Tolerance tolerance = ctx.settings.tolerance();
    for (int r = 0; r < rows.length; r++) {
      int i = rows[r];
      if (!tolerance.acceptsDecisively(
          a[r], cheap.values()[i], cheap.errors()[i], cheap.roundOff()[i])) {
        return false;
      }
    }
    decidedByPair.incrementAndGet();
    if (cheap.evaluations() > 4) {
      decidedByLaterPair.incrementAndGet();
    }
    return true;
  }

  /**
   * FULL through a backward pass whose rows do not fit in {@link #blockDoubles}: one numeric sweep,
   * whatever m is. The columns are taken in blocks of {@code perBlock}; when the sweep reaches a
   * block, the backward pass is called once per row and only the block's entries of each row are
   * kept (at most two blocks at a time, when threads run ahead: {@link #blockDoubles} doubles). The
   * analytic entries are thus known before their numeric columns, so the embedded 5-point pair
   * decides columns here as with every row in memory. The numeric side, the expensive one, is
   * computed once; the backward pass runs once per row and block.
   */
  private final class ColumnBlocks {
    private final int[] rows;
    private final int[] cols;
    private final int perBlock;
    private final Map<Integer, Integer> position = new java.util.HashMap<>();
    private final Map<Integer, double[][]> live = new ConcurrentHashMap<>();
    private final Object fetchLock = new Object();
    private int blocks;

    ColumnBlocks(int[] rows, int[] cols) {
      this.rows = rows;
      this.cols = cols;
      this.perBlock =
          (int) Math.max(1, Math.min(cols.length, blockDoubles / (2L * Math.max(1, rows.length))));
      for (int k = 0; k < cols.length; k++) {
        position.put(cols[k], k);
      }
    }

    void compareAll() {
      sweep(
          cols,
          (j, cheap) -> pairDecides(rows, analytic(position.get(j)), cheap),
          (j, d) -> {
            int k = position.get(j);
            compareColumn(j, rows, analytic(k), d);
            if (k % perBlock == perBlock - 1 || k == cols.length - 1) {
              live.remove(k / perBlock); // the sweep delivers columns in order: block done
            }
          });
      comparison.note(
          String.format(
              Locale.ROOT,
              "the backward pass (%d × %d rows) did not fit in memory at once, so its rows were"
                  + " fetched in %d block(s) of up to %d columns before their numeric columns, one"
                  + " backward call per row and block (%d calls); the numeric sweep ran once",
              rows.length,
              ctx.n,
              blocks,
              perBlock,
              (long) blocks * rows.length));
    }

    /** The analytic entries (compared rows) of the k-th column, fetching its block if needed. */
    private double[] analytic(int k) {
      int b = k / perBlock;
      synchronized (fetchLock) { // one backward call at a time, as with every row in memory
        double[][] block = live.get(b);
        if (block == null) {
          block = fetch(b);
          live.put(b, block);
        }
        return block[k - b * perBlock];
      }
    }

    private double[][] fetch(int b) {
      blocks++;
      int start = b * perBlock;
      int end = Math.min(cols.length, start + perBlock);
      double[][] a = new double[end - start][rows.length];
      for (int r = 0; r < rows.length; r++) {
        double[] row = ctx.analytic.row(ctx.x, rows[r]);
        for (int k = start; k < end; k++) {
          a[k - start][r] = row[cols[k]];
        }
      }
      return a;
    }
  }

  /**
   * Streams the numeric columns {@code cols} to {@code consumer} in order. If the engine cannot
   * differentiate some column (the function is not finite on its stencil, the step underflows), the
   * sweep goes on column by column from there: such a column is reported as NaN — a failure the
   * report names — instead of aborting the whole check. An interrupt, a broken contract or a
   * throwing derivative is never taken for such a column: it ends the check.
   */
  private void sweep(int[] cols, NumericDifferentiator.ColumnConsumer consumer) {
    sweep(cols, null, consumer);
  }

  /**
   * As above, offering each column's cheap 5-point estimate to {@code decider} first (null: none);
   * when some column was decided so, a note says how many of the swept columns each method decided.
   */
  private void sweep(
      int[] cols,
      NumericDifferentiator.ColumnDecider decider,
      NumericDifferentiator.ColumnConsumer consumer) {
    NumericDifferentiator engine = ctx.engine();
    int[] done = {0};
    int decidedBefore = decidedByPair.get();
    int laterBefore = decidedByLaterPair.get();
    try {
      engine.forEachColumn(
          ctx.f,
          ctx.x,
          cols,
          decider == null
              ? null
              : NumericDifferentiator.ColumnDecider.aiming(
                  ctx.settings.tolerance().decisiveRelativeBar(), decider),
          (j, d) -> {
            done[0]++;
            consumer.accept(j, d);
          });
      notePair(
          cols.length, decidedByPair.get() - decidedBefore, decidedByLaterPair.get() - laterBefore);
      return;
    } catch (NumericDifferentiationException e) {
      CheckFailures.rethrowIfFatal(e);
    }
    // columns in flight on other threads may have been decided beyond the ones delivered
    int decided = Math.min(done[0], decidedByPair.get() - decidedBefore);
    notePair(done[0], decided, Math.min(decided, decidedByLaterPair.get() - laterBefore));
    List<String> failedColumns = new ArrayList<>();
    String reason = null;
    for (int k = done[0]; k < cols.length; k++) {
      int j = cols[k];
      DirectionalDerivative d;
      try {
        d = engine.partial(ctx.f, ctx.x, j);
      } catch (NumericDifferentiationException e) {
        CheckFailures.rethrowIfFatal(e);
        double[] nan = new double[ctx.m];
        Arrays.fill(nan, Double.NaN);
        d = new DirectionalDerivative(nan, nan.clone(), 0);
        failedColumns.add(ctx.inputLabel(j));
        reason = reason == null ? CheckFailures.describeNumericFailure(e) : reason;
      }
      consumer.accept(j, d);
    }
    if (!failedColumns.isEmpty()) {
      comparison.note(
          failedColumns.size()
              + " input coordinate(s) "
              + (failedColumns.size() <= 5 ? failedColumns : failedColumns.subList(0, 5) + "…")
              + " could not be differentiated numerically, so their entries are NaN and fail: "
              + reason);
    }
  }

  /** Notes which method decided the {@code swept} numeric columns, if the pair decided any. */
  private void notePair(int swept, int decided, int later) {
    if (decided > 0) {
      String cost =
          later == 0
              ? "4 evaluations each"
              : String.format(
                  Locale.ROOT,
                  "%,d at its first step on 4 evaluations each, %,d at another step on 8–12",
                  decided - later,
                  later);
      comparison.note(
          String.format(
              Locale.ROOT,
              "numeric columns: %,d of %,d decided by the 5-point pair (%s),"
                  + " %,d by the adaptive 7-point engine",
              decided,
              swept,
              cost,
              swept - decided));
    }
  }

  /**
   * Compares analytic {@code a[r]} with numeric entry {@code rows[r]} of column j. If an entry
   * fails, the column is re-derived once by an independent estimator (the second opinion) and the
   * sharper of the two estimates that accepts is used, so one over-optimistic numeric error bound
   * cannot fail a correct derivative while a wrong one still fails both.
   */
  private void compareColumn(int j, int[] rows, double[] a, DirectionalDerivative d) {
    Tolerance tolerance = ctx.settings.tolerance();
    DirectionalDerivative second = null;
    boolean anyFails = false;
    for (int r = 0; r < rows.length && !anyFails; r++) {
      int i = rows[r];
      anyFails = !tolerance.accepts(a[r], d.values()[i], d.errors()[i]);
    }
    if (anyFails && ctx.robustness.secondOpinion() && secondOpinions < MAX_SECOND_OPINIONS) {
      secondOpinions++;
      double[] unit = new double[ctx.n];
      unit[j] = 1;
      second = secondOpinion(ctx, ctx.f, unit, null);
    }
    boolean rescuedAny = false;
    for (int r = 0; r < rows.length; r++) {
      int i = rows[r];
      double num = d.values()[i];
      double err = d.errors()[i];
      DirectionalDerivative used = d;
      if (second != null && !tolerance.accepts(a[r], num, err)) {
        double num2 = second.values()[i];
        double err2 = second.errors()[i];
        if (tolerance.accepts(a[r], num2, err2) && err2 <= err) {
          used = second;
          rescuedAny = true;
        }
      }
      comparison.compareEntry(i, j, a[r], used);
    }
    if (rescuedAny) {
      comparison.rescued();
    }
  }

  /**
   * J·u of {@code g} re-derived by an independent estimator — the same engine followed by Ridders'
   * extrapolation, whose steps and error estimate differ — or null if that estimate cannot be made
   * (e.g. the function is not finite on its stencil). The one second-opinion policy of a check.
   */
  static DirectionalDerivative secondOpinion(
      CheckContext ctx, VectorFunction g, double[] u, double[] gAtX) {
    NumericDifferentiator engine = ctx.engine().withRichardson(RichardsonExtrapolation.ridders());
    try {
      return org.gradcheck.numeric.Line.through(ctx.x, u).euclidean().derivative(engine, g, gAtX);
    } catch (NumericDifferentiationException e) {
      CheckFailures.rethrowIfFatal(e);
      return null;
    }
  }

  // ---- SAMPLED -------------------------------------------------------------------------------

  /**
   * Compares a sample of input columns drawn with the seed, stratified per input tensor: every
   * differentiable tensor gets at least one column, the rest in proportion to size. Through a
   * backward pass with many outputs, each sampled column is compared by random projections vᵀJ e_j
   * (one backward call per projection) instead of expanding every output row.
   */
  void sampled() {
    int[] chosen = stratifiedSample();
    boolean projected = projects();
    comparison.sampled(chosen, projected);
    if (projected) {
      projections(chosen);
    } else {
      compare(chosen, null);
    }
  }

  /** Whether SAMPLED compares projections (a backward pass with more than 64 outputs). */
  private boolean projects() {
    return !ctx.analytic.columnWise() && ctx.m > SAMPLED_ROW_LIMIT;
  }

  private int[] stratifiedSample() {
    List<int[]> strata = new ArrayList<>(); // {offset, size} of each differentiable tensor
    int offset = 0;
    for (Tensor t : ctx.signature.inputs()) {
      if (!t.constant()) {
        strata.add(new int[] {offset, t.size()});
      }
      offset += t.size();
    }
    int total = ctx.columns.length;
    int k = Math.min(ctx.settings.sampleSize(), total);
    int[] quota = new int[strata.size()];
    int given = 0;
    for (int s = 0; s < strata.size(); s++) {
      quota[s] = Math.min(strata.get(s)[1], k >= strata.size() ? 1 : 0);
      given += quota[s];
    }
    // the rest in proportion to size (largest remainders), never above a tensor's size
    while (given < k) {
      int best = -1;
      double bestGap = -1;
      for (int s = 0; s < strata.size(); s++) {
        int size = strata.get(s)[1];
        if (quota[s] >= size) {
          continue;
        }
        double gap = (double) k * size / total - quota[s];
        if (gap > bestGap) {
          bestGap = gap;
          best = s;
        }
      }
      quota[best]++;
      given++;
    }
    if (k < strata.size()) {
      // fewer columns than tensors: one column each for the first k tensors by seed order
      SplittableRandom pickTensors =
          new SplittableRandom(ctx.settings.seed() ^ 0x9E3779B97F4A7C15L);
      int[] order = range(strata.size());
      shuffle(order, order.length, pickTensors);
      for (int r = 0; r < k; r++) {
        quota[order[r]] = 1;
      }
    }
    SplittableRandom random = new SplittableRandom(ctx.settings.seed());
    int[] chosen = new int[k];
    int next = 0;
    for (int s = 0; s < strata.size(); s++) {
      int[] pool = new int[strata.get(s)[1]];
      for (int c = 0; c < pool.length; c++) {
        pool[c] = strata.get(s)[0] + c;
      }
      shuffle(pool, quota[s], random);
      for (int c = 0; c < quota[s]; c++) {
        chosen[next++] = pool[c];
      }
    }
    chosen = Arrays.copyOf(chosen, next);
    Arrays.sort(chosen);
    comparison.finding(coverage(strata, quota, chosen.length));
    return chosen;
  }

  private Finding coverage(List<int[]> strata, int[] quota, int k) {
    List<String> parts = new ArrayList<>();
    int s = 0;
    for (Tensor t : ctx.signature.inputs()) {
      if (!t.constant()) {
        parts.add(t.name() + " " + quota[s] + " of " + strata.get(s)[1]);
        s++;
      }
    }
    boolean projected = projects();
    String cost =
        projected
            ? String.format(
                Locale.ROOT,
                "; through the backward pass each sampled column is compared by %d random"
                    + " projections vᵀJ (%d backward calls in all, not one per output)",
                SAMPLED_PROJECTIONS,
                SAMPLED_PROJECTIONS)
            : !ctx.analytic.columnWise()
                ? String.format(
                    Locale.ROOT, "; the backward pass was called once per output (%d)", ctx.m)
                : "";
    return new Finding(
        Finding.Kind.COVERAGE,
        String.format(
            Locale.ROOT,
            "coverage: SAMPLED compared %s for %d of %d differentiable input coordinates, drawn"
                + " per input tensor with seed %d: %s%s. Unsampled coordinates were not checked.",
            projected ? "projections of every column" : "every output",
            k,
            ctx.columns.length,
            ctx.settings.seed(),
            String.join(", ", parts),
            cost));
  }

  /**
   * Each sampled column j compared through projections: analytic (Jᵀv)_j from one backward call per
   * random v against the numeric vᵀ(J e_j), whose error bound is Σ|v_i|·err_i.
   */
  private void projections(int[] chosen) {
    SplittableRandom random = new SplittableRandom(ctx.settings.seed() ^ 0x632BE59BD9B4E019L);
    double[][] vs = new double[SAMPLED_PROJECTIONS][ctx.m];
    double[][] jtv = new double[SAMPLED_PROJECTIONS][];
    for (int p = 0; p < SAMPLED_PROJECTIONS; p++) {
      for (int i = 0; i < ctx.m; i++) {
        vs[p][i] = random.nextGaussian();
      }
      jtv[p] = ctx.analytic.reverse(ctx.x, vs[p]).clone();
    }
    sweep(
        chosen,
        (j, d) -> {
          for (int p = 0; p < SAMPLED_PROJECTIONS; p++) {
            double num = 0;
            double err = 0;
            for (int i = 0; i < ctx.m; i++) {
              num += vs[p][i] * d.values()[i];
              err += Math.abs(vs[p][i]) * d.errors()[i];
            }
            comparison.compareEntry(-1, j, jtv[p][j], num, err);
          }
        });
  }

  // ---- small array tools -----------------------------------------------------------------------

  static int[] range(int k) {
    int[] r = new int[k];
    for (int i = 0; i < k; i++) {
      r[i] = i;
    }
    return r;
  }

  private static double[] pick(double[] a, int[] rows) {
    double[] out = new double[rows.length];
    for (int r = 0; r < rows.length; r++) {
      out[r] = a[rows[r]];
    }
    return out;
  }

  /** Moves a uniform random choice of {@code count} elements to the front of {@code a}. */
  private static void shuffle(int[] a, int count, SplittableRandom random) {
    for (int i = 0; i < count; i++) {
      int pick = i + random.nextInt(a.length - i);
      int t = a[i];
      a[i] = a[pick];
      a[pick] = t;
    }
  }
}
