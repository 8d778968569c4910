package org.gradcheck.diagnosis;

import static org.gradcheck.diagnosis.Entries.compare;
import static org.gradcheck.diagnosis.Entries.copy;
import static org.gradcheck.diagnosis.Entries.random;
import static org.gradcheck.diagnosis.Entries.scale;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.gradcheck.ComparedEntry;
import org.gradcheck.Signature;
import org.junit.jupiter.api.Test;

/** Each block pattern is named where it fits and not raised on a right or an unrelated block. */
class BlockPatternsTest {
  private static final long SEED = 20261205L;

  private static Diagnosis diagnose(
      Signature sig, double[][] analytic, double[][] truth, double[] x) {
    return Diagnosis.of(compare(sig, analytic, truth), sig, x);
  }

  private static String evidence(Diagnosis d, Pattern pattern) {
    return Entries.evidence(d, pattern, SEED);
  }

  private static void assertNotNamed(Diagnosis d, Pattern pattern) {
    Entries.assertNotNamed(d, pattern, SEED);
  }

  private static double[][] permuteColumns(double[][] m, int[] from) {
    double[][] out = new double[m.length][from.length];
    for (int i = 0; i < m.length; i++) {
      for (int j = 0; j < from.length; j++) {
        out[i][j] = from[j] < 0 ? 0 : m[i][from[j]];
      }
    }
    return out;
  }

  @Test
  void reversedColumnsAreAFlippedKernel() {
    Signature sig = Signature.builder().input("w", 4).output("y", 5).build();
    double[][] j = random(new Random(SEED), 5, 4);
    String ev =
        evidence(
            diagnose(sig, permuteColumns(j, new int[] {3, 2, 1, 0}), j, null), Pattern.PERMUTED);
    assertTrue(ev.contains("columns of the 5×4 block w reversed"), ev);
  }

  /** The entries of the compared grid without the columns in {@code skipped} (as at kinks). */
  private static Diagnosis withoutColumns(
      Signature sig, double[][] analytic, double[][] truth, List<Integer> skipped) {
    List<ComparedEntry> kept =
        compare(sig, analytic, truth).stream()
            .filter(e -> !skipped.contains(e.inputIndex()))
            .toList();
    return Diagnosis.of(kept, sig, null);
  }

  @Test
  void columnsSwappedAmongTheComparedOnesAreNamedWhenOthersWereSkipped() {
    Signature sig = Signature.builder().input("x", 6).output("y", 3).build();
    double[][] j = random(new Random(SEED), 3, 6);
    double[][] a = permuteColumns(j, new int[] {0, 1, 3, 2, 5, 4});
    a[0][0] += 5; // wrong inside a skipped column: it must not count
    Diagnosis d = withoutColumns(sig, a, j, List.of(0, 1));
    String ev = evidence(d, Pattern.PERMUTED);
    assertTrue(ev.contains("4 compared columns of block x permuted (2 ← 3, 3 ← 2, 4 ← 5"), ev);
  }

  @Test
  void anUnrelatedErrorWithSkippedColumnsIsNotAPermutation() {
    Signature sig = Signature.builder().input("x", 6).output("y", 3).build();
    Random rnd = new Random(SEED);
    double[][] j = random(rnd, 3, 6);
    double[][] a = copy(j);
    a[1][3] += 0.5;
    a[2][4] -= 0.3;
    Diagnosis d = withoutColumns(sig, a, j, List.of(0, 1));
    assertNotNamed(d, Pattern.PERMUTED);
    assertTrue(withoutColumns(sig, copy(j), j, List.of(0, 1)).reported().isEmpty());
  }

  @Test
  void rolledColumnsAreARollNotAShift() {
    Signature sig = Signature.builder().input("w", 5).output("y", 3).build();
    double[][] j = random(new Random(SEED), 3, 5);
    Diagnosis d = diagnose(sig, permuteColumns(j, new int[] {2, 3, 4, 0, 1}), j, null);
    assertTrue(evidence(d, Pattern.PERMUTED).contains("rolled by 2"), d::toString);
    assertNotNamed(d, Pattern.SHIFTED);
  }

  @Test
  void columnsShiftedByOneAreAnOffByOne() {
    Signature sig = Signature.builder().input("x", 6).output("y", 4).build();
    double[][] j = random(new Random(SEED), 4, 6);
    Diagnosis d = diagnose(sig, permuteColumns(j, new int[] {-1, 0, 1, 2, 3, 4}), j, null);
    assertTrue(evidence(d, Pattern.SHIFTED).contains("shifted by 1 position"), d::toString);
    assertNotNamed(d, Pattern.PERMUTED);
  }

  @Test
  void anEmbeddingRowScatteredOneRowOnIsShiftedByARow() {
    Signature sig = Signature.builder().input("E", 4, 2).output("y", 2).build();
    double[][] truth = new double[2][8];
    double[][] wrong = new double[2][8];
    for (int c = 0; c < 2; c++) {
      truth[c][2 + c] = 1;
      wrong[c][4 + c] = 1;
    }
    String ev = evidence(diagnose(sig, wrong, truth, null), Pattern.SHIFTED);
    assertTrue(ev.contains("shifted by 1 row of E"), ev);
  }

  @Test
  void aShiftByTwoIsNamedWithItsDirection() {
    Signature sig = Signature.builder().input("w", 4).output("y", 3).build();
    double[][] truth = random(new Random(SEED), 3, 4);
    double[][] wrong = new double[3][4];
    for (int i = 0; i < 3; i++) {
      truth[i][2] = 0;
      truth[i][3] = 0;
      wrong[i][2] = truth[i][0];
      wrong[i][3] = truth[i][1];
    }
    String ev = evidence(diagnose(sig, wrong, truth, null), Pattern.SHIFTED);
    assertTrue(ev.contains("shifted by 2 positions") && ev.contains("2 positions earlier"), ev);
  }

  @Test
  void unrelatedErrorsAreNeitherPermutedNorShifted() {
    Signature sig = Signature.builder().input("x", 6).output("y", 4).build();
    Random rnd = new Random(SEED);
    double[][] j = random(rnd, 4, 6);
    Diagnosis d = diagnose(sig, random(rnd, 4, 6), j, null);
    assertNotNamed(d, Pattern.PERMUTED);
    assertNotNamed(d, Pattern.SHIFTED);
  }

  @Test
  void aMatrixTransposedInsideAnElementwiseFactorIsNamed() {
    Signature sig = Signature.builder().input("h", 3).output("y", 3).build();
    Random rnd = new Random(SEED);
    double[][] w = random(rnd, 3, 3);
    double[] g = {0.9, 0.4, 0.7};
    double[][] truth = new double[3][3];
    double[][] wrong = new double[3][3];
    double[][] unrelated = copy(truth);
    for (int i = 0; i < 3; i++) {
      for (int k = 0; k < 3; k++) {
        truth[i][k] = g[i] * w[i][k];
        wrong[i][k] = g[i] * w[k][i];
        unrelated[i][k] = truth[i][k] + (i == k ? 0 : 0.3 * (i + 2 * k));
      }
    }
    String ev = evidence(diagnose(sig, wrong, truth, null), Pattern.TRANSPOSED);
    assertTrue(ev.contains("D numericᵀ D⁻¹"), ev);
    assertNotNamed(diagnose(sig, unrelated, truth, null), Pattern.TRANSPOSED);
  }

  @Test
  void oneBatchRowInsteadOfTheBatchSumIsNamed() {
    Signature sig = Signature.builder().input("b", 3).output("Y", 2, 3).build();
    double[][] truth = new double[6][3];
    for (int r = 0; r < 2; r++) {
      for (int c = 0; c < 3; c++) {
        truth[r * 3 + c][c] = 1;
      }
    }
    double[][] wrong = copy(truth);
    for (int c = 0; c < 3; c++) {
      wrong[3 + c][c] = 0;
    }
    String ev = evidence(diagnose(sig, wrong, truth, null), Pattern.ONE_BATCH_ROW);
    assertTrue(ev.contains("only batch row 0 of Y"), ev);
    assertNotNamed(diagnose(sig, scale(truth, 2), truth, null), Pattern.ONE_BATCH_ROW);
  }

  @Test
  void squareRootOfADeclaredSizeIsNamed() {
    Signature sig = Signature.builder().input("q", 2).input("K", 4, 3).output("o", 2).build();
    double[][] j = random(new Random(SEED), 2, 14);
    String ev =
        evidence(diagnose(sig, scale(j, 1 / Math.sqrt(3)), j, null), Pattern.CONSTANT_FACTOR);
    assertTrue(ev.contains("factor 1/√3") && ev.contains("columns of input K"), ev);
  }

  @Test
  void oneSizeWithSeveralMeaningsIsOneStatement() {
    Signature sig = Signature.builder().input("Z", 3, 2).input("P", 3, 4).output("y").build();
    double[][] j = random(new Random(SEED), 1, 18);
    String ev = evidence(diagnose(sig, scale(j, 3), j, null), Pattern.CONSTANT_FACTOR);
    assertTrue(ev.contains("factor 3 = the number of rows of input Z and of input P"), ev);
    assertFalse(ev.contains("?"), ev);
    assertEquals(ev.indexOf("factor 3"), ev.lastIndexOf("factor 3"), ev);
  }

  @Test
  void aFactorOnOneBlockOfSeveralIsNamedForThatBlock() {
    Signature sig = Signature.builder().input("W1", 2, 2).input("W2", 2, 2).output("y", 2).build();
    double[][] j = random(new Random(SEED), 2, 8);
    double[][] a = copy(j);
    for (int i = 0; i < 2; i++) {
      for (int k = 4; k < 8; k++) {
        a[i][k] = -j[i][k];
      }
    }
    Diagnosis d = diagnose(sig, a, j, null);
    String ev = evidence(d, Pattern.SIGN_FLIPPED);
    assertTrue(ev.contains("on the 8 entries of W2"), ev);
    assertEquals(
        List.of(List.of("W2")),
        d.hypotheses().stream()
            .filter(h -> h.pattern() == Pattern.SIGN_FLIPPED)
            .map(Hypothesis::blocks)
            .toList());
  }

  @Test
  void wrongAndRightBlocksAreSaidPlainly() {
    Signature sig =
        Signature.builder().input("q", 2).input("K", 2).input("V", 2).output("o", 2).build();
    Random rnd = new Random(SEED);
    double[][] j = random(rnd, 2, 6);
    double[][] a = copy(j);
    for (int i = 0; i < 2; i++) {
      for (int k = 0; k < 4; k++) {
        a[i][k] += 0.1 + rnd.nextDouble();
      }
    }
    Diagnosis blocks = diagnose(sig, a, j, null);
    String ev = evidence(blocks, Pattern.CONFINED_TO_BLOCKS);
    assertTrue(ev.startsWith("q and K are wrong, V is right"), ev);
    assertTrue(
        blocks.hypotheses().stream().anyMatch(h -> h.blocks().equals(List.of("q", "K"))),
        blocks::toString);
    double[][] all = copy(a);
    all[0][5] += 1;
    assertNotNamed(diagnose(sig, all, j, null), Pattern.CONFINED_TO_BLOCKS);
  }

  @Test
  void aRankOneErrorConstantAlongTheInputIsAMissingMeanTerm() {
    Signature sig = Signature.builder().input("x", 4).output("y", 4).build();
    Random rnd = new Random(SEED);
    double[][] j = random(rnd, 4, 4);
    double[] x = {0.3, -1.2, 0.8, 2.0};
    double[][] mean = copy(j);
    double[][] weighted = copy(j);
    for (int i = 0; i < 4; i++) {
      double u = 0.5 + i;
      for (int k = 0; k < 4; k++) {
        mean[i][k] += u;
        weighted[i][k] += u * x[k];
      }
    }
    assertTrue(
        evidence(diagnose(sig, mean, j, x), Pattern.MISSING_RANK_ONE_TERM).contains("mean term"));
    assertTrue(
        evidence(diagnose(sig, weighted, j, x), Pattern.MISSING_RANK_ONE_TERM)
            .contains("weighted by x"));
    double[][] general = copy(j);
    for (int i = 0; i < 4; i++) {
      for (int k = 0; k < 4; k++) {
        general[i][k] += (0.5 + i) * (k * k - 1.5);
      }
    }
    String ev = evidence(diagnose(sig, general, j, x), Pattern.MISSING_RANK_ONE_TERM);
    assertFalse(ev.contains("mean term") || ev.contains("weighted"), ev);
  }

  @Test
  void theDerivativeOfTheWrongActivationIsNamedOnAnElementwiseBlock() {
    Signature sig = Signature.builder().input("z", 4).output("y", 4).build();
    double[] z = {0.4, -0.7, 1.1, -1.6};
    double[][] truth = new double[4][4];
    double[][] wrong = new double[4][4];
    double[][] unrelated = new double[4][4];
    for (int i = 0; i < 4; i++) {
      double y = Math.tanh(z[i]);
      truth[i][i] = 1 - y * y;
      wrong[i][i] = (1 - y) * (1 - y);
      unrelated[i][i] = truth[i][i] * (1 + 0.1 * (i + 1));
    }
    String ev = evidence(diagnose(sig, wrong, truth, z), Pattern.WRONG_ACTIVATION);
    assertTrue(ev.contains("written (1 − y)² instead of 1 − y²"), ev);
    assertNotNamed(diagnose(sig, unrelated, truth, z), Pattern.WRONG_ACTIVATION);
    assertNotNamed(diagnose(sig, wrong, truth, null), Pattern.WRONG_ACTIVATION);
  }

  @Test
  void aRightLayerHasNoBlockFinding() {
    Signature sig = Signature.builder().input("W", 3, 3).input("b", 3).output("Y", 2, 3).build();
    double[][] j = random(new Random(SEED), 6, 12);
    Diagnosis d = diagnose(sig, j, j, new double[12]);
    assertTrue(d.hypotheses().isEmpty(), d::toString);
  }

  @Test
  void probesAreNotCountedAsEntries() {
    List<ComparedEntry> probes =
        List.of(
            new ComparedEntry(-1, -1, "probe 0: vᵀJu", -2.0, 1.0, 1e-12, 3.0, 3.0, 1e-9),
            new ComparedEntry(-1, -1, "probe 1: vᵀJu", 0.5, -0.25, 1e-12, 0.75, 3.0, 1e-9));
    String ev = evidence(Diagnosis.of(probes), Pattern.SIGN_FLIPPED);
    assertTrue(ev.endsWith("on all 2 probes"), ev);
    List<ComparedEntry> unexplained =
        List.of(
            new ComparedEntry(-1, -1, "probe 0: vᵀJu", 2.0, 1.0, 1e-12, 1.0, 1.0, 1e-9),
            new ComparedEntry(-1, -1, "probe 1: vᵀJu", 0.5, -0.25, 1e-12, 0.75, 3.0, 1e-9),
            new ComparedEntry(0, 0, "∂y[0]/∂x[0]", 1.0, 1.0, 1e-12, 0, 0, 1e-9));
    Diagnosis d = Diagnosis.of(unexplained);
    assertEquals(1, d.comparedEntries() - d.probes(), d::toString);
    assertTrue(d.toString().contains("of 3 compared (1 entry, 2 probes)"), d::toString);
  }
}
