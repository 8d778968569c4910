package org.gradcheck.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
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

  /** 50 values, then a breadth-first walk over up to 300 shrink candidates of each. */
  private static <T> void checkClosedUnderShrinking(Generator<T> g) {
    SplittableRandom random = new SplittableRandom(SEED);
    for (int k = 0; k < 50; k++) {
      T value = g.generate(random);
      assertTrue(
          g.accepts(value),
          g.kind() + " value " + k + " (seed " + SEED + "): " + g.violation(value));
      Deque<T> queue = new ArrayDeque<>(List.of(value));
      int visited = 0;
      while (!queue.isEmpty() && visited < 300) {
        T current = queue.poll();
        for (T candidate : g.shrink(current)) {
          visited++;
          assertTrue(
              g.accepts(candidate),
              g.kind()
                  + " candidate of value "
                  + k
                  + " (seed "
                  + SEED
                  + "): "
                  + g.violation(candidate));
          assertFalse(sameValue(candidate, current), g.kind() + ": a candidate equal to its value");
          queue.add(candidate);
        }
      }
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
    Generator<double[]> logits = Generators.logits(3, 2);
    double[] x = logits.generate(new SplittableRandom(SEED));
    assertArrayEquals(new double[3], logits.shrink(x).get(0));
    assertArrayEquals(
        new double[] {1, 1, 1},
        Generators.positive(3, 0.1, 5).shrink(new double[] {4, 0.2, 2}).get(0));
    assertArrayEquals(
        new double[] {1, 0, 0}, Generators.oneHot(3).shrink(new double[] {0, 0, 1}).get(0));
    assertTrue(Generators.oneHot(3).shrink(new double[] {1, 0, 0}).isEmpty());
    double third = 1.0 / 3;
    assertArrayEquals(
        new double[] {third, third, third},
        Generators.simplex(3).shrink(new double[] {0.5, 0.5, 0}).get(0));
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
  void awayFromKinksShrinksToTheNearestSafePoint() {
    Generator<double[]> g = Generators.awayFromKinks(Generators.uniform(2, -3, 3), 0.25, 0.0);
    List<double[]> candidates = g.shrink(new double[] {2.0, -1.5});
    assertArrayEquals(new double[] {0.5, -0.5}, candidates.get(0));
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
    IllegalStateException unsatisfiable =
        assertThrows(
            IllegalStateException.class,
            () ->
                Generators.awayFromOrigin(Generators.uniform(2, -0.1, 0.1), 5)
                    .generate(new SplittableRandom(SEED)));
    assertTrue(unsatisfiable.getMessage().contains("no value in 1000 draws"));
  }
}
