package org.gradcheck.generate;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.ToDoubleFunction;
import java.util.random.RandomGenerator;
import org.apiguardian.api.API;

/**
 * The source every {@link Generator} draws from: bounded integers and doubles, each recorded as a
 * {@link Choice}. A source either draws fresh values from a seeded random generator, or replays a
 * recorded {@link ChoiceSequence} (values clamped into the bounds asked for at replay, so a shrunk
 * sequence always yields a value the generator could have made), or replays a prefix and then draws
 * fresh values (used by targeted search).
 *
 * <p>A replaying source asked for more choices than it holds throws {@link ChoiceOverrun}.
 *
 * <p>Edge cases: {@link #edgeCase(int)} picks one of a generator's edge cases with probability
 * {@link #edgeShare()} (0 by default), else none.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.2")
public final class Choices {
  /** The most choices one value may draw. */
  public static final int MAX_CHOICES = 100_000;

  private final RandomGenerator random;
  private final List<Choice> prefix;
  private final double edgeShare;
  private final List<Choice> record = new ArrayList<>();

  private Choices(RandomGenerator random, List<Choice> prefix, double edgeShare) {
    if (!(edgeShare >= 0 && edgeShare <= 1)) {
      throw new IllegalArgumentException("edgeShare must be in [0, 1], got " + edgeShare);
    }
    this.random = random;
    this.prefix = prefix;
    this.edgeShare = edgeShare;
  }

  /** Fresh choices from {@code random}, no edge cases. */
  public static Choices random(RandomGenerator random) {
    return random(random, 0.0);
  }

  /** Fresh choices from {@code random}; each edge-case choice is taken with {@code edgeShare}. */
  public static Choices random(RandomGenerator random, double edgeShare) {
    return new Choices(Objects.requireNonNull(random, "random"), List.of(), edgeShare);
  }

  /** Replays {@code recorded}; asking for more choices throws {@link ChoiceOverrun}. */
  public static Choices replay(ChoiceSequence recorded) {
    return new Choices(null, recorded.choices(), 0.0);
  }

  /** Replays {@code prefix}, then draws fresh choices from {@code random}. */
  public static Choices guided(ChoiceSequence prefix, RandomGenerator random, double edgeShare) {
    return new Choices(Objects.requireNonNull(random, "random"), prefix.choices(), edgeShare);
  }

  /** The share of edge-case choices taken when drawing fresh. */
  public double edgeShare() {
    return edgeShare;
  }

  /** An integer in [lo, hi], uniform when drawn fresh; shrinks towards the one nearest 0. */
  public int integer(int lo, int hi) {
    if (lo > hi) {
      throw new IllegalArgumentException("integer bounds need lo ≤ hi, got " + lo + ", " + hi);
    }
    return (int)
        next(
            Choice.Kind.INTEGER,
            lo,
            hi,
            r -> lo == hi ? lo : lo + (double) r.nextLong((long) hi - lo + 1));
  }

  /** A double uniform in [lo, hi]; shrinks towards the value nearest 0. */
  public double real(double lo, double hi) {
    return real(lo, hi, r -> lo + (hi - lo) * r.nextDouble());
  }

  /**
   * A double in [lo, hi] drawn by {@code sampler} (its result clamped into the bounds) when drawn
   * fresh; shrinks towards the value nearest 0.
   */
  public double real(double lo, double hi, ToDoubleFunction<RandomGenerator> sampler) {
    if (!(lo <= hi) || !Double.isFinite(lo) || !Double.isFinite(hi)) {
      throw new IllegalArgumentException("real bounds need finite lo ≤ hi, got " + lo + ", " + hi);
    }
    return next(Choice.Kind.REAL, lo, hi, sampler);
  }

  /**
   * Which of {@code count} edge cases to take: 0 for none (a regular draw), else 1..count, each
   * with probability {@link #edgeShare()}/count when drawn fresh. Always recorded, so sequences
   * drawn with and without edge cases have the same structure.
   */
  public int edgeCase(int count) {
    if (count < 0) {
      throw new IllegalArgumentException("edge case count must be ≥ 0, got " + count);
    }
    return (int)
        next(
            Choice.Kind.EDGE,
            0,
            count,
            r ->
                edgeShare > 0 && count > 0 && r.nextDouble() < edgeShare
                    ? 1 + r.nextInt(count)
                    : 0);
  }

  /** The choices made so far. */
  public ChoiceSequence recorded() {
    return new ChoiceSequence(record);
  }

  private double next(
      Choice.Kind kind, double lo, double hi, ToDoubleFunction<RandomGenerator> sampler) {
    int index = record.size();
    if (index >= MAX_CHOICES) {
      throw new ChoiceOverrun("a value drew more than " + MAX_CHOICES + " choices");
    }
    Choice choice;
    if (index < prefix.size()) {
      choice = new Choice(kind, lo, hi, lo).with(prefix.get(index).value());
    } else if (random == null) {
      throw new ChoiceOverrun(
          "the generator asked for choice "
              + (index + 1)
              + " but the replayed sequence holds only "
              + prefix.size());
    } else {
      choice = new Choice(kind, lo, hi, lo).with(sampler.applyAsDouble(random));
    }
    record.add(choice);
    return choice.value();
  }
}
