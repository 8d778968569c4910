package org.gradcheck;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * Compares entries one at a time and keeps only what a report needs: totals, the worst few entries
 * (a bounded heap) and a uniform reservoir sample of all entries. Memory is bounded by the two
 * limits, never by the number of entries compared; labels and records are built only for the
 * entries finally reported.
 */
final class EntryCollector {
  private static final Comparator<Pending> BY_EXCESS = Comparator.comparingDouble(Pending::badness);

  /**
   * Report order: failing entries first, and among those the entries that name an input before FAST
   * probes (they say where the error is); then by excess over tolerance, largest first.
   */
  private static final Comparator<Pending> REPORT_ORDER =
      Comparator.comparing((Pending p) -> p.badness() <= 1)
          .thenComparing(p -> p.inputIndex() < 0)
          .thenComparing(BY_EXCESS.reversed())
          .thenComparingLong(Pending::sequence);

  private final Tolerance tolerance;
  private final int worstCount;
  private final int sampleLimit;
  private final SplittableRandom random;
  private final PriorityQueue<Pending> worst;
  private final List<Pending> sample = new ArrayList<>();
  private long compared;
  private long failed;
  private double maxAbs;
  private double maxRel;

  /** Names entry (i, j); called only for entries a report keeps. */
  @FunctionalInterface
  interface Labels {
    String label(int outputIndex, int inputIndex);
  }

  /** One compared entry before its label is needed. */
  private record Pending(
      long sequence,
      int outputIndex,
      int inputIndex,
      Labels labels,
      double analytic,
      double numeric,
      double numericError,
      double absError,
      double relError,
      double allowed,
      double step) {

    double badness() {
      double excess =
          allowed > 0 ? absError / allowed : (absError == 0 ? 0 : Double.POSITIVE_INFINITY);
      return Double.isNaN(excess) ? Double.POSITIVE_INFINITY : excess;
    }

    ComparedEntry entry() {
      return new ComparedEntry(
          outputIndex,
          inputIndex,
          labels.label(outputIndex, inputIndex),
          analytic,
          numeric,
          numericError,
          absError,
          relError,
          allowed,
          step);
    }
  }

  EntryCollector(Tolerance tolerance, int worstCount, int sampleLimit, long seed) {
    this.tolerance = tolerance;
    this.worstCount = worstCount;
    this.sampleLimit = sampleLimit;
    this.random = new SplittableRandom(seed ^ 0x5DEECE66DL);
    this.worst = new PriorityQueue<>(REPORT_ORDER.reversed());
  }

  /** Compares one entry with a fixed label and returns it. */
  ComparedEntry compare(
      int outputIndex,
      int inputIndex,
      String label,
      double analytic,
      double numeric,
      double numericError) {
    return compare(
            outputIndex, inputIndex, (i, j) -> label, analytic, numeric, numericError, Double.NaN)
        .entry();
  }

  /** Compares one entry; {@code labels} is asked only if the entry ends up in the report. */
  private Pending compare(
      int outputIndex,
      int inputIndex,
      Labels labels,
      double analytic,
      double numeric,
      double numericError,
      double step) {
    double abs = Math.abs(analytic - numeric);
    double ref = tolerance.reference(analytic, numeric);
    double rel = ref > 0 ? abs / ref : (abs == 0 ? 0 : Double.POSITIVE_INFINITY);
    double allowed = tolerance.allowed(analytic, numeric, numericError);
    Pending p =
        new Pending(
            compared++,
            outputIndex,
            inputIndex,
            labels,
            analytic,
            numeric,
            numericError,
            abs,
            rel,
            allowed,
            step);
    if (!(abs <= allowed)) {
      failed++;
    }
    maxAbs = maxOrNaN(maxAbs, abs);
    maxRel = maxOrNaN(maxRel, rel);
    if (worst.size() < worstCount) {
      worst.add(p);
    } else if (REPORT_ORDER.compare(p, worst.peek()) < 0) {
      worst.poll();
      worst.add(p);
    }
    if (sample.size() < sampleLimit) {
      sample.add(p);
    } else {
      long k = random.nextLong(p.sequence() + 1);
      if (k < sampleLimit) {
        sample.set((int) k, p);
      }
    }
    return p;
  }

  /**
   * Compares entry (i, j) of a Jacobian, whose numeric estimate came from {@code step} (NaN if not
   * known), and returns whether it is within tolerance; the label is built only if the report keeps
   * it.
   */
  boolean compareEntry(
      int outputIndex,
      int inputIndex,
      Labels labels,
      double analytic,
      double numeric,
      double numericError,
      double step) {
    Pending p = compare(outputIndex, inputIndex, labels, analytic, numeric, numericError, step);
    return p.absError() <= p.allowed();
  }

  private static double maxOrNaN(double a, double b) {
    if (Double.isNaN(a) || Double.isNaN(b)) {
      return Double.NaN;
    }
    return Math.max(a, b);
  }

  long compared() {
    return compared;
  }

  long failed() {
    return failed;
  }

  double maxAbs() {
    return maxAbs;
  }

  double maxRel() {
    return maxRel;
  }

  /** The worst entries in {@link #REPORT_ORDER}. */
  List<ComparedEntry> worst() {
    return worst.stream().sorted(REPORT_ORDER).map(Pending::entry).toList();
  }

  /** The sample in comparison order. */
  List<ComparedEntry> sample() {
    return sample.stream()
        .sorted(Comparator.comparingLong(Pending::sequence))
        .map(Pending::entry)
        .toList();
  }
}
