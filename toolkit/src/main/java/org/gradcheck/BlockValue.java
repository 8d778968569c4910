package org.gradcheck;

import java.util.Objects;
import org.ejml.data.DMatrixRMaj;

/**
 * One named block as user code handed it over: its values (row-major, a private copy) and the shape
 * it came as — {@code {length}} for a {@code double[]}, {@code {rows, cols}} for a matrix, {@code
 * {}} for a scalar — so that a mismatch can say what came back.
 */
record BlockValue(double[] data, int[] shape) {

  static BlockValue of(String name, double[] values) {
    Objects.requireNonNull(values, () -> "values of '" + name + "' must not be null");
    return new BlockValue(values.clone(), new int[] {values.length});
  }

  static BlockValue of(String name, DMatrixRMaj values) {
    Objects.requireNonNull(values, () -> "values of '" + name + "' must not be null");
    double[] data = java.util.Arrays.copyOf(values.data, values.getNumElements());
    return new BlockValue(data, new int[] {values.numRows, values.numCols});
  }

  static BlockValue of(double value) {
    return new BlockValue(new double[] {value}, new int[0]);
  }

  /** True if this block can stand for {@code t}: same size, and a matrix only as a matrix. */
  boolean fits(Tensor t) {
    if (data.length != t.size()) {
      return false;
    }
    if (shape.length < 2) {
      return true;
    }
    int[] expected = t.shape();
    return switch (expected.length) {
      case 0 -> true;
      case 1 -> shape[0] == 1 || shape[1] == 1;
      case 2 -> shape[0] == expected[0] && shape[1] == expected[1];
      default -> false;
    };
  }

  /** What came back, e.g. {@code a 3×2 matrix}, {@code an array of length 5}, {@code a scalar}. */
  String cameAs() {
    return switch (shape.length) {
      case 0 -> "a scalar";
      case 1 -> "an array of length " + shape[0];
      default -> "a " + shape[0] + "×" + shape[1] + " matrix";
    };
  }
}
