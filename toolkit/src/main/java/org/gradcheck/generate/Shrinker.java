package org.gradcheck.generate;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import org.apiguardian.api.API;

/**
 * The one shrinker: works on the recorded {@link ChoiceSequence} of a failing value, never on the
 * value itself. Each candidate sequence is replayed through the generator, so every candidate value
 * is one the generator could have drawn (valid by construction); a candidate is kept if it is
 * {@linkplain ChoiceSequence#simplerThan simpler} and still fails. Passes, repeated until none
 * makes progress or the budget is spent: delete blocks of choices (shorter lists and batches), move
 * each choice to its simplest value or bisect towards it, and lower a size while deleting the
 * choices that followed it (dependent sizes of {@link Generator#flatMap} and {@link
 * Generators#lists}).
 *
 * @param <T> the type of value
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.2")
public final class Shrinker<T> {
  private final Generator<T> generator;
  private final Predicate<? super T> fails;
  private final int maxSteps;
  private final int maxCandidates;
  private ChoiceSequence best;
  private T bestValue;
  private int steps;
  private int candidates;

  private Shrinker(
      Generator<T> generator, ChoiceSequence failing, Predicate<? super T> fails, int maxSteps) {
    this.generator = Objects.requireNonNull(generator, "generator");
    this.fails = Objects.requireNonNull(fails, "fails");
    if (maxSteps < 0) {
      throw new IllegalArgumentException("maxSteps must be ≥ 0, got " + maxSteps);
    }
    this.maxSteps = maxSteps;
    this.maxCandidates = 20 * maxSteps + 200;
    Choices replay = Choices.replay(failing);
    this.bestValue = generator.draw(replay);
    this.best = replay.recorded();
  }

  /**
   * The result of shrinking.
   *
   * @param value the simplest failing value found
   * @param choices its choice sequence; {@link Choices#replay} redraws it
   * @param steps how many simpler failing values were accepted on the way
   * @param candidates how many candidate values were tested
   * @param <T> the type of value
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.2")
  public record Shrunk<T>(T value, ChoiceSequence choices, int steps, int candidates) {}

  /**
   * Shrinks the value that {@code failing} replays to through {@code generator}, keeping candidates
   * for which {@code fails} holds; at most {@code maxSteps} accepted steps and {@code 20 · maxSteps
   * + 200} tested candidates.
   *
   * @param fails true if the property still fails at a value; it sees every candidate value
   */
  public static <T> Shrunk<T> shrink(
      Generator<T> generator, ChoiceSequence failing, Predicate<? super T> fails, int maxSteps) {
    Shrinker<T> shrinker = new Shrinker<>(generator, failing, fails, maxSteps);
    shrinker.run();
    return new Shrunk<>(shrinker.bestValue, shrinker.best, shrinker.steps, shrinker.candidates);
  }

  private boolean budgetLeft() {
    return steps < maxSteps && candidates < maxCandidates;
  }

  private void run() {
    boolean progress = true;
    while (progress && budgetLeft()) {
      progress = deleteBlocks();
      progress |= minimiseChoices();
      progress |= lowerSizes();
    }
  }

  private boolean deleteBlocks() {
    boolean progress = false;
    for (int k : new int[] {8, 4, 2, 1}) {
      for (int i = 0; i + k <= best.size() && budgetLeft(); ) {
        List<Choice> c = new ArrayList<>(best.choices());
        c.subList(i, i + k).clear();
        if (consider(c)) {
          progress = true;
        } else {
          i++;
        }
      }
    }
    return progress;
  }

  private boolean minimiseChoices() {
    boolean progress = false;
    for (int i = 0; i < best.size() && budgetLeft(); i++) {
      Choice choice = best.choices().get(i);
      if (choice.distance() == 0) {
        continue;
      }
      if (replace(i, choice.simplest())) {
        progress = true;
        continue;
      }
      if (choice.kind() == Choice.Kind.REAL && simplerInteger(i, choice)) {
        progress = true;
        continue;
      }
      double good = best.choices().get(i).value();
      double bad = choice.simplest();
      for (int k = 0; k < 16 && budgetLeft(); k++) {
        double mid = (good + bad) / 2;
        if (choice.kind() != Choice.Kind.REAL) {
          mid = good > bad ? Math.floor(mid) : Math.ceil(mid);
        }
        if (mid == good || mid == bad) {
          break;
        }
        if (replace(i, mid)) {
          good = mid;
          progress = true;
        } else {
          bad = mid;
        }
      }
    }
    return progress;
  }

  /**
   * Tries the integers ±1, ±2, … on the value's side (nearest the simplest value first) up to the
   * value itself; ±1 even beyond it, since an integer reads simpler than any fraction.
   */
  private boolean simplerInteger(int i, Choice choice) {
    double sign = Math.signum(choice.value() - choice.simplest());
    double start = sign > 0 ? Math.floor(choice.simplest()) + 1 : Math.ceil(choice.simplest()) - 1;
    for (int k = 0; k < 8; k++) {
      double candidate = start + sign * k;
      if (k > 0 && Math.abs(candidate - choice.simplest()) > choice.distance()) {
        return false;
      }
      if (candidate != choice.value() && replace(i, candidate)) {
        return true;
      }
    }
    return false;
  }

  /** Lowers an integer by one while deleting a block of the choices after it. */
  private boolean lowerSizes() {
    boolean progress = false;
    for (int i = 0; i < best.size() && budgetLeft(); i++) {
      Choice choice = best.choices().get(i);
      if (choice.kind() == Choice.Kind.REAL || choice.distance() == 0) {
        continue;
      }
      double lowered = choice.value() - Math.signum(choice.value() - choice.simplest());
      for (int k = 1; k <= 8 && i + 1 + k <= best.size() && budgetLeft(); k++) {
        List<Choice> c = new ArrayList<>(best.choices());
        c.set(i, choice.with(lowered));
        c.subList(i + 1, i + 1 + k).clear();
        if (consider(c)) {
          progress = true;
          break;
        }
      }
    }
    return progress;
  }

  private boolean replace(int i, double value) {
    List<Choice> c = new ArrayList<>(best.choices());
    c.set(i, c.get(i).with(value));
    return consider(c);
  }

  private boolean consider(List<Choice> candidate) {
    ChoiceSequence sequence = new ChoiceSequence(candidate);
    if (!budgetLeft() || !sequence.simplerThan(best)) {
      return false;
    }
    Choices replay = Choices.replay(sequence);
    T value;
    try {
      value = generator.draw(replay);
    } catch (ChoiceOverrun | FilterExhaustedException e) {
      return false;
    }
    ChoiceSequence used = replay.recorded();
    if (!used.simplerThan(best)) {
      return false;
    }
    candidates++;
    if (!fails.test(value)) {
      return false;
    }
    best = used;
    bestValue = value;
    steps++;
    return true;
  }
}
