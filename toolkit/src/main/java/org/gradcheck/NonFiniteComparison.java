package org.gradcheck;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.gradcheck.numeric.DirectionalDerivative;
import org.gradcheck.numeric.NumericDifferentiator;
import org.gradcheck.robust.NonFinitePolicy;

/**
 * The check under {@link NonFinitePolicy#COMPARE_POSITIONS} when the function is not finite at or
 * near x (the numeric engine refuses such points): finds, column by column, the outputs that are
 * not finite at x or at x ± h·e_j (h from 1e-8 to 1e-2 relative); those entries are numerically
 * undefined and must be non-finite on the analytic side too; every other entry is differentiated
 * with the non-finite outputs masked and compared with the tolerance. Small problems only.
 */
final class NonFiniteComparison {
  /** Dense problems up to this many entries are compared this way. */
  static final int MAX_ENTRIES = 4096;

  private static final double[] PROBE_STEPS = {1e-8, 1e-5, 1e-2};

  private NonFiniteComparison() {}

  /** The report, or null when the problem is too large or the analytic side is unknown. */
  static CheckReport compare(
      CheckKind kind,
      Tolerance tolerance,
      VectorFunction f,
      AnalyticSide analytic,
      double[] x,
      Signature declared) {
    long start = System.nanoTime();
    double[] y0 = f.apply(x.clone());
    if (analytic == null || y0 == null || y0.length == 0) {
      return null;
    }
    int m = y0.length;
    int n = x.length;
    if ((long) m * n > MAX_ENTRIES) {
      return null;
    }
    boolean secondOrder = kind == CheckKind.HESSIAN || kind == CheckKind.HVP;
    Signature sig =
        declared != null && declared.inputSize() == n && (secondOrder || declared.outputSize() == m)
            ? declared
            : secondOrder
                ? Signature.builder().input("x", n).output("∇f", m).build()
                : Signature.anonymous(n, m);
    double[][] a = analytic.dense(x, m, n);
    for (int i = 0; i < m; i++) {
      if (a[i] == null || a[i].length != n) {
        throw new IllegalStateException(
            "the analytic derivative gave row "
                + i
                + " of "
                + (a[i] == null ? "null" : "length " + a[i].length)
                + "; expected length "
                + n);
      }
    }
    long evaluations = 1;
    List<ComparedEntry> entries = new ArrayList<>();
    int matches = 0;
    NumericDifferentiator engine = NumericDifferentiator.defaults();
    for (int j : sig.differentiableInputIndices()) {
      boolean[] bad = new boolean[m];
      for (int i = 0; i < m; i++) {
        bad[i] = !Double.isFinite(y0[i]);
      }
      for (double step : PROBE_STEPS) {
        for (int sign = -1; sign <= 1; sign += 2) {
          double[] p = x.clone();
          p[j] += sign * step * Math.max(1, Math.abs(x[j]));
          double[] y = f.apply(p);
          evaluations++;
          for (int i = 0; i < m && y != null && i < y.length; i++) {
            bad[i] |= !Double.isFinite(y[i]);
          }
        }
      }
      int[] good = rowsWhere(bad, false);
      DirectionalDerivative d = null;
      if (good.length > 0) {
        VectorFunction masked = v -> select(f.apply(v), good);
        d = engine.partial(masked, x, j);
        evaluations += d.evaluations();
      }
      for (int r = 0; r < good.length; r++) {
        int i = good[r];
        entries.add(entry(tolerance, i, j, sig, a[i][j], d.values()[r], d.errors()[r]));
      }
      for (int i : rowsWhere(bad, true)) {
        if (!Double.isFinite(a[i][j])) { // the numeric side has only a position, no kind
          matches++;
        } else {
          entries.add(
              new ComparedEntry(
                  i,
                  j,
                  sig.entryLabel(i, j),
                  a[i][j],
                  Double.NaN,
                  Double.NaN,
                  Double.POSITIVE_INFINITY,
                  Double.POSITIVE_INFINITY,
                  0));
        }
      }
    }
    long failed = entries.stream().filter(e -> !e.withinTolerance()).count();
    double maxAbs = entries.stream().mapToDouble(ComparedEntry::absError).max().orElse(0);
    double maxRel = entries.stream().mapToDouble(ComparedEntry::relError).max().orElse(0);
    List<String> notes = new ArrayList<>();
    notes.add(
        String.format(
            Locale.ROOT,
            "COMPARE_POSITIONS: f is not finite at or near x, so each column was compared with its"
                + " non-finite outputs masked; %d entr%s non-finite on both sides (same position:"
                + " not a mismatch)",
            matches,
            matches == 1 ? "y is" : "ies are"));
    return CheckReport.builder()
        .kind(kind)
        .mode(Mode.FULL, "non-finite values: compared column by column under COMPARE_POSITIONS")
        .passed(failed == 0)
        .maxErrors(maxAbs, maxRel)
        .evaluations(evaluations, 1)
        .counts(entries.size(), failed)
        .worstEntries(
            entries.stream()
                .sorted(Comparator.comparingDouble(ComparedEntry::excess).reversed())
                .limit(10)
                .toList())
        .comparedEntries(entries)
        .tolerance(tolerance)
        .signature(sig)
        .notes(notes)
        .elapsed(Duration.ofNanos(System.nanoTime() - start))
        .build();
  }

  private static ComparedEntry entry(
      Tolerance tolerance, int i, int j, Signature sig, double a, double num, double err) {
    double abs = Math.abs(a - num);
    double ref = tolerance.reference(a, num);
    double rel = ref > 0 ? abs / ref : (abs == 0 ? 0 : Double.POSITIVE_INFINITY);
    return new ComparedEntry(
        i, j, sig.entryLabel(i, j), a, num, err, abs, rel, tolerance.allowed(a, num, err));
  }

  private static int[] rowsWhere(boolean[] bad, boolean value) {
    int count = 0;
    for (boolean b : bad) {
      count += b == value ? 1 : 0;
    }
    int[] rows = new int[count];
    int k = 0;
    for (int i = 0; i < bad.length; i++) {
      if (bad[i] == value) {
        rows[k++] = i;
      }
    }
    return rows;
  }

  private static double[] select(double[] y, int[] rows) {
    if (y == null) {
      return null;
    }
    double[] out = new double[rows.length];
    for (int r = 0; r < rows.length; r++) {
      out[r] = rows[r] < y.length ? y[rows[r]] : Double.NaN;
    }
    return out;
  }
}
