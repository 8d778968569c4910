package org.gradcheck;

import java.util.Arrays;
import java.util.Objects;
import org.apiguardian.api.API;
import org.gradcheck.diagnosis.Block;

/**
 * A named, shaped block of a flat input or output vector: a scalar (rank 0), a vector (rank 1) or a
 * matrix (rank 2, row-major as in EJML's {@code DMatrixRMaj}). A constant tensor (labels, masks) is
 * part of the input but is never differentiated.
 *
 * @param name the name used in reports, e.g. {@code W}
 * @param shape the dimensions, each ≥ 1; empty for a scalar
 * @param constant true if the checker must not differentiate with respect to this block
 */
@API(status = API.Status.STABLE, since = "0.1")
public record Tensor(String name, int[] shape, boolean constant) implements Block {

  /**
   * Validates the name and shape and copies the shape.
   *
   * @param name the tensor's name, not blank
   * @param shape the dimensions, each ≥ 1 (none: a scalar)
   * @param constant true if the tensor is not differentiated
   */
  public Tensor {
    Objects.requireNonNull(name, "tensor name must not be null");
    if (name.isBlank()) {
      throw new IllegalArgumentException("tensor name must not be blank");
    }
    Objects.requireNonNull(shape, () -> "shape of tensor '" + name + "' must not be null");
    shape = shape.clone();
    for (int d = 0; d < shape.length; d++) {
      if (shape[d] < 1) {
        throw new IllegalArgumentException(
            "tensor '" + name + "': dimension " + d + " is " + shape[d] + ", expected ≥ 1");
      }
    }
  }

  /**
   * {@return a differentiated scalar}
   *
   * @param name the tensor's name, not blank
   */
  public static Tensor scalar(String name) {
    return new Tensor(name, new int[0], false);
  }

  /**
   * {@return a differentiated vector of the given length}
   *
   * @param name the tensor's name, not blank
   * @param length the number of elements, ≥ 1
   */
  public static Tensor vector(String name, int length) {
    return new Tensor(name, new int[] {length}, false);
  }

  /**
   * {@return a differentiated rows×cols matrix, stored row-major}
   *
   * @param name the tensor's name, not blank
   * @param rows the number of rows, ≥ 1
   * @param cols the number of columns, ≥ 1
   */
  public static Tensor matrix(String name, int rows, int cols) {
    return new Tensor(name, new int[] {rows, cols}, false);
  }

  /** {@return the same tensor, marked constant (not differentiated)} */
  public Tensor asConstant() {
    return new Tensor(name, shape, true);
  }

  /** {@return the shape (a copy)} */
  @Override
  public int[] shape() {
    return shape.clone();
  }

  /** {@return number of scalars in this tensor} */
  public int size() {
    int size = 1;
    for (int d : shape) {
      size = Math.multiplyExact(size, d);
    }
    return size;
  }

  /** {@return the rank: 0 for a scalar, 1 for a vector, 2 for a matrix} */
  public int rank() {
    return shape.length;
  }

  /**
   * {@return the label of the element at {@code offset} (row-major) within this tensor}, e.g.
   * {@code W[2,3]} for a matrix, {@code x[4]} for a vector and {@code b} for a scalar.
   *
   * @param offset the row-major position within this tensor, {@code 0 ≤ offset < size()}
   */
  public String label(int offset) {
    if (offset < 0 || offset >= size()) {
      throw new IndexOutOfBoundsException(
          "offset " + offset + " outside tensor '" + name + "' of size " + size());
    }
    if (shape.length == 0) {
      return name;
    }
    int[] index = new int[shape.length];
    int rest = offset;
    for (int d = shape.length - 1; d >= 0; d--) {
      index[d] = rest % shape[d];
      rest /= shape[d];
    }
    StringBuilder sb = new StringBuilder(name).append('[');
    for (int d = 0; d < index.length; d++) {
      if (d > 0) {
        sb.append(',');
      }
      sb.append(index[d]);
    }
    return sb.append(']').toString();
  }

  /** {@return a shape such as {@code W: 2×3} or {@code labels: 4 (constant)}} */
  public String describe() {
    StringBuilder sb = new StringBuilder(name).append(": ");
    if (shape.length == 0) {
      sb.append("scalar");
    } else {
      for (int d = 0; d < shape.length; d++) {
        if (d > 0) {
          sb.append('×');
        }
        sb.append(shape[d]);
      }
    }
    if (constant) {
      sb.append(" (constant)");
    }
    return sb.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Tensor t
        && t.name.equals(name)
        && Arrays.equals(t.shape, shape)
        && t.constant == constant;
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, Arrays.hashCode(shape), constant);
  }

  @Override
  public String toString() {
    return describe();
  }
}
