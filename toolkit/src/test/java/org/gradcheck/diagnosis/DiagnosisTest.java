package org.gradcheck.diagnosis;

import static org.gradcheck.diagnosis.Entries.compare;
import static org.gradcheck.diagnosis.Entries.copy;
import static org.gradcheck.diagnosis.Entries.random;
import static org.gradcheck.diagnosis.Entries.scale;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.gradcheck.ComparedEntry;
import org.gradcheck.Signature;
import org.junit.jupiter.api.Test;

class DiagnosisTest {
  private static final long SEED = 20261124L;

  private static Diagnosis diagnose(Signature sig, double[][] analytic, double[][] truth) {
    return Diagnosis.of(compare(sig, analytic, truth), sig, null);
  }

  private static String evidence(Diagnosis d, Pattern pattern) {
    return Entries.evidence(d, pattern, SEED);
  }

  private static void assertNotNamed(Diagnosis d, Pattern pattern) {
    Entries.assertNotNamed(d, pattern, SEED);
  }

  /** A 3×4 Jacobian with one wrong entry elsewhere, so that no global relation holds. */
  private static double[][] perturbed(double[][] truth, int i, int j, double by) {
    double[][] a = copy(truth);
    a[i][j] += by;
    return a;
  }

  @Test
  void signFlipIsNamedWithItsEvidence() {
    Signature sig = Signature.anonymous(4, 3);
    double[][] j = random(new Random(SEED), 3, 4);
    Diagnosis d = diagnose(sig, scale(j, -1), j);
    assertEquals("analytic = −1.00 × numeric on all 12 entries", evidence(d, Pattern.SIGN_FLIPPED));
    assertNotNamed(d, Pattern.CONSTANT_FACTOR);
    assertTrue(d.toString().contains("sign flipped"), d::toString);
  }

  @Test
  void signFlipIsNotNamedForAnUnrelatedError() {
    Signature sig = Signature.anonymous(4, 3);
    Random rnd = new Random(SEED);
    double[][] j = random(rnd, 3, 4);
    Diagnosis d = diagnose(sig, random(rnd, 3, 4), j);
    assertNotNamed(d, Pattern.SIGN_FLIPPED);
    assertNotNamed(d, Pattern.CONSTANT_FACTOR);
  }

  @Test
  void factorTwoAndHalfAreNamed() {
    Signature sig = Signature.anonymous(4, 3);
    double[][] j = random(new Random(SEED), 3, 4);
    assertTrue(
        evidence(diagnose(sig, scale(j, 2), j), Pattern.CONSTANT_FACTOR).contains("factor 2"));
    assertTrue(evidence(diagnose(sig, scale(j, 0.5), j), Pattern.CONSTANT_FACTOR).contains("½"));
    Diagnosis both = diagnose(sig, scale(j, -2), j);
    assertTrue(
        both.names(Pattern.SIGN_FLIPPED) && both.names(Pattern.CONSTANT_FACTOR), both::toString);
  }

  @Test
  void batchSizeFactorIsNamedFromTheSignature() {
    Signature sig = Signature.builder().input("X", 8, 3).output("loss").build();
    double[][] g = random(new Random(SEED), 1, 24);
    String ev = evidence(diagnose(sig, scale(g, 8), g), Pattern.CONSTANT_FACTOR);
    assertTrue(ev.contains("8.00 × numeric") && ev.contains("rows of input X"), ev);
    String inverse = evidence(diagnose(sig, scale(g, 1.0 / 24), g), Pattern.CONSTANT_FACTOR);
    assertTrue(inverse.contains("1/24") && inverse.contains("size of input X"), inverse);
  }

  @Test
  void anOddButConsistentFactorIsReportedAsSuch() {
    Signature sig = Signature.anonymous(4, 3);
    double[][] j = random(new Random(SEED), 3, 4);
    String ev = evidence(diagnose(sig, scale(j, 1.37), j), Pattern.CONSTANT_FACTOR);
    assertTrue(ev.contains("1.37 × numeric") && ev.contains("not a simple number"), ev);
  }

  @Test
  void factorIsNotNamedWhenOnlySomeEntriesAreScaled() {
    Signature sig = Signature.anonymous(4, 3);
    double[][] j = random(new Random(SEED), 3, 4);
    double[][] a = scale(j, 2);
    a[0][0] = j[0][0];
    a[2][3] = j[2][3];
    Diagnosis d = diagnose(sig, a, j);
    assertNotNamed(d, Pattern.CONSTANT_FACTOR);
    assertNotNamed(d, Pattern.SIGN_FLIPPED);
  }

  @Test
  void transposedJacobianIsNamed() {
    Signature sig = Signature.anonymous(3, 3);
    double[][] j = random(new Random(SEED), 3, 3);
    double[][] t = new double[3][3];
    for (int r = 0; r < 3; r++) {
      for (int c = 0; c < 3; c++) {
        t[r][c] = j[c][r];
      }
    }
    String ev = evidence(diagnose(sig, t, j), Pattern.TRANSPOSED);
    assertTrue(ev.contains("analytic[i,j] = numeric[j,i] on all 9 entries"), ev);
  }

  @Test
  void aMatrixGradientLaidOutTransposedIsNamed() {
    Signature sig = Signature.builder().input("W", 2, 3).input("b", 2).output("loss").build();
    double[][] g = random(new Random(SEED), 1, 8);
    double[][] a = copy(g);
    for (int k = 0; k < 6; k++) {
      a[0][k] = g[0][(k % 2) * 3 + k / 2]; // dWᵀ (3×2) stored row-major where dW (2×3) belongs
    }
    String ev = evidence(diagnose(sig, a, g), Pattern.TRANSPOSED);
    assertTrue(ev.contains("laid out as Wᵀ (3×2"), ev);
    assertNotNamed(diagnose(sig, perturbed(g, 0, 1, 0.5), g), Pattern.TRANSPOSED);
  }

  @Test
  void transposedIsNotNamedForOneWrongEntry() {
    Signature sig = Signature.anonymous(3, 3);
    double[][] j = random(new Random(SEED), 3, 3);
    Diagnosis d = diagnose(sig, perturbed(j, 1, 2, 0.3), j);
    assertNotNamed(d, Pattern.TRANSPOSED);
    assertTrue(d.names(Pattern.CONFINED_TO_INDEX), d::toString);
  }

  /**
   * Without a layout, entries are read as Signature.anonymous(n, m) reads them: the same hypotheses
   * with the same evidence (labels x[j], y[i], sizes n and m).
   */
  @Test
  void entriesWithoutALayoutReadAsAnAnonymousSignature() {
    Random rnd = new Random(SEED);
    for (int[] nm : new int[][] {{4, 3}, {3, 3}}) {
      int n = nm[0];
      int m = nm[1];
      Signature sig = Signature.anonymous(n, m);
      double[][] j = random(rnd, m, n);
      double[][] column = copy(j);
      double[][] row = copy(j);
      double[][] rankOne = copy(j);
      double[][] transposed = copy(j);
      for (int i = 0; i < m; i++) {
        column[i][2] += 0.1 * (i + 1);
        for (int k = 0; k < n; k++) {
          rankOne[i][k] += 0.1 * (i + 1) * (k + 2);
          transposed[i][k] = k < m && i < n ? j[k][i] : j[i][k];
        }
      }
      for (int k = 0; k < n; k++) {
        row[1][k] += 0.2 * (k + 1);
      }
      for (double[][] a :
          List.of(
              scale(j, n),
              scale(j, 1.0 / m),
              column,
              row,
              rankOne,
              transposed,
              perturbed(j, 1, 2, 0.3),
              random(rnd, m, n))) {
        List<ComparedEntry> entries = compare(sig, a, j);
        Diagnosis withSignature = Diagnosis.of(entries, sig, null);
        assertTrue(withSignature.wrongEntries() > 0);
        assertEquals(withSignature, Diagnosis.of(entries), withSignature::toString);
      }
    }
    Diagnosis column =
        Diagnosis.of(
            compare(
                Signature.anonymous(4, 3),
                new double[][] {{1, 2, 9, 4}, {1, 2, 8, 4}, {1, 2, 7, 4}},
                new double[][] {{1, 2, 3, 4}, {1, 2, 3, 4}, {1, 2, 3, 4}}));
    assertTrue(evidence(column, Pattern.CONFINED_TO_COLUMN).contains("∂·/∂x[2]"), column::toString);
  }

  private static double[] softmax(double[] z) {
    double[] y = new double[z.length];
    double s = 0;
    for (int k = 0; k < z.length; k++) {
      y[k] = Math.exp(z[k]);
      s += y[k];
    }
    for (int k = 0; k < z.length; k++) {
      y[k] /= s;
    }
    return y;
  }

  private static double[][] softmaxJacobian(double[] y) {
    double[][] j = new double[y.length][y.length];
    for (int r = 0; r < y.length; r++) {
      for (int c = 0; c < y.length; c++) {
        j[r][c] = (r == c ? y[r] : 0) - y[r] * y[c];
      }
    }
    return j;
  }

  @Test
  void softmaxWrittenAsYTimesOneMinusYIsDiagonalOnly() {
    double[] y = softmax(new double[] {0.3, -1.2, 2.0, 0.7});
    Signature sig = Signature.builder().input("z", 4).output("y", 4).build();
    double[][] truth = softmaxJacobian(y);
    double[][] diag = new double[4][4];
    for (int k = 0; k < 4; k++) {
      diag[k][k] = y[k] * (1 - y[k]);
    }
    Diagnosis d = diagnose(sig, diag, truth);
    String ev = evidence(d, Pattern.DIAGONAL_ONLY);
    assertTrue(ev.contains("Kronecker-delta") && ev.contains("4 diagonal entries match"), ev);
    assertNotNamed(d, Pattern.MISSING_RANK_ONE_TERM);
    assertNotNamed(d, Pattern.TRANSPOSED);
  }

  @Test
  void softmaxMissingMinusYYTransposeIsARankOneTerm() {
    double[] y = softmax(new double[] {0.3, -1.2, 2.0, 0.7});
    Signature sig = Signature.builder().input("z", 4).output("y", 4).build();
    double[][] truth = softmaxJacobian(y);
    double[][] diagY = new double[4][4];
    for (int k = 0; k < 4; k++) {
      diagY[k][k] = y[k];
    }
    Diagnosis d = diagnose(sig, diagY, truth);
    String ev = evidence(d, Pattern.MISSING_RANK_ONE_TERM);
    assertTrue(ev.contains("rank-one") && ev.contains("symmetric"), ev);
    assertNotNamed(d, Pattern.DIAGONAL_ONLY);
  }

  @Test
  void softmaxBackwardMissingTheOutputWeightedTermIsReadFromTheOutputs() {
    double[] z = {0.3, -1.2, 2.0, 0.7};
    double[] y = softmax(z);
    Signature sig = Signature.builder().input("z", 4).output("y", 4).build();
    double[][] truth = softmaxJacobian(y);
    double[][] withoutTerm = new double[4][4]; // dz = y ⊙ g, the −y⟨g, y⟩ dropped
    for (int k = 0; k < 4; k++) {
      withoutTerm[k][k] = y[k];
    }
    Diagnosis d = Diagnosis.of(compare(sig, withoutTerm, truth), sig, z, y);
    String ev = evidence(d, Pattern.MISSING_RANK_ONE_TERM);
    assertTrue(ev.contains("missing term weighted by the outputs y"), ev);
    assertNotNamed(d, Pattern.DIAGONAL_ONLY);
  }

  @Test
  void theCorrectSoftmaxRaisesNoOutputWeightedTerm() {
    double[] z = {0.3, -1.2, 2.0, 0.7};
    double[] y = softmax(z);
    Signature sig = Signature.builder().input("z", 4).output("y", 4).build();
    double[][] truth = softmaxJacobian(y);
    Diagnosis d = Diagnosis.of(compare(sig, copy(truth), truth), sig, z, y);
    assertFalse(d.explained(), d::toString);
    assertTrue(d.reported().isEmpty(), d::toString);
  }

  @Test
  void aRankOneErrorNotAlongTheOutputsIsNotReadAsOutputWeighted() {
    double[] z = {0.3, -1.2, 2.0, 0.7};
    double[] y = softmax(z);
    Signature sig = Signature.builder().input("z", 4).output("y", 4).build();
    double[][] truth = softmaxJacobian(y);
    double[] u = {0.9, -0.4, 0.2, 1.3};
    double[] v = {-0.5, 1.1, 0.8, 0.3};
    double[][] a = copy(truth);
    for (int r = 0; r < 4; r++) {
      for (int c = 0; c < 4; c++) {
        a[r][c] += u[r] * v[c];
      }
    }
    Diagnosis d = Diagnosis.of(compare(sig, a, truth), sig, z, y);
    String ev = evidence(d, Pattern.MISSING_RANK_ONE_TERM);
    assertFalse(ev.contains("outputs"), ev);
  }

  @Test
  void rankOneIsNotNamedForAGeneralError() {
    Signature sig = Signature.anonymous(4, 4);
    Random rnd = new Random(SEED);
    double[][] j = random(rnd, 4, 4);
    double[][] a = copy(j);
    double[][] noise = random(rnd, 4, 4);
    for (int r = 0; r < 4; r++) {
      for (int c = 0; c < 4; c++) {
        a[r][c] += 0.1 * noise[r][c];
      }
    }
    Diagnosis d = diagnose(sig, a, j);
    assertNotNamed(d, Pattern.MISSING_RANK_ONE_TERM);
    assertNotNamed(d, Pattern.DIAGONAL_ONLY);
    assertFalse(d.explained(), d::toString);
    assertTrue(
        d.reported().get(0).toString().contains("no known pattern fits the 16 wrong"), d::toString);
  }

  @Test
  void zeroGradientIsNamed() {
    Signature sig = Signature.anonymous(5, 1);
    double[][] g = random(new Random(SEED), 1, 5);
    Diagnosis d = diagnose(sig, new double[1][5], g);
    String ev = evidence(d, Pattern.ZERO_GRADIENT);
    assertTrue(ev.startsWith("analytic is 0 on all 5 entries while |numeric| reaches"), ev);
    assertTrue(ev.contains("unwired"), ev);
  }

  @Test
  void oneZeroEntryIsNotAZeroGradient() {
    Signature sig = Signature.anonymous(5, 1);
    double[][] g = random(new Random(SEED), 1, 5);
    double[][] a = copy(g);
    a[0][2] = 0;
    Diagnosis d = diagnose(sig, a, g);
    assertNotNamed(d, Pattern.ZERO_GRADIENT);
    assertTrue(evidence(d, Pattern.CONFINED_TO_INDEX).startsWith("only ∂y[0]/∂x[2] is wrong"));
  }

  @Test
  void nanAndInfAreNamed() {
    Signature sig = Signature.anonymous(5, 1);
    double[][] g = random(new Random(SEED), 1, 5);
    double[][] a = copy(g);
    a[0][1] = Double.NaN;
    a[0][3] = Double.POSITIVE_INFINITY;
    String ev = evidence(diagnose(sig, a, g), Pattern.NON_FINITE);
    assertTrue(ev.contains("NaN on 1") && ev.contains("infinite on 1"), ev);
    assertTrue(ev.contains("numeric derivative is finite at all of them"), ev);
  }

  @Test
  void finiteErrorsAreNotCalledNonFinite() {
    Signature sig = Signature.anonymous(5, 1);
    double[][] g = random(new Random(SEED), 1, 5);
    assertNotNamed(diagnose(sig, perturbed(g, 0, 1, 1.0), g), Pattern.NON_FINITE);
  }

  private static final Signature LAYER =
      Signature.builder().input("x", 3).input("W", 2, 3).input("b", 2).output("y", 2).build();

  @Test
  void errorsOnlyInBiasAreConfinedToThatInput() {
    double[][] j = random(new Random(SEED), 2, 11);
    double[][] a = copy(j);
    int b0 = LAYER.inputOffset("b");
    for (int i = 0; i < 2; i++) {
      a[i][b0] *= 2;
      a[i][b0 + 1] *= 2;
    }
    Diagnosis d = diagnose(LAYER, a, j);
    assertTrue(
        evidence(d, Pattern.CONFINED_TO_INPUT).startsWith("only input b is wrong"), d::toString);
    assertTrue(evidence(d, Pattern.CONSTANT_FACTOR).contains("on the 4 entries of b"), d::toString);
    assertNotNamed(d, Pattern.CONFINED_TO_ROW);
  }

  @Test
  void errorsSpreadOverInputsAreNotConfined() {
    double[][] j = random(new Random(SEED), 2, 11);
    double[][] a = perturbed(perturbed(j, 0, 0, 0.5), 1, 10, 0.5);
    Diagnosis d = diagnose(LAYER, a, j);
    assertNotNamed(d, Pattern.CONFINED_TO_INPUT);
    assertNotNamed(d, Pattern.CONFINED_TO_ROW);
    assertNotNamed(d, Pattern.CONFINED_TO_COLUMN);
    assertNotNamed(d, Pattern.CONFINED_TO_INDEX);
  }

  @Test
  void errorsInOneOutputRowAreConfinedToThatRow() {
    double[][] j = random(new Random(SEED), 2, 11);
    double[][] a = copy(j);
    a[1] = scale(new double[][] {j[1]}, -1)[0];
    Diagnosis d = diagnose(LAYER, a, j);
    assertTrue(
        evidence(d, Pattern.CONFINED_TO_ROW).startsWith("only output row y[1]"), d::toString);
    assertTrue(evidence(d, Pattern.SIGN_FLIPPED).contains("row y[1]"), d::toString);
    assertNotNamed(d, Pattern.CONFINED_TO_INPUT);
  }

  @Test
  void errorsInOneColumnAreConfinedToThatColumn() {
    double[][] j = random(new Random(SEED), 2, 11);
    double[][] a = perturbed(perturbed(j, 0, 4, 0.5), 1, 4, -0.25);
    Diagnosis d = diagnose(LAYER, a, j);
    assertTrue(evidence(d, Pattern.CONFINED_TO_COLUMN).contains("∂·/∂W[0,1]"), d::toString);
    assertNotNamed(d, Pattern.CONFINED_TO_ROW);
  }

  @Test
  void errorsInOneRowOfAMatrixInputAreNamed() {
    double[][] j = random(new Random(SEED), 2, 11);
    int w = LAYER.inputOffset("W");
    double[][] a = perturbed(perturbed(perturbed(j, 0, w + 3, 0.5), 1, w + 4, 0.5), 0, w + 5, 1);
    Diagnosis d = diagnose(LAYER, a, j);
    assertTrue(evidence(d, Pattern.CONFINED_TO_ROW).contains("row 1 of input W"), d::toString);
    assertTrue(d.names(Pattern.CONFINED_TO_INPUT), d::toString);
    assertNotNamed(d, Pattern.CONFINED_TO_COLUMN);
  }

  @Test
  void errorsInOneColumnOfAMatrixInputAreNamed() {
    double[][] j = random(new Random(SEED), 2, 11);
    int w = LAYER.inputOffset("W");
    double[][] a = perturbed(perturbed(j, 0, w + 2, 0.5), 1, w + 5, 0.5);
    Diagnosis d = diagnose(LAYER, a, j);
    assertTrue(
        evidence(d, Pattern.CONFINED_TO_COLUMN).contains("column 2 of input W"), d::toString);
    assertNotNamed(d, Pattern.CONFINED_TO_ROW);
  }

  /** Cross-entropy L = −Σ p log softmax(z) with constant labels p. */
  private static double[][] crossEntropyCase(double[] z, double[] p, boolean assumeUnitSum) {
    double[] q = softmax(z);
    double sum = 0;
    for (double v : p) {
      sum += v;
    }
    double[][] ga = new double[1][z.length + p.length];
    double[][] gt = new double[1][z.length + p.length];
    for (int k = 0; k < z.length; k++) {
      gt[0][k] = q[k] * sum - p[k];
      ga[0][k] = assumeUnitSum ? q[k] - p[k] : gt[0][k];
    }
    return new double[][] {ga[0], gt[0]};
  }

  @Test
  void crossEntropyAssumingUnitLabelSumIsAMissingConstantTerm() {
    Signature sig = Signature.builder().input("z", 5).constant("p", 5).output("L").build();
    double[] z = {0.2, -0.4, 1.1, 0.0, -2.0};
    double[] p = {0.1, 0.7, 0.0, 0.5, 0.4};
    double[][] c = crossEntropyCase(z, p, true);
    Diagnosis d =
        Diagnosis.of(
            compare(sig, new double[][] {c[0]}, new double[][] {c[1]}), sig, sig.pack(z, p));
    String ev = evidence(d, Pattern.MISSING_CONSTANT_TERM);
    assertTrue(ev.contains("depends on the constant input p") && ev.contains("Σp = 1.7"), ev);
    assertTrue(ev.contains("assumes Σp = 1"), ev);
    assertNotNamed(d, Pattern.CONSTANT_FACTOR);
  }

  @Test
  void batchedCrossEntropyIsDiagnosedPerRow() {
    Signature sig = Signature.builder().input("Z", 2, 4).constant("P", 2, 4).output("L").build();
    double[] z = {0.2, -0.4, 1.1, 0.0, -2.0, 0.3, 0.9, 0.1};
    double[] p = {0.1, 0.7, 0.0, 0.5, 0.2, 0.2, 0.2, 0.1};
    double[][] ga = new double[1][16];
    double[][] gt = new double[1][16];
    for (int r = 0; r < 2; r++) {
      double[] zr = java.util.Arrays.copyOfRange(z, 4 * r, 4 * r + 4);
      double[] pr = java.util.Arrays.copyOfRange(p, 4 * r, 4 * r + 4);
      double[][] c = crossEntropyCase(zr, pr, true);
      System.arraycopy(c[0], 0, ga[0], 4 * r, 4);
      System.arraycopy(c[1], 0, gt[0], 4 * r, 4);
    }
    Diagnosis d = Diagnosis.of(compare(sig, ga, gt), sig, sig.pack(z, p));
    String ev = evidence(d, Pattern.MISSING_CONSTANT_TERM);
    assertTrue(ev.contains("in each of the 2 rows") && ev.contains("assumes ΣP = 1 per row"), ev);
  }

  @Test
  void crossEntropyWrittenQMinusOneIsALabelTermReplacedByAConstant() {
    Signature sig = Signature.builder().input("z", 5).constant("p", 5).output("L").build();
    double[] z = {0.2, -0.4, 1.1, 0.0, -2.0};
    double[] p = {0, 0, 1, 0, 0};
    double[][] c = crossEntropyCase(z, p, false);
    double[] qMinusOne = c[0].clone();
    for (int k = 0; k < 5; k++) {
      qMinusOne[k] = softmax(z)[k] - 1;
    }
    Diagnosis d =
        Diagnosis.of(
            compare(sig, new double[][] {qMinusOne}, new double[][] {c[1]}), sig, sig.pack(z, p));
    String ev = evidence(d, Pattern.MISSING_CONSTANT_TERM);
    assertTrue(ev.contains("analytic − numeric = 1.00·p − 1.00 on all 5 entries"), ev);
    assertTrue(ev.contains("right only where p = 1"), ev);
    assertNotNamed(d, Pattern.CONSTANT_FACTOR);
  }

  @Test
  void aConstantOffsetThatIgnoresTheLabelsIsNotALabelTerm() {
    Signature sig = Signature.builder().input("z", 5).constant("p", 5).output("L").build();
    double[] z = {0.2, -0.4, 1.1, 0.0, -2.0};
    double[] p = {0, 0, 1, 0, 0};
    double[][] c = crossEntropyCase(z, p, false);
    double[] shifted = c[0].clone();
    for (int k = 0; k < 5; k++) {
      shifted[k] -= 0.25;
    }
    Diagnosis d =
        Diagnosis.of(
            compare(sig, new double[][] {shifted}, new double[][] {c[1]}), sig, sig.pack(z, p));
    assertNotNamed(d, Pattern.MISSING_CONSTANT_TERM);
  }

  @Test
  void anErrorUnrelatedToTheLabelsIsNotAConstantTerm() {
    Signature sig = Signature.builder().input("z", 5).constant("p", 5).output("L").build();
    double[] z = {0.2, -0.4, 1.1, 0.0, -2.0};
    double[] p = {0.1, 0.7, 0.0, 0.5, 0.4};
    double[][] c = crossEntropyCase(z, p, false);
    double[] wrong = c[0].clone();
    wrong[1] += 0.3;
    wrong[3] -= 0.1;
    Diagnosis d =
        Diagnosis.of(
            compare(sig, new double[][] {wrong}, new double[][] {c[1]}), sig, sig.pack(z, p));
    assertNotNamed(d, Pattern.MISSING_CONSTANT_TERM);
  }

  @Test
  void correctEntriesHaveNothingToDiagnose() {
    Signature sig = Signature.anonymous(4, 3);
    double[][] j = random(new Random(SEED), 3, 4);
    Diagnosis d = diagnose(sig, j, j);
    assertEquals(0, d.wrongEntries());
    assertTrue(d.reported().isEmpty());
    assertTrue(d.toString().contains("within tolerance"), d::toString);
  }

  @Test
  void probeEntriesWithoutIndicesStillGetAFactor() {
    List<ComparedEntry> probes =
        List.of(
            new ComparedEntry(-1, -1, "probe 0: vᵀJu", -2.0, 1.0, 1e-12, 3.0, 3.0, 1e-9),
            new ComparedEntry(-1, -1, "probe 1: vᵀJu", 0.5, -0.25, 1e-12, 0.75, 3.0, 1e-9));
    Diagnosis d = Diagnosis.of(probes);
    assertTrue(d.names(Pattern.SIGN_FLIPPED) && d.names(Pattern.CONSTANT_FACTOR), d::toString);
  }

  @Test
  void badArgumentsGetSpecificErrors() {
    assertThrows(NullPointerException.class, () -> Diagnosis.of(null));
    List<ComparedEntry> withNull = new java.util.ArrayList<>();
    withNull.add(null);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Diagnosis.of(withNull));
    assertTrue(e.getMessage().contains("compared entry 0 is null"), e.getMessage());
  }
}
