package org.gradcheck.verdict;

import static org.gradcheck.verdict.VerdictFunctions.callBudget;
import static org.gradcheck.verdict.VerdictFunctions.checker;
import static org.gradcheck.verdict.VerdictFunctions.context;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Pattern;
import org.gradcheck.CheckReport;
import org.gradcheck.ComparedEntry;
import org.gradcheck.Finding;
import org.gradcheck.GradientChecker;
import org.gradcheck.Mode;
import org.gradcheck.Signature;
import org.gradcheck.VectorFunction;
import org.gradcheck.VectorJacobianProduct;
import org.junit.jupiter.api.Test;

/**
 * SAMPLED draws coordinates from every input tensor (stratified), so a small tensor such as a bias
 * is never left out of a large layer's sample, and it compares through a backward pass without
 * expanding every one of its m rows.
 */
class StratifiedSampledTest {
  private static final long SEED = 3_141_592L;

  /**
   * Backward calls allowed before the test stops the check (the contract is ≤ 64; a few more for
   * re-runs): expanding all 2 400 rows of the dense layer takes ~40 s and 1.8 GB.
   */
  private static final int BUDGET = 128;

  private static final int BATCH = 8;
  private static final int WIDTH = 300;

  /** Y = X·W + b: X (BATCH×WIDTH) constant, W (WIDTH×WIDTH), b (WIDTH); Y (BATCH×WIDTH). */
  private static final Signature DENSE =
      Signature.builder()
          .constant("X", BATCH, WIDTH)
          .input("W", WIDTH, WIDTH)
          .input("b", WIDTH)
          .output("Y", BATCH, WIDTH)
          .build();

  private static final int X = DENSE.inputOffset("X");
  private static final int W = DENSE.inputOffset("W");
  private static final int B = DENSE.inputOffset("b");

  private static final VectorFunction DENSE_FORWARD =
      t -> {
        double[] y = new double[BATCH * WIDTH];
        for (int r = 0; r < BATCH; r++) {
          for (int c = 0; c < WIDTH; c++) {
            y[r * WIDTH + c] = t[B + c];
          }
          for (int k = 0; k < WIDTH; k++) {
            double xrk = t[X + r * WIDTH + k];
            int row = W + k * WIDTH;
            for (int c = 0; c < WIDTH; c++) {
              y[r * WIDTH + c] += xrk * t[row + c];
            }
          }
        }
        return y;
      };

  /**
   * The backward pass (∂/∂X is left 0: X is constant); {@code firstRowBias} takes ∂/∂b from the
   * first batch row only instead of summing over the batch — the bug under test.
   */
  private static VectorJacobianProduct denseBackward(boolean firstRowBias) {
    return (t, g) -> {
      double[] out = new double[t.length];
      for (int r = 0; r < BATCH; r++) {
        for (int k = 0; k < WIDTH; k++) {
          double xrk = t[X + r * WIDTH + k];
          int row = W + k * WIDTH;
          for (int c = 0; c < WIDTH; c++) {
            out[row + c] += xrk * g[r * WIDTH + c];
          }
        }
        if (r == 0 || !firstRowBias) {
          for (int c = 0; c < WIDTH; c++) {
            out[B + c] += g[r * WIDTH + c];
          }
        }
      }
      return out;
    };
  }

  private static double[] densePoint(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double[] t = new double[DENSE.inputSize()];
    for (int k = 0; k < t.length; k++) {
      t[k] = 2 * random.nextDouble() - 1;
    }
    return t;
  }

  private static boolean namesTensor(String text, String name) {
    return Pattern.compile("(?<![\\p{L}\\p{N}_])" + Pattern.quote(name) + "(?![\\p{L}\\p{N}_])")
        .matcher(text)
        .find();
  }

  private static boolean inTensor(int flat, String name) {
    int from = DENSE.inputOffset(name);
    return flat >= from && flat < from + DENSE.input(name).size();
  }

  @Test
  void aBiasGradientFromTheFirstBatchRowOnlyFailsSampledWithACoverageFindingNamingB() {
    for (long seed = SEED; seed < SEED + 3; seed++) {
      long s = seed;
      GradientChecker sampled = checker(Mode.SAMPLED, s);
      CheckReport r =
          sampled.checkVjp(
              DENSE_FORWARD, callBudget(denseBackward(true), BUDGET, s), densePoint(s), DENSE);
      assertFalse(r.passed(), () -> context(s, Mode.SAMPLED, r));
      assertTrue(r.hasFinding(Finding.Kind.COVERAGE), () -> context(s, Mode.SAMPLED, r));
      assertTrue(
          r.findings().stream()
              .filter(f -> f.kind() == Finding.Kind.COVERAGE)
              .anyMatch(f -> namesTensor(f.text(), "b") && namesTensor(f.text(), "W")),
          () -> "no COVERAGE finding names both W and b; " + context(s, Mode.SAMPLED, r));
      assertTrue(
          r.worstEntries().stream()
              .filter(e -> !e.withinTolerance())
              .anyMatch(e -> inTensor(e.inputIndex(), "b")),
          () -> "no failing entry of b; " + context(s, Mode.SAMPLED, r));
    }
  }

  @Test
  void aCorrectDenseLayerPassesSampledWithEveryDifferentiableTensorSampled() {
    for (long seed = SEED; seed < SEED + 3; seed++) {
      long s = seed;
      CheckReport r =
          checker(Mode.SAMPLED, s)
              .checkVjp(
                  DENSE_FORWARD, callBudget(denseBackward(false), BUDGET, s), densePoint(s), DENSE);
      assertTrue(r.passed(), () -> context(s, Mode.SAMPLED, r));
      assertTrue(
          r.comparedEntries().stream()
              .map(ComparedEntry::inputIndex)
              .anyMatch(j -> inTensor(j, "b")),
          () -> "no compared entry of b; " + context(s, Mode.SAMPLED, r));
      assertTrue(
          r.comparedEntries().stream()
              .map(ComparedEntry::inputIndex)
              .anyMatch(j -> inTensor(j, "W")),
          () -> "no compared entry of W; " + context(s, Mode.SAMPLED, r));
      assertFalse(
          r.comparedEntries().stream()
              .map(ComparedEntry::inputIndex)
              .anyMatch(j -> inTensor(j, "X")),
          () -> "the constant X was compared; " + context(s, Mode.SAMPLED, r));
    }
  }

  @Test
  void sampledThroughABackwardPassOfTheDenseLayerCallsItAtMost64Times() {
    CheckReport r =
        checker(Mode.SAMPLED, SEED)
            .checkVjp(
                DENSE_FORWARD,
                callBudget(denseBackward(false), BUDGET, SEED),
                densePoint(SEED),
                DENSE);
    assertEquals(BATCH * WIDTH, DENSE.outputSize());
    assertTrue(r.analyticEvaluations() <= 64, () -> context(SEED, Mode.SAMPLED, r));
  }

  // ---- a cheap backward pass with m = 2 400 outputs ----------------------------------------

  private static final int N = 300;
  private static final int M = 2_400;

  /** y[i] = (1 + i / N)·sin(x[i mod N]): m = 2 400 outputs of n = 300 inputs. */
  private static final VectorFunction WIDE =
      x -> {
        double[] y = new double[M];
        for (int i = 0; i < M; i++) {
          y[i] = (1.0 + i / N) * Math.sin(x[i % N]);
        }
        return y;
      };

  private static VectorJacobianProduct wideBackward(double factor) {
    return (x, g) -> {
      double[] out = new double[N];
      for (int i = 0; i < M; i++) {
        out[i % N] += factor * g[i] * (1.0 + i / N) * Math.cos(x[i % N]);
      }
      return out;
    };
  }

  @Test
  void sampledThroughABackwardPassWith2400OutputsCallsItAtMost64Times() {
    double[] x = VerdictFunctions.point(N, SEED);
    CheckReport good =
        checker(Mode.SAMPLED, SEED).checkVjp(WIDE, callBudget(wideBackward(1.0), BUDGET, SEED), x);
    assertTrue(good.passed(), () -> context(SEED, Mode.SAMPLED, good));
    assertTrue(good.analyticEvaluations() <= 64, () -> context(SEED, Mode.SAMPLED, good));
    CheckReport bad = checker(Mode.SAMPLED, SEED).checkVjp(WIDE, wideBackward(2.0), x);
    assertFalse(bad.passed(), () -> context(SEED, Mode.SAMPLED, bad));
  }

  @Test
  void aConfinementDiagnosisOfASampleSaysItSawOnlyTheSampledColumns() {
    // the backward of sin is wrong at inputs 3 and 17; a sample that holds only one of them must
    // not claim that this one entry is all that is wrong
    double[] x = new double[40];
    for (int j = 0; j < x.length; j++) {
      x[j] = 0.1 + 0.05 * j;
    }
    VectorJacobianProduct twoWrong =
        (z, g) -> {
          double[] out = VerdictFunctions.sinVjp(1.0).apply(z, g);
          out[3] *= 2.0;
          out[17] *= 2.0;
          return out;
        };
    CheckReport sampled = null;
    long seed = 0;
    for (long s = 1; s <= 200 && sampled == null; s++) {
      CheckReport r =
          GradientChecker.builder()
              .mode(Mode.SAMPLED)
              .sampleSize(8)
              .seed(s)
              .build()
              .checkVjp(VerdictFunctions.SIN, twoWrong, x);
      long wrongColumns =
          r.comparedEntries().stream()
              .filter(e -> !e.withinTolerance())
              .mapToInt(ComparedEntry::inputIndex)
              .distinct()
              .count();
      if (wrongColumns == 1) {
        sampled = r;
        seed = s;
      }
    }
    CheckReport r = sampled;
    long at = seed;
    assertTrue(r != null, "no seed in 1..200 sampled exactly one of the two wrong inputs");
    assertFalse(r.passed(), () -> context(at, Mode.SAMPLED, r));
    List<Finding> confinements = confinements(r);
    assertFalse(confinements.isEmpty(), () -> context(at, Mode.SAMPLED, r));
    assertTrue(
        confinements.stream().allMatch(f -> f.text().endsWith("among the sampled columns only")),
        () -> context(at, Mode.SAMPLED, r));
    CheckReport full = checker(Mode.FULL, at).checkVjp(VerdictFunctions.SIN, twoWrong, x);
    assertFalse(full.passed(), () -> context(at, Mode.FULL, full));
    assertTrue(
        confinements(full).stream().noneMatch(f -> f.text().contains("sampled")),
        () -> context(at, Mode.FULL, full));
  }

  private static List<Finding> confinements(CheckReport r) {
    return r.findings().stream()
        .filter(
            f ->
                f.kind() == Finding.Kind.CONFINED_TO_INDEX
                    || f.kind() == Finding.Kind.CONFINED_TO_COLUMN
                    || f.kind() == Finding.Kind.CONFINED_TO_ROW
                    || f.kind() == Finding.Kind.CONFINED_TO_INPUT)
        .toList();
  }
}
