package org.gradcheck;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.gradcheck.numeric.Domain;
import org.gradcheck.numeric.Line;
import org.gradcheck.robust.DetectedKink;
import org.gradcheck.robust.KinkDetector;

/**
 * Finds the kinks a check meets, in every mode, with one {@link KinkDetector} and one budget per
 * check. FULL and SAMPLED: every column with a failing entry or a too-wide error bar is examined —
 * all of them, not a sample — until the budget runs out (its own outcome, stated) or the verdict is
 * decided by enough failing columns that are not kinks. FAST: a failing probe's line is tested for
 * a kink; if it has one, group testing over blocks of the probe direction narrows it to the input
 * coordinates at kinks, which the probe then avoids.
 */
final class KinkSearch {
  /** Kink tests (each two one-sided sweeps of about 8 evaluations) per check at most. */
  static final int BUDGET = 4096;

  /** How far a kink test moves x (relative to max(1, |x_j|)): its first step. */
  static final double REACH = 1e-3;

  /** After this many failing columns that are not kinks the verdict is decided: stop looking. */
  static final int DECIDED_AFTER = 32;

  private final CheckContext ctx;
  private final Comparison comparison;
  private final KinkDetector detector = KinkDetector.defaults();
  private int tests;
  private boolean exhausted;
  private boolean reported;

  KinkSearch(CheckContext ctx, Comparison comparison) {
    this.ctx = ctx;
    this.comparison = comparison;
  }

  /** Whether kinks are looked for at all (not under {@link KinkPolicy#CHECK}). */
  boolean enabled() {
    return ctx.robustness.kinkPolicy() != KinkPolicy.CHECK;
  }

  // ---- FULL and SAMPLED: columns -------------------------------------------------------------

  /** Examines every suspect column of the comparison and records the kinks found there. */
  void columns() {
    if (!enabled()) {
      return;
    }
    int decided = 0;
    int[] suspects = comparison.suspectColumns();
    for (int k = 0; k < suspects.length; k++) {
      int j = suspects[k];
      if (decided >= DECIDED_AFTER) {
        comparison.note(
            String.format(
                Locale.ROOT,
                "kink search stopped after %d failing columns without a kink (of %d suspect"
                    + " columns): those are wrong whatever the rest are",
                decided,
                suspects.length));
        return;
      }
      Optional<DetectedKink> kink = atColumn(j);
      if (exhausted) {
        budgetExhausted(suspects.length - k);
        return;
      }
      if (kink.isPresent()) {
        comparison.kink(kink.get());
      } else if (comparison.columnFailed(j)) {
        decided++;
      }
    }
  }

  private Optional<DetectedKink> atColumn(int j) {
    Domain domain = ctx.settings.differentiator().domain();
    double reach = REACH * Math.max(1.0, Math.abs(ctx.x[j]));
    if (!domain.contains(j, ctx.x[j] - reach) || !domain.contains(j, ctx.x[j] + reach)) {
      return Optional.empty(); // a two-sided test would leave the declared domain
    }
    if (tests >= BUDGET) {
      exhausted = true;
      return Optional.empty();
    }
    tests++;
    return detector.detect(ctx.f, ctx.x, j, ctx.inputLabel(j), ctx.noise());
  }

  private void budgetExhausted(int unexamined) {
    if (reported) {
      return;
    }
    reported = true;
    comparison.finding(
        new Finding(
            Finding.Kind.BUDGET_EXHAUSTED,
            String.format(
                Locale.ROOT,
                "budget exhausted: the kink search made %d kink tests (its budget)%s; failing"
                    + " entries and probes it could not examine count as failures, though some may"
                    + " lie at kinks",
                BUDGET,
                unexamined > 0 ? " and left " + unexamined + " suspect columns unexamined" : "")));
  }

  // ---- FAST: along a probe -------------------------------------------------------------------

  /**
   * The kinks on the line of a failing probe: empty if t ↦ vᵀf(x + t·u) is differentiable at 0 (the
   * failure is then a wrong derivative); else the input coordinates at kinks, found by splitting u
   * into halves and testing each half's line, down to single coordinates.
   */
  List<DetectedKink> alongProbe(double[] v, double[] u) {
    List<DetectedKink> found = new ArrayList<>();
    if (!enabled()) {
      return found;
    }
    int lo = 0;
    int hi = ctx.n;
    while (lo < hi && u[lo] == 0) {
      lo++;
    }
    while (hi > lo && u[hi - 1] == 0) {
      hi--;
    }
    if (lo < hi && lineHasKink(v, u, lo, hi)) {
      narrow(v, u, lo, hi, found);
    }
    if (exhausted) {
      budgetExhausted(0);
    }
    return found;
  }

  private void narrow(double[] v, double[] u, int lo, int hi, List<DetectedKink> found) {
    if (exhausted) {
      return;
    }
    if (hi - lo == 1) {
      atColumn(lo).ifPresent(found::add);
      return;
    }
    int mid = (lo + hi) >>> 1;
    if (lineHasKink(v, u, lo, mid)) {
      narrow(v, u, lo, mid, found);
    }
    if (lineHasKink(v, u, mid, hi)) {
      narrow(v, u, mid, hi, found);
    }
  }

  /** Whether t ↦ vᵀf(x + t·u[lo, hi)) has a kink at t = 0. */
  private boolean lineHasKink(double[] v, double[] u, int lo, int hi) {
    boolean any = false;
    for (int k = lo; k < hi && !any; k++) {
      any = u[k] != 0;
    }
    if (!any || exhausted) {
      return false;
    }
    double[] part = new double[ctx.n];
    System.arraycopy(u, lo, part, lo, hi - lo);
    Line line = Line.through(ctx.x, part).euclidean();
    Domain domain = ctx.settings.differentiator().domain();
    if (domain.isBounded()) {
      Domain t = line.parameterDomain(domain);
      if (t.lower(0) > -REACH || t.upper(0) < REACH) {
        return false; // a two-sided test would leave the declared domain
      }
    }
    if (tests >= BUDGET) {
      exhausted = true;
      return false;
    }
    tests++;
    double[] scratch = ctx.x.clone();
    UnaryOperator<double[]> projected =
        t -> {
          double[] y = ctx.f.apply(line.pointInto(t[0], scratch));
          double s = 0;
          for (int i = 0; i < y.length; i++) {
            s += v[i] * y[i];
          }
          return new double[] {s};
        };
    double noise = 0;
    for (double vi : v) {
      noise += Math.abs(vi);
    }
    return detector.detect(projected, new double[] {0.0}, 0, "t", noise * ctx.noise()).isPresent();
  }

  boolean exhausted() {
    return exhausted;
  }
}
