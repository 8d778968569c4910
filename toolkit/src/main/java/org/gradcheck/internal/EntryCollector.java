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

  /** Compares one entry and returns it. */
  ComparedEntry compare(
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
    ComparedEntry e =
        new ComparedEntry(
            outputIndex, inputIndex, label, analytic, numeric, numericError, abs, rel, allowed);
    add(e);
    return e;
  }

  /** Adds an already compared entry. */
  void add(ComparedEntry e) {
    long sequence = compared++;
    if (!e.withinTolerance()) {
      failed++;
    }
    maxAbs = maxOrNaN(maxAbs, e.absError());
    maxRel = maxOrNaN(maxRel, e.relError());
    worst.add(e);
    if (worst.size() > worstCount) {
      worst.poll();
    }
    if (sample.size() < sampleLimit) {
      sample.add(new Sampled(sequence, e));
    } else {
      long k = random.nextLong(sequence + 1);
      if (k < sampleLimit) {
        sample.set((int) k, new Sampled(sequence, e));
      }
    }
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
