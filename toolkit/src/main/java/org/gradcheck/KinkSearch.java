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
  /**
   * Kink tests per check at most: 4096, or 4 per input if more (a search as dear as FULL's, since
   * dense kinks cannot be found more cheaply than column by column).
   */
  static final int MIN_BUDGET = 4096;

  /** After this many failing columns that are not kinks the verdict is decided: stop looking. */
  static final int DECIDED_AFTER = 32;

  private final CheckContext ctx;
  private final Comparison comparison;
  private KinkDetector detector;
  private KinkDetector screen;
  private final int budget;
  private int tests;
  private boolean exhausted;
  private boolean reported;

  KinkSearch(CheckContext ctx, Comparison comparison) {
    this.ctx = ctx;
    this.comparison = comparison;
    this.budget = (int) Math.min(Integer.MAX_VALUE, Math.max(MIN_BUDGET, 4L * ctx.n));
  }

  /**
   * The full detector, made on first use: a check that never looks for a kink (most passing checks)
   * does not pay for building its engine.
   */
  private KinkDetector detector() {
    if (detector == null) {
      detector = fitted(KinkDetector.defaults());
    }
    return detector;
  }

  /** The screening detector, made on first use (its 3-point stencil is solved exactly). */
  private KinkDetector screen() {
    if (screen == null) {
      screen = fitted(KinkDetector.screening());
    }
    return screen;
  }

  private KinkDetector fitted(KinkDetector d) {
    Domain domain = ctx.settings.differentiator().domain();
    return d.withDomain(domain).withInputPrecision(ctx.settings.differentiator().inputPrecision());
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
    if (tests >= budget) {
      exhausted = true;
      return Optional.empty();
    }
    tests++;
    return detector().detect(ctx.f, ctx.x, j, ctx.inputLabel(j), ctx.noise());
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
                budget,
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
    // the whole line is screened, then confirmed by the full detector before any narrowing: a
    // smooth line (a wrong derivative) then costs one test or two, never a search
    if (lo < hi && lineHasKink(v, u, lo, hi, screen()) && lineHasKink(v, u, lo, hi, detector())) {
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
      atColumn(lo).ifPresent(found::add); // confirmed by the full detector
      return;
    }
    int mid = (lo + hi) >>> 1;
    if (lineHasKink(v, u, lo, mid, screen())) {
      narrow(v, u, lo, mid, found);
    }
    if (lineHasKink(v, u, mid, hi, screen())) {
      narrow(v, u, mid, hi, found);
    }
  }

  /** Whether t ↦ vᵀf(x + t·u[lo, hi)) has a kink at t = 0. */
  private boolean lineHasKink(double[] v, double[] u, int lo, int hi, KinkDetector tester) {
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
    KinkDetector alongLine =
        domain.isBounded() ? tester.withDomain(line.parameterDomain(domain)) : tester;
    if (tests >= budget) {
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
    return alongLine.detect(projected, new double[] {0.0}, 0, "t", noise * ctx.noise()).isPresent();
  }

  boolean exhausted() {
    return exhausted;
  }
}
