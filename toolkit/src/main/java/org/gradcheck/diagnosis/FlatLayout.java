package org.gradcheck.diagnosis;

import java.util.List;

/**
 * The layout a diagnosis falls back to when it has none: one input vector {@code x} of length n and
 * one output vector {@code y} of length m, labelled as {@code Signature.anonymous(n, m)} labels
 * them.
 */
record FlatLayout(int inputSize, int outputSize) implements Layout {

  private record Vector(String name, int size) implements Block {
    @Override
    public int[] shape() {
      return new int[] {size};
    }

    @Override
    public int rank() {
      return 1;
    }

    @Override
    public boolean constant() {
      return false;
    }
  }

  FlatLayout {
    if (inputSize < 1 || outputSize < 1) {
      throw new IllegalArgumentException(
          "a flat layout needs n, m ≥ 1, got n = " + inputSize + ", m = " + outputSize);
    }
  }

  @Override
  public List<Block> inputs() {
    return List.of(new Vector("x", inputSize));
  }

  @Override
  public List<Block> outputs() {
    return List.of(new Vector("y", outputSize));
  }

  @Override
  public int inputOffset(String name) {
    return offset(name, "x");
  }

  @Override
  public int outputOffset(String name) {
    return offset(name, "y");
  }

  private static int offset(String name, String expected) {
    if (!expected.equals(name)) {
      throw new IllegalArgumentException("no block named '" + name + "'; have [" + expected + "]");
    }
    return 0;
  }

  @Override
  public int inputTensorIndex(int flat) {
    check(flat, inputSize, "input");
    return 0;
  }

  @Override
  public String inputLabel(int flat) {
    check(flat, inputSize, "input");
    return "x[" + flat + "]";
  }

  @Override
  public String outputLabel(int flat) {
    check(flat, outputSize, "output");
    return "y[" + flat + "]";
  }

  private static void check(int flat, int size, String kind) {
    if (flat < 0 || flat >= size) {
      throw new IndexOutOfBoundsException(
          kind + " index " + flat + " outside the flat " + kind + " of length " + size);
    }
  }

  @Override
  public int[] differentiableInputIndices() {
    int[] all = new int[inputSize];
    for (int i = 0; i < inputSize; i++) {
      all[i] = i;
    }
    return all;
  }

  @Override
  public double[] inputArray(double[] flat, String name) {
    offset(name, "x");
    if (flat.length != inputSize) {
      throw new IllegalArgumentException(
          "flat input has length " + flat.length + ", expected " + inputSize);
    }
    return flat.clone();
  }
}
