package org.gradcheck;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.gradcheck.numeric.DirectionalDerivative;
import org.gradcheck.robust.DetectedKink;
import org.gradcheck.robust.NonFinitePolicy;

/**
 * What the compare stage of one check found: every entry compared (through the {@link
 * EntryCollector}, which keeps the totals, the worst entries and a bounded sample), and beside it,
 * over <em>all</em> entries rather than the sample, the columns with failing entries, the columns
 * whose numeric error bar is too wide to confirm anything (kink candidates), the kinks found, and
 * the entries accepted only by atol. The one place that compares an entry.
 */
final class Comparison {
  /** A numeric error bound above this fraction of an entry's value confirms nothing. */
  static final double WEAK_EVIDENCE = 0.1;

  private final CheckContext ctx;
  private final EntryCollector collector;

  /** Names entries for the collector; one instance, not one per compared entry. */
  private final EntryCollector.Labels labels = this::label;

  private final int[] failedPerColumn;
  private final BitSet suspectColumns = new BitSet();
  private final Map<Integer, DetectedKink> kinks = new TreeMap<>();
  private final List<String> notes = new ArrayList<>();
  private final List<Finding> findings = new ArrayList<>();
  private long failedProbes;
  private long nonFiniteMatches;
  private int probesRun;
  private double slipProbability = Double.NaN;
  private int rescued;
  private long weakCount;
  private double weakWorst;
  private String weakExample;
  private double scale;
  private long atolOnly;
  private String atolOnlyExample;
  private double atolOnlyWorstRelative;
  private int[] sampledColumns;
  private boolean projected;

  Comparison(CheckContext ctx) {
    this.ctx = ctx;
    this.collector = ctx.newCollector();
    this.failedPerColumn = new int[ctx.n];
  }

  // ---- comparing -----------------------------------------------------------------------------

  /** Compares Jacobian entry (i, j) (i = −1: a projection vᵀJ e_j over all outputs). */
  boolean compareEntry(int i, int j, double analytic, double numeric, double error) {
    return compareEntry(i, j, analytic, numeric, error, Double.NaN, Double.NaN);
  }

  /**
   * As above, with the step the numeric estimate came from and the part of its error bar that is
   * only the rounding of f's values ({@link DirectionalDerivative#roundOff()}; NaN if not known).
   */
  boolean compareEntry(
      int i, int j, double analytic, double numeric, double error, double step, double roundOff) {
    boolean within = collector.compareEntry(i, j, labels, analytic, numeric, error, step);
    noteEvidence(i, j, null, analytic, numeric, error, within);
    if (!within
        && ctx.robustness.nonFinitePolicy().judge(analytic, numeric)
            == NonFinitePolicy.Verdict.MATCH) {
      nonFiniteMatches++;
      return true;
    }
    if (!within) {
      failedPerColumn[j]++;
      suspectColumns.set(j);
    } else if (!(error
        <= 1e-6 * (Math.abs(analytic) + Math.abs(numeric))
            + 1e-10
            + (roundOff >= 0 ? roundOff : 0))) {
      // a one-sided kink makes an honest estimate report a wide bar; a bar that is only the
      // rounding of a large output value (an output that does not depend on the input) is none
      suspectColumns.set(j);
    }
    return within;
  }

  /** As above, for row i of a numeric column {@code d}. */
  boolean compareEntry(int i, int j, double analytic, DirectionalDerivative d) {
    return compareEntry(
        i, j, analytic, d.values()[i], d.errors()[i], d.steps()[i], d.roundOff()[i]);
  }

  /** Compares one FAST probe vᵀJu (or a part of one) under its own label. */
  ComparedEntry compareProbe(String label, double analytic, double numeric, double error) {
    ComparedEntry e = collector.compare(-1, -1, label, analytic, numeric, error);
    noteEvidence(-1, -1, label, analytic, numeric, error, e.withinTolerance());
    if (!e.withinTolerance()) {
      failedProbes++;
    }
    return e;
  }

  private String label(int i, int j) {
    return i < 0 ? "vᵀ·∂f/∂" + ctx.inputLabel(j) : ctx.entryLabel(i, j);
  }

  /**
   * Remembers weak and atol-only evidence of a passing entry; the entry's label ({@code fixed}, or
   * built from (i, j)) is made only for the one example each statement quotes.
   */
  private void noteEvidence(
      int i, int j, String fixed, double a, double num, double err, boolean within) {
    scale = Math.max(scale, Math.max(Math.abs(a), Math.abs(num)));
    if (!within) {
      return;
    }
    Tolerance t = ctx.settings.tolerance();
    if (err > WEAK_EVIDENCE * Math.max(Math.abs(a), Math.abs(num))) {
      weakCount++;
      if (err > weakWorst) {
        weakWorst = err;
        weakExample = example(i, j, fixed, a, num, err);
      }
    }
    // accepted only because of atol: without it the entry would fail, and the numeric side does
    // resolve a non-zero value there (so the entry carried information that was not compared)
    double abs = Math.abs(a - num);
    if (t.atol() > 0
        && abs > t.allowed(a, num, err) - t.atol()
        && Math.abs(num) > t.errorBoundFactor() * err
        && num != 0) {
      atolOnly++;
      double relative = abs / Math.abs(num);
      if (relative > atolOnlyWorstRelative) {
        atolOnlyWorstRelative = relative;
        atolOnlyExample = example(i, j, fixed, a, num, err);
      }
    }
  }

  /** One entry quoted as an example: its label and both values with the numeric error bar. */
  private String example(int i, int j, String fixed, double a, double num, double err) {
    return String.format(
        Locale.ROOT,
        "%s: analytic %.6g, numeric %.6g ± %.2g",
        fixed != null ? fixed : label(i, j),
        a,
        num,
        err);
  }

  void rescued() {
    rescued++;
  }

  void note(String note) {
    notes.add(note);
  }

  void note(int index, String note) {
    notes.add(index, note);
  }

  int noteCount() {
    return notes.size();
  }

  void finding(Finding finding) {
    findings.add(finding);
  }

  void probes(int run, double slip) {
    this.probesRun = run;
    this.slipProbability = slip;
  }

  void sampled(int[] columns, boolean projected) {
    this.sampledColumns = columns.clone();
    this.projected = projected;
  }

  void kink(DetectedKink kink) {
    kinks.put(kink.inputIndex(), kink);
  }

  // ---- reading -------------------------------------------------------------------------------

  EntryCollector collector() {
    return collector;
  }

  /** Columns with at least one failing entry or a too-wide error bar, ascending. */
  int[] suspectColumns() {
    return suspectColumns.stream().toArray();
  }

  int failedIn(int column) {
    return failedPerColumn[column];
  }

  boolean columnFailed(int column) {
    return failedPerColumn[column] > 0;
  }

  Map<Integer, DetectedKink> kinks() {
    return kinks;
  }

  /** Entries outside tolerance that lie in a column at a kink. */
  long failedAtKinks() {
    long sum = 0;
    for (int j : kinks.keySet()) {
      sum += failedPerColumn[j];
    }
    return sum;
  }

  /** Entries outside tolerance that are non-finite on both sides, a match under the policy. */
  long nonFiniteMatches() {
    return nonFiniteMatches;
  }

  long failedProbes() {
    return failedProbes;
  }

  List<String> notes() {
    return notes;
  }

  List<Finding> findings() {
    return findings;
  }

  int probesRun() {
    return probesRun;
  }

  double slipProbability() {
    return slipProbability;
  }

  /** The sampled columns of a SAMPLED check, or null. */
  int[] sampledColumns() {
    return sampledColumns == null ? null : sampledColumns.clone();
  }

  boolean projected() {
    return projected;
  }

  /** The statements about the evidence itself: second estimates, wide bars, atol-only passes. */
  List<Finding> evidenceFindings() {
    List<Finding> out = new ArrayList<>();
    if (rescued > 0) {
      notes.add(
          rescued
              + " column"
              + (rescued == 1 ? "" : "s")
              + " or probe"
              + (rescued == 1 ? "" : "s")
              + " disagreed with the first numeric estimate but agreed with an independent second"
              + " one (Ridders extrapolation, smaller steps); the first error bound was too"
              + " optimistic there, so the second was used");
    }
    if (weakCount > 0 && weakWorst > 1e-3 * scale) {
      out.add(
          new Finding(
              Finding.Kind.NOISE,
              "noise: "
                  + weakCount
                  + " entr"
                  + (weakCount == 1 ? "y passes" : "ies pass")
                  + " only inside a wide numeric error bar (more than "
                  + Math.round(WEAK_EVIDENCE * 100)
                  + " % of the value), so the numeric side cannot confirm "
                  + (weakCount == 1 ? "it" : "them")
                  + " — a kink or noise there? Widest: "
                  + weakExample));
    }
    if (atolOnly > 0) {
      out.add(
          new Finding(
              Finding.Kind.COVERAGE,
              String.format(
                  Locale.ROOT,
                  "coverage: %d entr%s passed only because |analytic − numeric| is below atol ="
                      + " %.3g; relative to the numeric value the error is up to %.3g, which rtol"
                      + " = %.3g would reject — these derivatives are too small for atol to"
                      + " judge; lower atol to compare them. Worst: %s",
                  atolOnly,
                  atolOnly == 1 ? "y" : "ies",
                  ctx.settings.tolerance().atol(),
                  atolOnlyWorstRelative,
                  ctx.settings.tolerance().rtol(),
                  atolOnlyExample)));
    }
    return out;
  }
}
