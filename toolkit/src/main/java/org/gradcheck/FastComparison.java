package org.gradcheck;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.gradcheck.numeric.DirectionalDerivative;
import org.gradcheck.numeric.Line;
import org.gradcheck.numeric.NumericDifferentiationException;
import org.gradcheck.numeric.NumericDifferentiator;
import org.gradcheck.numeric.StepSize;
import org.gradcheck.robust.DetectedKink;

/**
 * The compare stage of FAST: random probes vᵀJu, each a numeric directional derivative of the
 * scalar vᵀf along u against the analytic vᵀAu. A failing probe is first tested for a kink on its
 * line; the input coordinates at kinks are found, excluded, and the probe is re-made on a direction
 * that avoids them. A probe that still fails is a wrong derivative, localised — by FULL on the
 * failing rows when the problem is small, else by bisection over the probe direction. Every choice
 * follows from the seed and the problem, never from a clock.
 */
final class FastComparison {
  /** The relative error size the FAST slip probability is stated for. */
  static final double SLIP_RELATIVE_ERROR = 1e-4;

  /** A failed probe is split into per-output-row checks up to this many outputs. */
  static final int VECTOR_PROBE_LIMIT = 4096;

  /** Re-made probes per probe after excluding kinks, at most. */
  static final int KINK_ROUNDS = 3;

  /** A backward pass is expanded into one analytic column only up to this many outputs. */
  static final int MAX_ROWS_FOR_A_COLUMN = 1024;

  private final CheckContext ctx;
  private final Comparison comparison;
  private final KinkSearch kinks;
  private final BitSet excluded = new BitSet();
  private int secondOpinions;
  private boolean undifferentiable;

  FastComparison(CheckContext ctx, Comparison comparison, KinkSearch kinks) {
    this.ctx = ctx;
    this.comparison = comparison;
    this.kinks = kinks;
  }

  /** The outcome of one probe vᵀJu: analytic, numeric and the numeric error bound. */
  record Probe(double analytic, double numeric, double error) {}

  void run() {
    int summaryAt = comparison.noteCount();
    Tolerance tolerance = ctx.settings.tolerance();
    SplittableRandom random = new SplittableRandom(ctx.settings.seed());
    int probes = ctx.settings.probes();
    double sumSquares = 0;
    double[] allowed = new double[probes];
    int failing = 0;
    for (int p = 0; p < probes; p++) {
      double[] u = new double[ctx.n];
      for (int j : ctx.columns) {
        u[j] = random.nextGaussian();
      }
      double[] v = new double[ctx.m];
      if (ctx.m == 1) {
        v[0] = 1.0;
      } else {
        for (int i = 0; i < ctx.m; i++) {
          v[i] = random.nextGaussian();
        }
      }
      double[] direction = avoidingKinks(u);
      Probe probe = probe(v, direction);
      for (int round = 0;
          round < KINK_ROUNDS && !tolerance.accepts(probe.analytic, probe.numeric, probe.error);
          round++) {
        List<DetectedKink> found = kinks.alongProbe(v, direction);
        if (found.isEmpty()) {
          break;
        }
        for (DetectedKink k : found) {
          comparison.kink(k);
          excluded.set(k.inputIndex());
        }
        direction = avoidingKinks(u);
        probe = probe(v, direction);
      }
      ComparedEntry e =
          comparison.compareProbe(
              "probe " + (p + 1) + ": vᵀJu", probe.analytic, probe.numeric, probe.error);
      sumSquares += probe.numeric * probe.numeric;
      allowed[p] = e.allowed();
      if (!e.withinTolerance() && ++failing == 1) {
        localise(p, v, direction);
      }
    }
    double scale = Math.sqrt(sumSquares / probes);
    double slip = ProbeStatistics.slipProbability(SLIP_RELATIVE_ERROR * scale, allowed, ctx.m > 1);
    comparison.probes(probes, slip);
    double caught = ProbeStatistics.relativeErrorCaught(scale, allowed, ctx.m > 1, 1e-6);
    comparison.note(
        summaryAt,
        String.format(
            Locale.ROOT,
            "FAST: %d random probes vᵀJu (u, v Gaussian, seed %d); %d failed. A wrong derivative"
                + " whose error is %.0e of the observed size ‖J‖ ≈ %.3g (rank-one, the hardest"
                + " case) would pass every probe with probability %s; errors ≥ %.2g·‖J‖ are"
                + " caught with probability ≥ 1 − 1e-6",
            probes,
            ctx.settings.seed(),
            failing,
            SLIP_RELATIVE_ERROR,
            scale,
            ReportFormat.probability(slip),
            caught));
    if (!excluded.isEmpty()) {
      comparison.note(
          excluded.cardinality()
              + " input coordinate(s) at kinks were left out of the probe directions, and the"
              + " probes that met them were re-made on directions avoiding them");
    }
  }

  private double[] avoidingKinks(double[] u) {
    if (excluded.isEmpty()) {
      return u;
    }
    double[] d = u.clone();
    excluded.stream().forEach(j -> d[j] = 0);
    return d;
  }

  /** One probe: the analytic vᵀAu against the numeric vᵀ(J u), with the second opinion. */
  Probe probe(double[] v, double[] u) {
    return probe(v, u, true);
  }

  /**
   * One probe; {@code verdict} = false for the parts of a failed probe that bisection compares to
   * localise it (the verdict is made already: they get no second opinion).
   */
  private Probe probe(double[] v, double[] u, boolean verdict) {
    double[] au = ctx.analytic.forward(ctx.x, u);
    double a = au != null ? Vectors.dot(v, au) : Vectors.dot(ctx.analytic.reverse(ctx.x, v), u);
    Probe first = numericProbe(a, v, u, false);
    Tolerance tolerance = ctx.settings.tolerance();
    if (tolerance.accepts(first.analytic, first.numeric, first.error)
        || !verdict
        || !ctx.robustness.secondOpinion()
        || secondOpinions >= FullComparison.MAX_SECOND_OPINIONS) {
      return first;
    }
    secondOpinions++;
    Probe again = numericProbe(a, v, u, true);
    if (tolerance.accepts(a, again.numeric, again.error) && again.error <= first.error) {
      comparison.rescued();
      return again;
    }
    return first;
  }

  /**
   * The numeric side of a probe: the derivative of the scalar vᵀf along u (one stencil, whatever m
   * and n are), with the independent estimator when {@code second}. The first estimate reuses f(x)
   * and asks the engine only for the accuracy the verdict needs ({@link #probeEngine()}).
   */
  private Probe numericProbe(double a, double[] v, double[] u, boolean second) {
    VectorFunction projected =
        ctx.m == 1 ? ctx.f : y -> new double[] {Vectors.dot(v, ctx.f.apply(y))};
    double[] atX = ctx.m == 1 ? ctx.valueAtX : new double[] {Vectors.dot(v, ctx.valueAtX)};
    DirectionalDerivative d;
    if (second) {
      d = FullComparison.secondOpinion(ctx, projected, u, atX);
      if (d == null) {
        return new Probe(a, Double.NaN, Double.NaN);
      }
    } else {
      try {
        d = Line.through(ctx.x, u).euclidean().derivative(probeEngine(), projected, atX);
      } catch (NumericDifferentiationException e) {
        CheckFailures.rethrowIfFatal(e);
        noteUndifferentiable(e);
        return new Probe(a, Double.NaN, Double.NaN);
      }
    }
    double scale = ctx.m == 1 ? v[0] : 1.0;
    return new Probe(a, scale * d.values()[0], Math.abs(scale) * d.errors()[0]);
  }

  /**
   * Says once why a probe had no numeric value, naming the user's exception, not probe internals.
   */
  private void noteUndifferentiable(NumericDifferentiationException e) {
    if (undifferentiable) {
      return;
    }
    undifferentiable = true;
    comparison.note(
        "f could not be differentiated along a probe direction, so that probe is NaN and fails: "
            + CheckFailures.describeNumericFailure(e));
  }

  /**
   * The engine for probes: the adaptive step stops once its error estimate, times the tolerance's
   * error-bound factor k, is below the relative tolerance (target rtol / k, never tighter than the
   * engine's own default). A probe's scalar vᵀf sums m outputs, so its round-off bound is large
   * against its derivative, and the default target would grow the step 2–4 times, each stencil
   * shrinking a bound that the verdict already absorbs; the estimate stays honest.
   */
  private NumericDifferentiator probeEngine() {
    NumericDifferentiator engine = ctx.engine();
    Tolerance tolerance = ctx.settings.tolerance();
    if (!(engine.stepSize() instanceof StepSize.Adaptive adaptive)
        || tolerance.errorBoundFactor() <= 0) {
      return engine;
    }
    double target = Math.min(1e-2, tolerance.rtol() / tolerance.errorBoundFactor());
    if (!(target > adaptive.relativeTarget())) {
      return engine;
    }
    return engine.withStep(adaptive.withRelativeTarget(target));
  }

  // ---- localisation --------------------------------------------------------------------------

  private int[] columnsAvoidingKinks() {
    if (excluded.isEmpty()) {
      return ctx.columns;
    }
    return java.util.Arrays.stream(ctx.columns).filter(j -> !excluded.get(j)).toArray();
  }

  private void localise(int p, double[] v, double[] u) {
    if (ctx.columns.length <= ctx.settings.autoFullColumns()) {
      long before = ctx.f.calls();
      int[] rows = failingRows(u);
      String which =
          rows == null
              ? (ctx.m == 1 ? "the output row" : "all " + ctx.m + " output rows")
              : rows.length + " failing output row(s) " + rowNames(rows);
      new FullComparison(ctx, comparison).compare(columnsAvoidingKinks(), rows);
      comparison.note(
          String.format(
              Locale.ROOT,
              "probe %d failed; n = %d ≤ %d (autoFullColumns), so FULL reran on %s to localise it"
                  + " (%d extra evaluations)",
              p + 1,
              ctx.columns.length,
              ctx.settings.autoFullColumns(),
              which,
              ctx.f.calls() - before));
      return;
    }
    bisect(p + 1, v, u);
  }

  /**
   * Output rows whose entry of J·u disagrees, from one more directional derivative of f itself;
   * null (all rows) when the analytic side has no J·u or m is too large for per-row estimates.
   */
  private int[] failingRows(double[] u) {
    if (ctx.m == 1 || ctx.m > VECTOR_PROBE_LIMIT) {
      return null;
    }
    double[] au = ctx.analytic.forward(ctx.x, u);
    if (au == null) {
      return null;
    }
    DirectionalDerivative d;
    try {
      d = Line.through(ctx.x, u).euclidean().derivative(ctx.engine(), ctx.f, ctx.valueAtX);
    } catch (NumericDifferentiationException e) {
      CheckFailures.rethrowIfFatal(e);
      return null;
    }
    List<Integer> rows = new ArrayList<>();
    for (int i = 0; i < ctx.m; i++) {
      if (!ctx.settings.tolerance().accepts(au[i], d.values()[i], d.errors()[i])) {
        rows.add(i);
      }
    }
    return rows.isEmpty() ? null : rows.stream().mapToInt(Integer::intValue).toArray();
  }

  private String rowNames(int[] rows) {
    List<String> names = new ArrayList<>();
    for (int k = 0; k < Math.min(rows.length, 5); k++) {
      names.add(ctx.rowLabel(rows[k]));
    }
    if (rows.length > 5) {
      names.add("…");
    }
    return names.toString();
  }

  /**
   * Localises a failed probe without a Jacobian: vᵀ(A − J)u is linear in u, so splitting the probe
   * direction into blocks splits the discrepancy into parts that add up to it; at least one part
   * carries half of it. Probing each named input block, then halves of the worst block, reaches one
   * input coordinate in O(log n) extra probes, whose column is then compared in full.
   */
  private void bisect(int probeNumber, double[] v, double[] u) {
    long before = ctx.f.calls();
    int[] extra = {0};
    List<String> story = new ArrayList<>();
    List<int[]> blocks = new ArrayList<>();
    List<String> names = new ArrayList<>();
    int offset = 0;
    for (Tensor t : ctx.signature.inputs()) {
      if (!t.constant()) {
        blocks.add(new int[] {offset, offset + t.size()});
        names.add(t.name());
      }
      offset += t.size();
    }
    int[] chosen = blocks.get(0);
    if (blocks.size() > 1) {
      List<String> failing = new ArrayList<>();
      List<String> passing = new ArrayList<>();
      double worst = -1;
      for (int k = 0; k < blocks.size(); k++) {
        ComparedEntry e = probeOn(probeNumber, v, u, blocks.get(k)[0], blocks.get(k)[1], extra);
        (e.withinTolerance() ? passing : failing).add(names.get(k));
        double excess = badness(e);
        if (excess > worst) {
          worst = excess;
          chosen = blocks.get(k);
        }
      }
      story.add(
          "input(s) " + failing + " fail" + (passing.isEmpty() ? "" : ", " + passing + " pass"));
      if (failing.size() > 1) {
        story.add("the error is not confined to one input; followed the worst");
      }
    }
    int lo = chosen[0];
    int hi = chosen[1];
    List<String> path = new ArrayList<>();
    path.add(range(lo, hi));
    boolean spread = false;
    while (hi - lo > 1) {
      int mid = (lo + hi) >>> 1;
      ComparedEntry left = probeOn(probeNumber, v, u, lo, mid, extra);
      ComparedEntry right = probeOn(probeNumber, v, u, mid, hi, extra);
      spread |= !left.withinTolerance() && !right.withinTolerance();
      if (badness(left) >= badness(right)) {
        hi = mid;
      } else {
        lo = mid;
      }
      path.add(range(lo, hi));
    }
    int j = lo;
    compareColumn(j);
    story.add("narrowed " + shorten(path));
    String conclusion =
        spread
            ? "both halves failed at some level, so the error spans many entries; the worst"
                + " part leads to input "
            : "the wrong entry is at input ";
    comparison.note(
        String.format(
            Locale.ROOT,
            "probe %d failed; n = %d > %d (autoFullColumns), so bisection over the probe direction"
                + " localised it with %d extra probes (%d evaluations, no Jacobian): %s → %s%s",
            probeNumber,
            ctx.columns.length,
            ctx.settings.autoFullColumns(),
            extra[0],
            ctx.f.calls() - before,
            String.join("; ", story),
            conclusion,
            ctx.inputLabel(j)));
  }

  private static double badness(ComparedEntry e) {
    double x = e.excess();
    return Double.isNaN(x) ? Double.POSITIVE_INFINITY : x;
  }

  private String range(int lo, int hi) {
    return hi - lo == 1 ? ctx.inputLabel(lo) : ctx.inputLabel(lo) + "…" + ctx.inputLabel(hi - 1);
  }

  private static String shorten(List<String> path) {
    if (path.size() <= 6) {
      return String.join(" → ", path);
    }
    return String.join(" → ", path.subList(0, 3))
        + " → … → "
        + String.join(" → ", path.subList(path.size() - 3, path.size()));
  }

  /** The probe restricted to input coordinates [lo, hi). */
  private ComparedEntry probeOn(
      int probeNumber, double[] v, double[] u, int lo, int hi, int[] extra) {
    double[] part = new double[u.length];
    System.arraycopy(u, lo, part, lo, hi - lo);
    Probe probe = probe(v, part, false);
    extra[0]++;
    return comparison.compareProbe(
        "probe " + probeNumber + " on " + range(lo, hi),
        probe.analytic(),
        probe.numeric(),
        probe.error());
  }

  /** Every output's entry in column j: numeric ∂f/∂x_j against the analytic column. */
  private void compareColumn(int j) {
    double[] column;
    if (ctx.analytic.columnWise()) {
      column = ctx.analytic.column(ctx.x, j);
    } else if (ctx.m <= MAX_ROWS_FOR_A_COLUMN) {
      column = new double[ctx.m];
      for (int i = 0; i < ctx.m; i++) {
        column[i] = ctx.analytic.row(ctx.x, i)[j];
      }
    } else {
      return;
    }
    DirectionalDerivative d;
    try {
      d = ctx.engine().partial(ctx.f, ctx.x, j);
    } catch (NumericDifferentiationException e) {
      CheckFailures.rethrowIfFatal(e);
      return;
    }
    for (int i = 0; i < ctx.m; i++) {
      comparison.compareEntry(i, j, column[i], d);
    }
  }
}
