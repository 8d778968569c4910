package org.gradcheck.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import org.gradcheck.ComparedEntry;
import org.gradcheck.Tolerance;

/**
 * Compares entries one at a time and keeps only what a report needs: totals, the worst few entries
 * (a bounded heap) and a uniform reservoir sample of all entries. Memory is bounded by the two
 * limits, never by the number of entries compared.
 */
final class EntryCollector {
  /** Worst first: larger excess; NaN counts as infinitely bad. */
  static final Comparator<ComparedEntry> WORST_FIRST =
      Comparator.comparingDouble(EntryCollector::badness).reversed();

  private final Tolerance tolerance;
  private final int worstCount;
  private final int sampleLimit;
  private final SplittableRandom random;
  private final PriorityQueue<ComparedEntry> worst;
  private final List<Sampled> sample = new ArrayList<>();
  private long compared;
  private long failed;
  private double maxAbs;
  private double maxRel;

  private record Sampled(long sequence, ComparedEntry entry) {}

  EntryCollector(Tolerance tolerance, int worstCount, int sampleLimit, long seed) {
    this.tolerance = tolerance;
    this.worstCount = worstCount;
    this.sampleLimit = sampleLimit;
    this.random = new SplittableRandom(seed ^ 0x5DEECE66DL);
    this.worst = new PriorityQueue<>(WORST_FIRST.reversed());
  }

  private static double badness(ComparedEntry e) {
    double x = e.excess();
    return Double.isNaN(x) ? Double.POSITIVE_INFINITY : x;
  }

  /** Names entry (i, j); called only for entries a report keeps. */
  @FunctionalInterface
  interface Labels {
    String label(int outputIndex, int inputIndex);
  }

  /** Compares one entry and returns it. */
  ComparedEntry compare(
      int outputIndex,
      int inputIndex,
      String label,
      double analytic,
      double numeric,
      double numericError) {
    compare(outputIndex, inputIndex, (i, j) -> label, analytic, numeric, numericError);
    return entry(outputIndex, inputIndex, label, analytic, numeric, numericError);
  }

  /**
   * Compares one entry, building its record and label only if the report keeps it (among the worst
   * or in the sample): a FULL check of a large Jacobian allocates per kept entry, not per compared
   * one.
   */
  void compare(
      int outputIndex,
      int inputIndex,
      Labels labels,
      double analytic,
      double numeric,
      double numericError) {
    double abs = Math.abs(analytic - numeric);
    double allowed = tolerance.allowed(analytic, numeric, numericError);
    double ref = tolerance.reference(analytic, numeric);
    double rel = ref > 0 ? abs / ref : (abs == 0 ? 0 : Double.POSITIVE_INFINITY);
    long sequence = compared++;
    boolean within = abs <= allowed;
    if (!within) {
      failed++;
    }
    maxAbs = maxOrNaN(maxAbs, abs);
    maxRel = maxOrNaN(maxRel, rel);
    double excess = allowed > 0 ? abs / allowed : (abs == 0 ? 0 : Double.POSITIVE_INFINITY);
    double bad = Double.isNaN(excess) ? Double.POSITIVE_INFINITY : excess;
    boolean toWorst = worst.size() < worstCount || bad > badness(worst.peek());
    int slot = -1;
    if (sample.size() < sampleLimit) {
      slot = sample.size();
    } else {
      long k = random.nextLong(sequence + 1);
      if (k < sampleLimit) {
        slot = (int) k;
      }
    }
    if (!toWorst && slot < 0) {
      return;
    }
    ComparedEntry e =
        new ComparedEntry(
            outputIndex,
            inputIndex,
            labels.label(outputIndex, inputIndex),
            analytic,
            numeric,
            numericError,
            abs,
            rel,
            allowed);
    if (toWorst) {
      worst.add(e);
      if (worst.size() > worstCount) {
        worst.poll();
      }
    }
    if (slot == sample.size()) {
      sample.add(new Sampled(sequence, e));
    } else if (slot >= 0) {
      sample.set(slot, new Sampled(sequence, e));
    }
  }

  private ComparedEntry entry(
      int outputIndex,
      int inputIndex,
      String label,
      double analytic,
      double numeric,
      double numericError) {
    double abs = Math.abs(analytic - numeric);
    double ref = tolerance.reference(analytic, numeric);
    double rel = ref > 0 ? abs / ref : (abs == 0 ? 0 : Double.POSITIVE_INFINITY);
    double allowed = tolerance.allowed(analytic, numeric, numericError);
    return new ComparedEntry(
        outputIndex, inputIndex, label, analytic, numeric, numericError, abs, rel, allowed);
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

  List<ComparedEntry> worst() {
    List<ComparedEntry> list = new ArrayList<>(worst);
    list.sort(WORST_FIRST);
    return list;
  }

  List<ComparedEntry> sample() {
    return sample.stream()
        .sorted(Comparator.comparingLong(Sampled::sequence))
        .map(Sampled::entry)
        .toList();
  }
}
