package org.gradcheck;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.apiguardian.api.API;
import org.ejml.data.DMatrixRMaj;
import org.gradcheck.diagnosis.Layout;

/**
 * The named, shaped inputs and outputs of a layer, laid end to end in one flat vector each. Reports
 * use it to say {@code ∂y[1]/∂W[2,3]} instead of {@code J[1][17]}; constant inputs (labels, masks)
 * are carried in the flat input but never differentiated.
 *
 * <pre>{@code
 * Signature sig = Signature.builder()
 *     .input("x", 3).input("W", 2, 3).input("b", 2).constant("labels", 2)
 *     .output("y", 2).build();
 * double[] flat = sig.pack(x, W, b, labels);   // double[] or DMatrixRMaj parts, in order
 * DMatrixRMaj w = sig.inputMatrix(flat, "W");   // a copy of one block
 * }</pre>
 */
@API(status = API.Status.STABLE, since = "0.1")
public final class Signature implements Layout {
  private final List<Tensor> inputs;
  private final List<Tensor> outputs;
  private final int[] inputOffsets;
  private final int[] outputOffsets;
  private final int inputSize;
  private final int outputSize;

  private Signature(List<Tensor> inputs, List<Tensor> outputs) {
    if (inputs.isEmpty()) {
      throw new IllegalArgumentException("a signature needs at least one input");
    }
    if (outputs.isEmpty()) {
      throw new IllegalArgumentException("a signature needs at least one output");
    }
    checkUniqueNames(inputs, "input");
    checkUniqueNames(outputs, "output");
    for (Tensor t : outputs) {
      if (t.constant()) {
        throw new IllegalArgumentException("output '" + t.name() + "' cannot be constant");
      }
    }
    this.inputs = List.copyOf(inputs);
    this.outputs = List.copyOf(outputs);
    this.inputOffsets = offsets(this.inputs);
    this.outputOffsets = offsets(this.outputs);
    this.inputSize = inputOffsets[inputOffsets.length - 1];
    this.outputSize = outputOffsets[outputOffsets.length - 1];
  }

  private static void checkUniqueNames(List<Tensor> tensors, String kind) {
    Set<String> seen = new HashSet<>();
    for (Tensor t : tensors) {
      if (!seen.add(t.name())) {
        throw new IllegalArgumentException("duplicate " + kind + " name '" + t.name() + "'");
      }
    }
  }

  private static int[] offsets(List<Tensor> tensors) {
    int[] offsets = new int[tensors.size() + 1];
    for (int k = 0; k < tensors.size(); k++) {
      offsets[k + 1] = Math.addExact(offsets[k], tensors.get(k).size());
    }
    return offsets;
  }

  /**
   * {@return a signature with one input {@code x} of length n and one output {@code y} of length m}
   *
   * @param n the input length
   * @param m the output length
   */
  public static Signature anonymous(int n, int m) {
    return builder().input("x", n).output("y", m).build();
  }

  /**
   * Starts a signature.
   *
   * @return an empty builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link Signature}; inputs and outputs keep the order in which they are added. */
  @API(status = API.Status.STABLE, since = "0.1")
  public static final class Builder {
    private final List<Tensor> inputs = new ArrayList<>();
    private final List<Tensor> outputs = new ArrayList<>();

    private Builder() {}

    /**
     * Adds a differentiated input with the given shape (no dimensions: a scalar).
     *
     * @param name the input's name, unique among the inputs
     * @param shape its dimensions, each ≥ 1
     * @return this builder
     */
    public Builder input(String name, int... shape) {
      inputs.add(new Tensor(name, shape, false));
      return this;
    }

    /**
     * Adds a constant input (labels, masks): carried in x, never differentiated.
     *
     * @param name the input's name, unique among the inputs
     * @param shape its dimensions, each ≥ 1
     * @return this builder
     */
    public Builder constant(String name, int... shape) {
      inputs.add(new Tensor(name, shape, true));
      return this;
    }

    /**
     * Adds an input tensor as given.
     *
     * @param tensor the input, differentiated or constant
     * @return this builder
     */
    public Builder input(Tensor tensor) {
      inputs.add(Objects.requireNonNull(tensor, "tensor"));
      return this;
    }

    /**
     * Adds an output with the given shape (no dimensions: a scalar).
     *
     * @param name the output's name, unique among the outputs
     * @param shape its dimensions, each ≥ 1
     * @return this builder
     */
    public Builder output(String name, int... shape) {
      outputs.add(new Tensor(name, shape, false));
      return this;
    }

    /**
     * Builds the signature; names must be unique among inputs and among outputs.
     *
     * @return the signature
     */
    public Signature build() {
      return new Signature(inputs, outputs);
    }
  }

  /** {@return the inputs in order} */
  public List<Tensor> inputs() {
    return inputs;
  }

  /** {@return the outputs in order} */
  public List<Tensor> outputs() {
    return outputs;
  }

  /** {@return length of the flat input vector (constants included)} */
  public int inputSize() {
    return inputSize;
  }

  /** {@return length of the flat output vector} */
  public int outputSize() {
    return outputSize;
  }

  /**
   * {@return index in {@link #inputs()} of the tensor holding flat input index {@code flat}}
   *
   * @param flat a position in the flat vector
   */
  public int inputTensorIndex(int flat) {
    return tensorIndex(inputOffsets, flat, inputSize, "input");
  }

  /**
   * {@return index in {@link #outputs()} of the tensor holding flat output index {@code flat}}
   *
   * @param flat a position in the flat vector
   */
  public int outputTensorIndex(int flat) {
    return tensorIndex(outputOffsets, flat, outputSize, "output");
  }

  private static int tensorIndex(int[] offsets, int flat, int size, String kind) {
    if (flat < 0 || flat >= size) {
      throw new IndexOutOfBoundsException(
          kind + " index " + flat + " outside the flat " + kind + " of length " + size);
    }
    int lo = 0;
    int hi = offsets.length - 2;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (offsets[mid] <= flat) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return lo;
  }

  /**
   * {@return the input tensor holding flat input index {@code flat}}
   *
   * @param flat a position in the flat vector
   */
  public Tensor inputAt(int flat) {
    return inputs.get(inputTensorIndex(flat));
  }

  /**
   * {@return the output tensor holding flat output index {@code flat}}
   *
   * @param flat a position in the flat vector
   */
  public Tensor outputAt(int flat) {
    return outputs.get(outputTensorIndex(flat));
  }

  /**
   * {@return the label of flat input index {@code flat}, e.g. {@code W[2,3]}}
   *
   * @param flat a position in the flat vector
   */
  public String inputLabel(int flat) {
    int k = inputTensorIndex(flat);
    return inputs.get(k).label(flat - inputOffsets[k]);
  }

  /**
   * {@return the label of flat output index {@code flat}, e.g. {@code y[1]}}
   *
   * @param flat a position in the flat vector
   */
  public String outputLabel(int flat) {
    int k = outputTensorIndex(flat);
    return outputs.get(k).label(flat - outputOffsets[k]);
  }

  /**
   * {@return the label of one Jacobian entry, e.g. {@code ∂y[1]/∂W[2,3]}}
   *
   * @param output the flat output index
   * @param input the flat input index
   */
  public String entryLabel(int output, int input) {
    return "∂" + outputLabel(output) + "/∂" + inputLabel(input);
  }

  /**
   * {@return true if flat input index {@code flat} belongs to a constant tensor}
   *
   * @param flat a position in the flat vector
   */
  public boolean isConstantInput(int flat) {
    return inputAt(flat).constant();
  }

  /** {@return the flat indices of all differentiated inputs, ascending} */
  public int[] differentiableInputIndices() {
    int count = 0;
    for (Tensor t : inputs) {
      if (!t.constant()) {
        count += t.size();
      }
    }
    int[] indices = new int[count];
    int next = 0;
    for (int k = 0; k < inputs.size(); k++) {
      if (!inputs.get(k).constant()) {
        for (int i = inputOffsets[k]; i < inputOffsets[k + 1]; i++) {
          indices[next++] = i;
        }
      }
    }
    return indices;
  }

  /**
   * {@return offset of the named input in the flat input vector}
   *
   * @param name the tensor name
   */
  public int inputOffset(String name) {
    return inputOffsets[indexOf(inputs, name, "input")];
  }

  /**
   * {@return offset of the named output in the flat output vector}
   *
   * @param name the tensor name
   */
  public int outputOffset(String name) {
    return outputOffsets[indexOf(outputs, name, "output")];
  }

  /**
   * {@return the named input tensor}
   *
   * @param name the tensor name
   */
  public Tensor input(String name) {
    return inputs.get(indexOf(inputs, name, "input"));
  }

  /**
   * {@return the named output tensor}
   *
   * @param name the tensor name
   */
  public Tensor output(String name) {
    return outputs.get(indexOf(outputs, name, "output"));
  }

  private static int indexOf(List<Tensor> tensors, String name, String kind) {
    for (int k = 0; k < tensors.size(); k++) {
      if (tensors.get(k).name().equals(name)) {
        return k;
      }
    }
    List<String> names = tensors.stream().map(Tensor::name).toList();
    throw new IllegalArgumentException("no " + kind + " named '" + name + "'; have " + names);
  }

  /**
   * Lays the given parts end to end into a fresh flat input vector. Each part is a {@code
   * double[]}, a {@code DMatrixRMaj} or a {@code Number}, in the order of {@link #inputs()}; sizes
   * must match.
   *
   * @param parts one value per input tensor, in order: a double (scalar), double[] or DMatrixRMaj
   * @return lays the given parts end to end into a fresh flat input vector
   */
  public double[] pack(Object... parts) {
    Objects.requireNonNull(parts, "parts");
    if (parts.length != inputs.size()) {
      throw new IllegalArgumentException(
          "expected " + inputs.size() + " parts " + names(inputs) + ", got " + parts.length);
    }
    double[] flat = new double[inputSize];
    for (int k = 0; k < parts.length; k++) {
      Tensor t = inputs.get(k);
      double[] data = dataOf(parts[k], t);
      System.arraycopy(data, 0, flat, inputOffsets[k], t.size());
    }
    return flat;
  }

  private static double[] dataOf(Object part, Tensor t) {
    if (part == null) {
      throw new IllegalArgumentException("part for input '" + t.name() + "' is null");
    }
    double[] data;
    int size;
    if (part instanceof double[] array) {
      data = array;
      size = array.length;
    } else if (part instanceof DMatrixRMaj m) {
      if (t.rank() == 2 && (m.numRows != t.shape()[0] || m.numCols != t.shape()[1])) {
        throw new IllegalArgumentException(
            "input '"
                + t.name()
                + "' expects shape "
                + t.describe()
                + ", got a "
                + m.numRows
                + "×"
                + m.numCols
                + " matrix");
      }
      data = m.data;
      size = m.getNumElements();
    } else if (part instanceof Number number) {
      data = new double[] {number.doubleValue()};
      size = 1;
    } else {
      throw new IllegalArgumentException(
          "part for input '"
              + t.name()
              + "' must be double[], DMatrixRMaj or Number, got "
              + part.getClass().getName());
    }
    if (size != t.size()) {
      throw new IllegalArgumentException(
          "input '"
              + t.name()
              + "' ("
              + t.describe()
              + ") has "
              + t.size()
              + " elements, got "
              + size);
    }
    return data;
  }

  private static List<String> names(List<Tensor> tensors) {
    return tensors.stream().map(Tensor::name).toList();
  }

  /**
   * {@return a copy of the named input's block of {@code flat}}
   *
   * @param flat the flat vector
   * @param name the tensor name
   */
  public double[] inputArray(double[] flat, String name) {
    checkLength(flat, inputSize, "flat input");
    int k = indexOf(inputs, name, "input");
    double[] out = new double[inputs.get(k).size()];
    System.arraycopy(flat, inputOffsets[k], out, 0, out.length);
    return out;
  }

  /**
   * {@return a copy of the named input's block of {@code flat} as a matrix: rows×cols for a matrix,
   * n×1 for a vector, 1×1 for a scalar}
   *
   * @param flat the flat vector
   * @param name the tensor name
   */
  public DMatrixRMaj inputMatrix(double[] flat, String name) {
    Tensor t = input(name);
    double[] data = inputArray(flat, name);
    int[] shape = t.shape();
    int rows = shape.length == 0 ? 1 : shape[0];
    int cols = shape.length == 2 ? shape[1] : 1;
    return DMatrixRMaj.wrap(rows, cols, data);
  }

  /**
   * {@return a copy of the named output's block of a flat output vector}
   *
   * @param flat the flat vector
   * @param name the tensor name
   */
  public double[] outputArray(double[] flat, String name) {
    checkLength(flat, outputSize, "flat output");
    int k = indexOf(outputs, name, "output");
    double[] out = new double[outputs.get(k).size()];
    System.arraycopy(flat, outputOffsets[k], out, 0, out.length);
    return out;
  }

  private static void checkLength(double[] flat, int expected, String what) {
    Objects.requireNonNull(flat, what);
    if (flat.length != expected) {
      throw new IllegalArgumentException(
          what + " has length " + flat.length + ", expected " + expected);
    }
  }

  @Override
  public String toString() {
    return "inputs "
        + inputs.stream().map(Tensor::describe).toList()
        + " → outputs "
        + outputs.stream().map(Tensor::describe).toList();
  }
}
