package org.gradcheck.generate;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apiguardian.api.API;
import org.gradcheck.CheckReport;
import org.gradcheck.ComparedEntry;

/**
 * Hill climbing on choice sequences towards inputs with a higher score (Hypothesis' {@code
 * target()}): after {@code warmup} random tries, every other try mutates the best-scoring choice
 * sequence seen so far (a few choices nudged by a random amount at a random scale, or redrawn) and
 * replays it, drawing fresh choices past its end. For a gradient check the score is its worst
 * margin, error / allowed; a score above 1 is a failure.
 *
 * <p>Not thread-safe: one search per property run.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.2")
public final class TargetedSearch {
  private final double edgeShare;
  private final int warmup;
  private int tries;
  private ChoiceSequence best;
  private double bestScore = Double.NEGATIVE_INFINITY;
  private boolean mutated;

  /**
   * A search that mixes in edge cases with {@code edgeShare} and climbs after {@code warmup} random
   * tries.
   */
  public TargetedSearch(double edgeShare, int warmup) {
    if (warmup < 0) {
      throw new IllegalArgumentException("warmup must be ≥ 0, got " + warmup);
    }
    this.edgeShare = edgeShare;
    this.warmup = warmup;
  }

  /** The choices of the next try, from its seed: random, or a mutation of the best so far. */
  public Choices next(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    tries++;
    mutated = !(best == null || best.size() == 0 || tries <= warmup || random.nextBoolean());
    return mutated
        ? Choices.guided(mutate(best, random), random, edgeShare)
        : Choices.random(random, edgeShare);
  }

  /** Reports the score of a try's choices; the best is kept for mutation. */
  public void observe(ChoiceSequence choices, double score) {
    if (!Double.isNaN(score) && score > bestScore) {
      bestScore = score;
      best = choices;
    }
  }

  /** True if the last {@link #next} mutated an earlier try rather than drawing afresh. */
  public boolean lastMutated() {
    return mutated;
  }

  /**
   * The worst margin of a check, the score to climb: the largest error / allowed of its compared
   * entries (above 1 means failed); +∞ for a failed report without compared entries, 0 for a passed
   * one.
   */
  public static double worstMargin(CheckReport report) {
    return report.worstEntries().stream()
        .mapToDouble(ComparedEntry::excess)
        .filter(v -> !Double.isNaN(v))
        .max()
        .orElse(report.passed() ? 0 : Double.POSITIVE_INFINITY);
  }

  /** The best score seen, or −∞. */
  public double bestScore() {
    return bestScore;
  }

  static ChoiceSequence mutate(ChoiceSequence base, SplittableRandom random) {
    List<Choice> c = new ArrayList<>(base.choices());
    int changes = 1 + random.nextInt(Math.min(4, c.size()));
    for (int k = 0; k < changes; k++) {
      int i = random.nextInt(c.size());
      Choice ch = c.get(i);
      double span = ch.hi() - ch.lo();
      double v;
      if (ch.kind() == Choice.Kind.REAL) {
        v =
            random.nextInt(3) == 0
                ? ch.lo() + span * random.nextDouble()
                : ch.value()
                    + random.nextGaussian() * span * Math.scalb(1.0, -1 - random.nextInt(20));
      } else {
        v =
            random.nextBoolean()
                ? ch.value() + (random.nextBoolean() ? 1 : -1)
                : ch.lo() + random.nextInt((int) span + 1);
      }
      c.set(i, ch.with(v));
    }
    return new ChoiceSequence(c);
  }
}
