package org.gradcheck.hamcrest;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.ejml.data.DMatrixRMaj;
import org.hamcrest.Description;
import org.hamcrest.TypeSafeDiagnosingMatcher;

/**
 * Elementwise {@code |actual − expected| ≤ tolerance} for a vector or matrix; NaN matches NaN and
 * an infinity matches the same infinity. The mismatch names the shape difference, or how many
 * entries are off and the worst of them by index.
 *
 * @param <T> double[] or DMatrixRMaj
 */
final class CloseTo<T> extends TypeSafeDiagnosingMatcher<T> {
  /** How many offending entries a mismatch lists. */
  static final int WORST_SHOWN = 5;

  private final Grid expected;
  private final double tolerance;
  private final Function<T, Grid> view;

  private CloseTo(Class<T> type, Grid expected, double tolerance, Function<T, Grid> view) {
    super(type);
    if (!(tolerance >= 0) || Double.isInfinite(tolerance)) {
      throw new IllegalArgumentException("tolerance must be finite and ≥ 0, got " + tolerance);
    }
    this.expected = expected;
    this.tolerance = tolerance;
    this.view = view;
  }

  static CloseTo<double[]> vector(double[] expected, double tolerance) {
    Objects.requireNonNull(expected, "expected");
    return new CloseTo<>(double[].class, Grid.of(expected.clone()), tolerance, Grid::of);
  }

  static CloseTo<DMatrixRMaj> matrix(DMatrixRMaj expected, double tolerance) {
    Objects.requireNonNull(expected, "expected");
    return new CloseTo<>(DMatrixRMaj.class, Grid.of(expected.copy()), tolerance, Grid::of);
  }

  @Override
  protected boolean matchesSafely(T item, Description mismatch) {
    Grid actual = view.apply(item);
    if (actual.matrix() != expected.matrix()
        || actual.rows() != expected.rows()
        || actual.cols() != expected.cols()) {
      mismatch.appendText("was ").appendText(actual.shape());
      return false;
    }
    List<Integer> off = new ArrayList<>();
    for (int k = 0; k < actual.data().length; k++) {
      if (!close(actual.data()[k], expected.data()[k])) {
        off.add(k);
      }
    }
    if (off.isEmpty()) {
      return true;
    }
    off.sort(
        Comparator.comparingDouble((Integer k) -> distance(actual.data()[k], expected.data()[k]))
            .reversed());
    mismatch
        .appendText(off.size() + " of " + actual.data().length)
        .appendText(" entries differ by more than " + tolerance + "; worst:");
    for (int k : off.subList(0, Math.min(WORST_SHOWN, off.size()))) {
      double a = actual.data()[k];
      double e = expected.data()[k];
      mismatch
          .appendText("\n  " + expected.label(k) + " was " + a + ", expected " + e)
          .appendText(" (off by " + distance(a, e) + ")");
    }
    if (off.size() > WORST_SHOWN) {
      mismatch.appendText("\n  … and " + (off.size() - WORST_SHOWN) + " more");
    }
    return false;
  }

  private boolean close(double a, double e) {
    if (Double.isNaN(a) || Double.isNaN(e)) {
      return Double.isNaN(a) && Double.isNaN(e);
    }
    if (Double.isInfinite(a) || Double.isInfinite(e)) {
      return a == e;
    }
    return Math.abs(a - e) <= tolerance;
  }

  /** |a − e|, with NaN and mismatched infinities ranked as infinitely far. */
  private static double distance(double a, double e) {
    double d = Math.abs(a - e);
    return Double.isNaN(d) ? Double.POSITIVE_INFINITY : d;
  }

  @Override
  public void describeTo(Description description) {
    description
        .appendText(expected.shape() + " with every entry within " + tolerance + " of ")
        .appendText(expected.preview());
  }

  /** A vector or row-major matrix seen as rows × cols values. */
  record Grid(boolean matrix, int rows, int cols, double[] data) {
    static Grid of(double[] v) {
      return new Grid(false, v.length, 1, v);
    }

    static Grid of(DMatrixRMaj m) {
      return new Grid(
          true,
          m.numRows,
          m.numCols,
          m.data.length == m.getNumElements()
              ? m.data
              : java.util.Arrays.copyOf(m.data, m.getNumElements()));
    }

    String shape() {
      return matrix ? "a " + rows + "×" + cols + " matrix" : "a double[" + rows + "]";
    }

    String label(int k) {
      return matrix ? "(" + (k / cols) + "," + (k % cols) + ")" : "[" + k + "]";
    }

    /** The values, the first few only for large inputs. */
    String preview() {
      int shown = Math.min(data.length, 8);
      StringBuilder s = new StringBuilder("[");
      for (int k = 0; k < shown; k++) {
        s.append(k == 0 ? "" : ", ").append(data[k]);
      }
      return s.append(data.length > shown ? ", …]" : "]").toString();
    }
  }
}
