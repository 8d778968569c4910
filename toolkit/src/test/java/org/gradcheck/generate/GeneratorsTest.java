package org.gradcheck.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.ejml.data.DMatrixRMaj;
import org.gradcheck.Signature;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class GeneratorsTest {
  private static final long SEED = 7L;

  private static final Signature CE =
      Signature.builder().input("z", 4).constant("p", 4).output("L").build();

  private static Map<String, Generator<double[]>> arrayGenerators() {
    return Map.ofEntries(
        Map.entry("uniform", Generators.uniform(6, -2, 3)),
        Map.entry("uniform-positive-box", Generators.uniform(4, 0.5, 3)),
        Map.entry("positive", Generators.positive(5, 0.01, 100)),
        Map.entry("logits", Generators.logits(5, 3)),
        Map.entry("extreme-logits", Generators.extremeLogits(5, 1000)),
        Map.entry("simplex", Generators.simplex(6)),
        Map.entry("one-hot", Generators.oneHot(7)),
        Map.entry(
            "away-from-kinks",
            Generators.awayFromKinks(Generators.uniform(5, -3, 3), 0.25, 0.0, 1.0)),
        Map.entry("away-from-origin", Generators.awayFromOrigin(Generators.uniform(3, -2, 2), 0.5)),
        Map.entry("rows", Generators.rows(3, 4, Generators.oneHot(4))),
        Map.entry("flat-matrix", Generators.flat(Generators.matrices(2, 3, -1, 1), 2, 3)),
        Map.entry(
            "signature",
            SignatureGenerator.builder(CE)
                .input("z", Generators.extremeLogits(4, 1000))
                .input("p", Generators.simplex(4))
                .build()));
  }

  @TestFactory
  Stream<DynamicTest> everyValueAndEveryShrinkCandidateLiesInTheDomain() {
    return arrayGenerators().entrySet().stream()
        .map(
            e ->
                DynamicTest.dynamicTest(e.getKey(), () -> checkClosedUnderShrinking(e.getValue())));
  }

  /**
   * For many seeds, values drawn with edge cases mixed in are shrunk with a property that fails at
   * random (seeded): every candidate value the shrinker tests must lie in the domain.
   */
  static <T> void checkClosedUnderShrinking(Generator<T> g) {
    for (long seed = 1; seed <= 40; seed++) {
      long s = seed;
      SplittableRandom random = new SplittableRandom(seed);
      Choices choices = Choices.random(random, 0.3);
      T value = g.draw(choices);
      assertTrue(g.accepts(value), g.kind() + " value (seed " + seed + "): " + g.violation(value));
      SplittableRandom coin = new SplittableRandom(seed * 31);
      int[] seen = {0};
      Shrinker.shrink(
          g,
          choices.recorded(),
          candidate -> {
            seen[0]++;
            assertTrue(
                g.accepts(candidate),
                g.kind() + " shrink candidate (seed " + s + "): " + g.violation(candidate));
            return coin.nextInt(3) > 0;
          },
          60);
    }
  }

  private static boolean sameValue(Object a, Object b) {
    if (a instanceof double[] x && b instanceof double[] y) {
      return Arrays.equals(x, y);
    }
    if (a instanceof DMatrixRMaj x && b instanceof DMatrixRMaj y) {
      return Arrays.equals(x.data, y.data);
    }
    return a.equals(b);
  }

  @Test
  void matricesAreValidAndShrinkToValidMatrices() {
    Generator<DMatrixRMaj> g = Generators.matrices(3, 2, -1, 2);
    checkClosedUnderShrinking(g);
    DMatrixRMaj m = g.generate(new SplittableRandom(SEED));
    assertEquals(3, m.numRows);
    assertEquals(2, m.numCols);
    assertTrue(g.violation(new DMatrixRMaj(2, 3)).orElseThrow().contains("2×3"));
  }

  @Test
  void sameSeedSameValues() {
    for (Generator<double[]> g : arrayGenerators().values()) {
      assertArrayEquals(
          g.generate(new SplittableRandom(SEED)), g.generate(new SplittableRandom(SEED)), g.kind());
    }
  }

  @Test
  void shrinkingReachesTheSimplestValue() {
    assertArrayEquals(new double[3], shrunkAlwaysFailing(Generators.logits(3, 2)));
    assertArrayEquals(new double[] {1, 1, 1}, shrunkAlwaysFailing(Generators.positive(3, 0.1, 5)));
    assertArrayEquals(new double[] {1, 0, 0}, shrunkAlwaysFailing(Generators.oneHot(3)));
    double third = 1.0 / 3;
    assertArrayEquals(
        new double[] {third, third, third}, shrunkAlwaysFailing(Generators.simplex(3)));
    assertArrayEquals(new double[] {0.5, 0.5}, shrunkAlwaysFailing(Generators.uniform(2, 0.5, 3)));
  }

  private static double[] shrunkAlwaysFailing(Generator<double[]> g) {
    Choices choices = Choices.random(new SplittableRandom(SEED));
    g.draw(choices);
    return Shrinker.shrink(g, choices.recorded(), x -> true, 500).value();
  }

  @Test
  void violationsNameTheIndexAndWhatWasExpected() {
    assertEquals(
        "uniform(3, [-1.0, 1.0]): [2] = 1.5, expected within [-1.0, 1.0]",
        Generators.uniform(3, -1, 1).violation(new double[] {0, 0, 1.5}).orElseThrow());
    assertTrue(
        Generators.simplex(3)
            .violation(new double[] {0.5, 0.6, 0})
            .orElseThrow()
            .contains("sum to 1.1"));
    assertTrue(
        Generators.simplex(3)
            .violation(new double[] {-0.1, 0.6, 0.5})
            .orElseThrow()
            .contains("[0] = -0.1"));
    assertTrue(
        Generators.oneHot(3)
            .violation(new double[] {1, 1, 0})
            .orElseThrow()
            .contains("2 entries equal 1"));
    assertTrue(
        Generators.oneHot(3)
            .violation(new double[] {0.5, 0.5, 0})
            .orElseThrow()
            .contains("[0] = 0.5"));
    assertTrue(
        Generators.logits(2, 1)
            .violation(new double[] {Double.NaN, 0})
            .orElseThrow()
            .contains("[0] = NaN"));
    assertTrue(
        Generators.logits(2, 1)
            .violation(new double[] {0})
            .orElseThrow()
            .contains("length 1, expected 2"));
    assertTrue(
        Generators.awayFromKinks(Generators.uniform(2, -1, 1), 0.25, 0.0)
            .violation(new double[] {0.5, 0.1})
            .orElseThrow()
            .contains("[1] = 0.1 is within 0.25 of the kink at 0.0"));
    String flat =
        SignatureGenerator.builder(CE)
            .input("z", Generators.logits(4, 1))
            .input("p", Generators.oneHot(4))
            .build()
            .violation(new double[] {0, 0, 0, 0, 0, 0.5, 0.5, 0})
            .orElseThrow();
    assertTrue(flat.startsWith("input 'p' (flat offset 4): one-hot(4): [1] = 0.5"), flat);
  }

  @Test
  void extremeLogitsReachThousandInMagnitudeWithOneLeader() {
    Generator<double[]> g = Generators.extremeLogits(5, 1000);
    SplittableRandom random = new SplittableRandom(SEED);
    for (int k = 0; k < 50; k++) {
      double[] x = g.generate(random);
      double max = Arrays.stream(x).max().orElseThrow();
      assertTrue(max >= 999, "seed " + SEED + " value " + k + ": " + Arrays.toString(x));
    }
  }

  @Test
  void awayFromKinksShrinksToTheEdgeOfTheSafeRegion() {
    Generator<double[]> g = Generators.awayFromKinks(Generators.uniform(2, -3, 3), 0.25, 0.0);
    double[] x = shrunkAlwaysFailing(g);
    assertTrue(g.accepts(x), g.violation(x).orElse(""));
    for (double v : x) {
      assertTrue(
          Math.abs(v) == 1.0 || Math.abs(Math.abs(v) - 0.25) < 0.01,
          "a small integer or the edge of the safe region, seed "
              + SEED
              + ": "
              + Arrays.toString(x));
    }
  }

  @Test
  void badArgumentsAreClearErrors() {
    assertThrows(IllegalArgumentException.class, () -> Generators.uniform(0, 0, 1));
    assertThrows(IllegalArgumentException.class, () -> Generators.uniform(2, 1, 1));
    assertThrows(IllegalArgumentException.class, () -> Generators.positive(2, 0, 1));
    assertThrows(IllegalArgumentException.class, () -> Generators.logits(2, -1));
    assertThrows(IllegalArgumentException.class, () -> Generators.extremeLogits(2, Double.NaN));
    IllegalArgumentException missing =
        assertThrows(
            IllegalArgumentException.class,
            () -> SignatureGenerator.builder(CE).input("z", Generators.logits(4, 1)).build());
    assertEquals("input 'p' (p: 4 (constant)) has no generator", missing.getMessage());
    IllegalArgumentException length =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                SignatureGenerator.builder(CE)
                    .input("z", Generators.logits(3, 1))
                    .input("p", Generators.oneHot(4))
                    .build());
    assertTrue(length.getMessage().contains("for input 'z' produces length 3, expected 4"));
    FilterExhaustedException unsatisfiable =
        assertThrows(
            FilterExhaustedException.class,
            () ->
                Generators.awayFromOrigin(Generators.uniform(2, -0.1, 0.1), 5)
                    .generate(new SplittableRandom(SEED)));
    assertTrue(
        unsatisfiable
            .getMessage()
            .contains("rejected 1000 draws in a row of uniform(2, [-0.1, 0.1])"));
  }
}
