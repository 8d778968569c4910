package org.gradcheck.hamcrest;

import static org.gradcheck.hamcrest.GradientMatchers.elementsCloseTo;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.ejml.data.DMatrixRMaj;
import org.hamcrest.Matcher;
import org.hamcrest.StringDescription;
import org.junit.jupiter.api.Test;

class CloseToTest {

  static <T> String mismatch(Matcher<? super T> matcher, T item) {
    StringDescription d = new StringDescription();
    matcher.describeMismatch(item, d);
    return d.toString();
  }

  @Test
  void vectorsWithinToleranceMatch() {
    assertThat(
        new double[] {1, 2, 3}, elementsCloseTo(new double[] {1 + 1e-10, 2, 3 - 1e-10}, 1e-9));
    assertThat(
        new double[] {Double.NaN, Double.POSITIVE_INFINITY},
        elementsCloseTo(new double[] {Double.NaN, Double.POSITIVE_INFINITY}, 0));
  }

  @Test
  void aVectorMismatchListsTheWorstEntriesByIndexWorstFirst() {
    double[] expected = {0, 0, 0, 0, 0, 0, 0, 0};
    double[] actual = {0, 0.1, 0, 0.5, 1e-6, 0.2, 0.3, 0.4};
    Matcher<double[]> m = elementsCloseTo(expected, 1e-9);
    assertThat(actual, not(m));
    assertThat(
        mismatch(m, actual),
        equalTo(
            "6 of 8 entries differ by more than 1.0E-9; worst:\n"
                + "  [3] was 0.5, expected 0.0 (off by 0.5)\n"
                + "  [7] was 0.4, expected 0.0 (off by 0.4)\n"
                + "  [6] was 0.3, expected 0.0 (off by 0.3)\n"
                + "  [5] was 0.2, expected 0.0 (off by 0.2)\n"
                + "  [1] was 0.1, expected 0.0 (off by 0.1)\n"
                + "  … and 1 more"));
    assertThat(
        mismatch(elementsCloseTo(new double[] {1}, 0), new double[] {Double.NaN}),
        containsString("[0] was NaN, expected 1.0 (off by Infinity)"));
  }

  @Test
  void aLengthMismatchSaysSo() {
    AssertionError e =
        assertThrows(
            AssertionError.class,
            () -> assertThat(new double[] {1, 2}, elementsCloseTo(new double[] {1, 2, 3}, 1e-9)));
    assertThat(
        e.getMessage(),
        equalTo(
            "\nExpected: a double[3] with every entry within 1.0E-9 of [1.0, 2.0, 3.0]\n"
                + "     but: was a double[2]"));
  }

  @Test
  void matricesMatchByShapeAndEntryAndNameEntriesByRowAndColumn() {
    DMatrixRMaj expected = new DMatrixRMaj(new double[][] {{1, 2, 3}, {4, 5, 6}});
    DMatrixRMaj same = expected.copy();
    same.set(1, 2, 6 + 1e-12);
    assertThat(same, elementsCloseTo(expected, 1e-9));

    DMatrixRMaj wrong = expected.copy();
    wrong.set(1, 0, -4);
    assertThat(
        mismatch(elementsCloseTo(expected, 1e-9), wrong),
        equalTo(
            "1 of 6 entries differ by more than 1.0E-9; worst:\n"
                + "  (1,0) was -4.0, expected 4.0 (off by 8.0)"));
    DMatrixRMaj transposed = new DMatrixRMaj(3, 2);
    assertThat(mismatch(elementsCloseTo(expected, 1e-9), transposed), equalTo("was a 3×2 matrix"));
  }

  @Test
  void badArgumentsAreRejectedClearly() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> elementsCloseTo(new double[1], -1));
    assertThat(e.getMessage(), equalTo("tolerance must be finite and ≥ 0, got -1.0"));
    assertThrows(NullPointerException.class, () -> elementsCloseTo((double[]) null, 1));
  }
}
