package org.gradcheck;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.gradcheck.numeric.DirectionalDerivative;

/**
 * Localises a failed FAST probe without a Jacobian: vᵀ(A − J)u is linear in u, so splitting the
 * probe direction u into blocks splits the discrepancy into parts that add up to it; at least one
 * part carries half of it. Probing each named input block, then halves of the worst block, reaches
 * one input coordinate in O(log n) extra probes.
 */
final class ProbeBisection {
  /** A backward pass is expanded into one analytic column only up to this many outputs. */
  private static final int MAX_ROWS_FOR_A_COLUMN = 1024;

  private final CheckRun run;
  private final double[] v;
  private final double[] u;
  private int extraProbes;
  private int probeNumber;

  ProbeBisection(CheckRun run, double[] v, double[] u) {
    this.run = run;
    this.v = v;
    this.u = u;
  }

  void run(int p) {
    probeNumber = p + 1;
    long before = run.evaluationsSoFar();
    Signature sig = run.signature();
    List<String> story = new ArrayList<>();
    List<int[]> blocks = new ArrayList<>();
    List<String> names = new ArrayList<>();
    int offset = 0;
    for (Tensor t : sig.inputs()) {
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
        ComparedEntry e = probeOn(blocks.get(k)[0], blocks.get(k)[1]);
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
      ComparedEntry left = probeOn(lo, mid);
      ComparedEntry right = probeOn(mid, hi);
      if (!left.withinTolerance() && !right.withinTolerance()) {
        spread = true;
      }
      if (badness(left) >= badness(right)) {
        hi = mid;
      } else {
        lo = mid;
      }
      path.add(range(lo, hi));
    }
    if (spread) {
      story.add(
          "both halves failed at some level: the error spans many entries; followed the worse");
    }
    int j = lo;
    compareColumn(j);
    story.add("narrowed " + shorten(path));
    run.note(
        String.format(
            Locale.ROOT,
            "probe %d failed; n = %d is large, so bisection over the probe direction localised it"
                + " with %d extra probes (%d evaluations, no Jacobian): %s → the wrong entry is"
                + " at input %s",
            probeNumber,
            run.point().length,
            extraProbes,
            run.evaluationsSoFar() - before,
            String.join("; ", story),
            sig.inputLabel(j)));
  }

  private static double badness(ComparedEntry e) {
    double x = e.excess();
    return Double.isNaN(x) ? Double.POSITIVE_INFINITY : x;
  }

  private String range(int lo, int hi) {
    Signature sig = run.signature();
    return hi - lo == 1 ? sig.inputLabel(lo) : sig.inputLabel(lo) + "…" + sig.inputLabel(hi - 1);
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
  private ComparedEntry probeOn(int lo, int hi) {
    double[] part = new double[u.length];
    System.arraycopy(u, lo, part, lo, hi - lo);
    CheckRun.Probe probe = run.probe(v, part);
    extraProbes++;
    return run.collector()
        .compare(
            -1,
            -1,
            "probe " + probeNumber + " on " + range(lo, hi),
            probe.analytic(),
            probe.numeric(),
            probe.error());
  }

  /** Every output's entry in column j: numeric ∂f/∂x_j against the analytic column. */
  private void compareColumn(int j) {
    int m = run.outputs();
    AnalyticSide a = run.analytic();
    double[] column;
    if (a.columnWise()) {
      column = a.column(run.point(), j);
    } else if (m <= MAX_ROWS_FOR_A_COLUMN) {
      column = new double[m];
      for (int i = 0; i < m; i++) {
        column[i] = a.row(run.point(), i)[j];
      }
    } else {
      return;
    }
    DirectionalDerivative d =
        run.settings().differentiator().partial(run.countedFunction(), run.point(), j);
    for (int i = 0; i < m; i++) {
      run.collector().compare(i, j, run.entryLabel(i, j), column[i], d.values()[i], d.errors()[i]);
    }
  }
}
