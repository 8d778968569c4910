package org.gradcheck.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CombinatorsTest {
  private static final long SEED = 11L;

  /** Classes first, then logits and simplex labels of that size. */
  private static final Generator<double[][]> CLASSES =
      Generators.sizes(2, 10)
          .flatMap(
              n ->
                  Generators.combine(
                      Generators.logits(n, 3),
                      Generators.simplex(n),
                      (z, p) -> new double[][] {z, p}));

  @Test
  void flatMapShrinksTheDependentSizeToo() {
    for (long seed = 1; seed <= 10; seed++) {
      Choices choices = Choices.random(new SplittableRandom(seed), 0.2);
      double[][] drawn = CLASSES.draw(choices);
      if (drawn[0].length < 3) {
        continue;
      }
      Shrinker.Shrunk<double[][]> shrunk =
          Shrinker.shrink(CLASSES, choices.recorded(), v -> v[0].length >= 3, 500);
      assertEquals(3, shrunk.value()[0].length, "seed " + seed + ", drawn " + drawn[0].length);
      assertEquals(3, shrunk.value()[1].length, "seed " + seed);
      assertTrue(Generators.simplex(3).accepts(shrunk.value()[1]), "seed " + seed);
    }
  }

  @Test
  void listsShrinkInLengthAndElements() {
    Generator<List<Integer>> lists = Generators.lists(Generators.sizes(0, 100), 0, 20);
    Choices choices = Choices.random(new SplittableRandom(SEED));
    List<Integer> drawn = lists.draw(choices);
    Shrinker.Shrunk<List<Integer>> shrunk =
        Shrinker.shrink(lists, choices.recorded(), l -> l.stream().anyMatch(v -> v >= 50), 1000);
    assertEquals(List.of(50), shrunk.value(), "seed " + SEED + ", drawn " + drawn);
  }

  @Test
  void replayRedrawsExactlyAndOverrunIsAnError() {
    Generator<double[]> g = Generators.simplex(5);
    Choices choices = Choices.random(new SplittableRandom(SEED));
    double[] x = g.draw(choices);
    ChoiceSequence recorded = ChoiceSequence.parse(choices.recorded().text());
    assertEquals(choices.recorded(), recorded);
    assertArrayEquals(x, g.draw(Choices.replay(recorded)));
    ChoiceSequence shorter = new ChoiceSequence(recorded.choices().subList(0, 2));
    ChoiceOverrun overrun =
        assertThrows(ChoiceOverrun.class, () -> g.draw(Choices.replay(shorter)));
    assertTrue(overrun.getMessage().contains("holds only 2"), overrun.getMessage());
  }

  @Test
  void aFilterThatRejectsEverythingSaysSo() {
    Generator<double[]> never = Generators.uniform(2, -1, 1).filter(x -> x[0] > 5);
    FilterExhaustedException e =
        assertThrows(
            FilterExhaustedException.class, () -> never.generate(new SplittableRandom(SEED)));
    assertTrue(
        e.getMessage().contains("rejected 1000 draws in a row of uniform(2"), e.getMessage());
  }

  @Test
  void edgeCasesAreMixedInWithTheStatedShare() {
    Generator<double[]> g = Generators.logits(4, 1);
    assertEquals(List.of("zeros", "ties", "near-constant", "bounds"), g.edgeCases());
    SplittableRandom random = new SplittableRandom(SEED);
    int edges = 0;
    int ties = 0;
    for (int k = 0; k < 2000; k++) {
      Choices choices = Choices.random(random, 0.25);
      double[] x = g.draw(choices);
      edges += choices.recorded().edgeCases();
      ties += x[0] == x[1] && x[1] == x[2] && x[2] == x[3] ? 1 : 0;
    }
    assertEquals(0.25, edges / 2000.0, 0.03, "seed " + SEED);
    assertTrue(ties > 200, "zeros and ties (seed " + SEED + "): " + ties);
    for (Generator<?> each :
        List.of(
            Generators.uniform(2, 0, 1),
            Generators.simplex(3),
            Generators.oneHot(3),
            Generators.sizes(1, 4),
            Generators.matrices(2, 2, -1, 1))) {
      assertTrue(!each.edgeCases().isEmpty(), each.kind() + " states its edge cases");
    }
  }

  @Test
  void everyCombinatorStaysInItsDomainWhileShrinking() {
    GeneratorsTest.checkClosedUnderShrinking(CLASSES);
    GeneratorsTest.checkClosedUnderShrinking(Generators.batches(1, 4, Generators.oneHot(3)));
    GeneratorsTest.checkClosedUnderShrinking(
        Generators.combine(
            Generators.sizes(1, 3),
            Generators.positive(2, 0.1, 10),
            Generators.simplex(2),
            (n, x, p) -> List.of(n, x, p)));
  }
}
