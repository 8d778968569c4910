package org.gradcheck.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TargetedSearchTest {
  private static final long SEED = 2026L;
  private static final int BUDGET = 300;

  /** The score: how close the point is to a narrow target (within 1e-4 counts as "found"). */
  private static double score(double[] x) {
    return -Math.abs(x[0] - 0.7) - Math.abs(x[1] + 0.2);
  }

  /** The 1-based try that came within 1e-4 of the target, or 0. */
  private static int hunt(boolean targeted) {
    Generator<double[]> g = Generators.uniform(2, -1, 1);
    TargetedSearch search = new TargetedSearch(0.0, 20);
    SplittableRandom seeds = new SplittableRandom(SEED);
    for (int k = 1; k <= BUDGET; k++) {
      long seed = seeds.nextLong();
      Choices choices = targeted ? search.next(seed) : Choices.random(new SplittableRandom(seed));
      double[] x = g.draw(choices);
      assertTrue(g.accepts(x), "seed " + SEED + ": " + g.violation(x));
      if (score(x) > -1e-4) {
        return k;
      }
      search.observe(choices.recorded(), score(x));
    }
    return 0;
  }

  @Test
  void climbingFindsANarrowRegionThatRandomDrawsMiss() {
    assertEquals(0, hunt(false), "random draws reach the 1e-4 region (seed " + SEED + ")");
    int tries = hunt(true);
    assertTrue(
        tries > 0, "targeted search missed the region in " + BUDGET + " tries (seed " + SEED + ")");
  }

  @Test
  void mutationsStayInTheBoundsOfEveryChoice() {
    Choices choices = Choices.random(new SplittableRandom(SEED), 0.2);
    Generators.simplex(4).draw(choices);
    SplittableRandom random = new SplittableRandom(SEED);
    for (int k = 0; k < 200; k++) {
      ChoiceSequence mutated = new TargetedSearch(0.2, 0).mutate(choices.recorded(), random);
      assertEquals(choices.recorded().size(), mutated.size());
      assertTrue(
          Generators.simplex(4)
              .accepts(Generators.simplex(4).draw(Choices.guided(mutated, random, 0.2))),
          "seed " + SEED);
    }
  }
}
