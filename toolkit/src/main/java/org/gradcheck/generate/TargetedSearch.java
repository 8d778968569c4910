package org.gradcheck.generate;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apiguardian.api.API;
import org.gradcheck.CheckReport;
import org.gradcheck.ComparedEntry;

/**
 * Hill climbing on choice sequences towards inputs with a higher score (Hypothesis' {@code
 * target()}): after {@code warmup} random tries, three tries in four mutate the best-scoring choice
 * sequence seen so far (usually one choice nudged by a Gaussian step at a random scale, or redrawn;
 * a step that improved the best is taken again, doubled) and replay it, drawing fresh choices past
 * its end. For a gradient check the score is its worst margin, error / allowed; a score above 1 is
 * a failure.
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
  private int stepIndex = -1;
  private double step;
  private int pendingIndex = -1;
  private double pendingStep;

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
    mutated = best != null && best.size() > 0 && tries > warmup && random.nextInt(4) != 0;
    if (!mutated) {
      return Choices.random(random, edgeShare);
    }
    if (stepIndex >= 0 && stepIndex < best.size()) {
      return Choices.guided(repeatStep(best), random, edgeShare);
    }
    return Choices.guided(mutate(best, random), random, edgeShare);
  }

  /** Reports the score of a try's choices; the best is kept for mutation. */
  public void observe(ChoiceSequence choices, double score) {
    boolean improved = !Double.isNaN(score) && score > bestScore;
    if (improved) {
      bestScore = score;
      best = choices;
    }
    if (mutated) {
      // a step that improved is taken again, twice as long; one that did not ends the run
      stepIndex = improved ? pendingIndex : -1;
      step = pendingStep;
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

  /** The best sequence with the last improving step taken again, doubled. */
  private ChoiceSequence repeatStep(ChoiceSequence base) {
    List<Choice> c = new ArrayList<>(base.choices());
    Choice ch = c.get(stepIndex);
    Choice moved = ch.with(ch.value() + 2 * step);
    c.set(stepIndex, moved);
    pendingIndex = stepIndex;
    pendingStep = moved.value() - ch.value();
    return new ChoiceSequence(c);
  }

  /**
   * A mutation of {@code base}: usually one choice, sometimes up to four, each nudged by a Gaussian
   * step of 2⁻ᵏ of its range (k uniform in 1..30) or redrawn within its bounds. A single nudged
   * choice is remembered, so that an improving step is taken again.
   */
  ChoiceSequence mutate(ChoiceSequence base, SplittableRandom random) {
    List<Choice> c = new ArrayList<>(base.choices());
    int changes = random.nextInt(4) == 0 ? 1 + random.nextInt(Math.min(4, c.size())) : 1;
    pendingIndex = -1;
    for (int k = 0; k < changes; k++) {
      int i = random.nextInt(c.size());
      Choice ch = c.get(i);
      if (ch.kind() == Choice.Kind.EDGE && edgeShare == 0) {
        continue; // without edge cases, a mutation does not take one either
      }
      double span = ch.hi() - ch.lo();
      double v;
      if (ch.kind() == Choice.Kind.REAL) {
        v =
            random.nextInt(3) == 0
                ? ch.lo() + span * random.nextDouble()
                : ch.value()
                    + random.nextGaussian() * span * Math.scalb(1.0, -1 - random.nextInt(30));
      } else {
        v =
            random.nextBoolean()
                ? ch.value() + (random.nextBoolean() ? 1 : -1)
                : ch.lo() + random.nextInt((int) span + 1);
      }
      c.set(i, ch.with(v));
      if (changes == 1 && ch.kind() == Choice.Kind.REAL) {
        pendingIndex = i;
        pendingStep = c.get(i).value() - ch.value();
      }
    }
    return new ChoiceSequence(c);
  }
}
