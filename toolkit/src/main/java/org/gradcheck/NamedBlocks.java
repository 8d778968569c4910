package org.gradcheck;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.ejml.data.DMatrixRMaj;

/**
 * The reading side shared by {@link Inputs}, {@link Outputs} and {@link Gradients}: named blocks,
 * each read as a fresh {@code double[]}, a fresh {@code DMatrixRMaj} or a scalar. Immutable.
 */
abstract class NamedBlocks {
  final Map<String, BlockValue> blocks;

  NamedBlocks(Map<String, BlockValue> blocks) {
    this.blocks = Collections.unmodifiableMap(new LinkedHashMap<>(blocks));
  }

  /** The blocks with {@code name} set to {@code value} (replacing an earlier value). */
  final Map<String, BlockValue> with(String name, BlockValue value) {
    Map<String, BlockValue> copy = new LinkedHashMap<>(blocks);
    copy.put(name, value);
    return copy;
  }

  static String requireName(String name) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("a block name must not be null or blank");
    }
    return name;
  }

  /** The names of the blocks present, in the order they were given. */
  public Set<String> names() {
    return blocks.keySet();
  }

  /** True if a block of that name is present. */
  public boolean contains(String name) {
    return blocks.containsKey(name);
  }

  /**
   * The named block's values, row-major, as a fresh array.
   *
   * @throws IllegalArgumentException if there is no block of that name
   */
  public double[] array(String name) {
    return block(name).data().clone();
  }

  /**
   * The named block as a fresh matrix: rows×cols for a matrix, n×1 for a vector, 1×1 for a scalar.
   *
   * @throws IllegalArgumentException if there is no block of that name, or it has rank 3 or more
   */
  public DMatrixRMaj matrix(String name) {
    BlockValue b = block(name);
    int[] shape = b.shape();
    return switch (shape.length) {
      case 0 -> DMatrixRMaj.wrap(1, 1, b.data().clone());
      case 1 -> DMatrixRMaj.wrap(shape[0], 1, b.data().clone());
      case 2 -> DMatrixRMaj.wrap(shape[0], shape[1], b.data().clone());
      default ->
          throw new IllegalArgumentException(
              "'" + name + "' has rank " + shape.length + "; read it with array(\"" + name + "\")");
    };
  }

  /**
   * The named block's only value.
   *
   * @throws IllegalArgumentException if there is no block of that name, or it has several values
   */
  public double scalar(String name) {
    BlockValue b = block(name);
    if (b.data().length != 1) {
      throw new IllegalArgumentException(
          "'"
              + name
              + "' has "
              + b.data().length
              + " values, not one; read it with array or matrix");
    }
    return b.data()[0];
  }

  private BlockValue block(String name) {
    BlockValue b = blocks.get(name);
    if (b == null) {
      throw new IllegalArgumentException("no block named '" + name + "'; have " + names());
    }
    return b;
  }

  @Override
  public boolean equals(Object o) {
    if (o == null || o.getClass() != getClass()) {
      return false;
    }
    Map<String, BlockValue> other = ((NamedBlocks) o).blocks;
    if (!other.keySet().equals(blocks.keySet())) {
      return false;
    }
    for (Map.Entry<String, BlockValue> e : blocks.entrySet()) {
      BlockValue b = other.get(e.getKey());
      if (!java.util.Arrays.equals(b.data(), e.getValue().data())
          || !java.util.Arrays.equals(b.shape(), e.getValue().shape())) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    int h = 0;
    for (Map.Entry<String, BlockValue> e : blocks.entrySet()) {
      h += e.getKey().hashCode() ^ java.util.Arrays.hashCode(e.getValue().data());
    }
    return h;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(getClass().getSimpleName()).append('{');
    String sep = "";
    for (Map.Entry<String, BlockValue> e : blocks.entrySet()) {
      sb.append(sep).append(e.getKey()).append(": ").append(e.getValue().cameAs());
      sep = ", ";
    }
    return sb.append('}').toString();
  }
}
