package org.gradcheck;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apiguardian.api.API;
import org.ejml.data.DMatrixRMaj;

/**
 * The inputs of a {@link Signature} by name, constants included: the point of a named check, and
 * what a named forward, backward, JVP, Jacobian, loss or gradient reads. Each read returns a fresh
 * copy ({@link #array}, {@link #matrix}, {@link #scalar}), so user code cannot change the point.
 *
 * <p>The point of a check is built value by value; each {@code put} returns a new instance:
 *
 * <pre>{@code
 * Inputs at = Inputs.of(signature).put("X", x).put("W", w).put("b", b);
 * }</pre>
 *
 * <p>A name the signature does not declare, or a value of the wrong shape, is refused at once; an
 * input left out is reported when the check starts. A matrix value must have the declared rows and
 * columns; a {@code double[]} (row-major) or a scalar only the declared number of values. As the
 * tangent of a {@link NamedJvp}, the constants' values are zero. Immutable.
 *
 * @since 0.2
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.2")
public final class Inputs extends NamedBlocks {
  private final Signature signature;

  private Inputs(Signature signature, Map<String, BlockValue> blocks) {
    super(blocks);
    this.signature = signature;
  }

  /**
   * No input yet: the start of a point of {@code signature}.
   *
   * @param signature the inputs' names and shapes
   * @return an empty point of that signature
   */
  public static Inputs of(Signature signature) {
    return new Inputs(Objects.requireNonNull(signature, "signature"), Map.of());
  }

  /**
   * Every input of {@code signature}, cut from a flat vector laid out as the signature says
   * (constants included).
   *
   * @param signature the inputs' names and shapes
   * @param flat the flat input vector of length {@link Signature#inputSize()} (copied)
   * @return the inputs by name
   * @throws InvalidCheckInputException if the length differs from the signature's input size
   */
  public static Inputs of(Signature signature, double[] flat) {
    Objects.requireNonNull(signature, "signature");
    Objects.requireNonNull(flat, "flat input");
    if (flat.length != signature.inputSize()) {
      throw new InvalidCheckInputException(
          "the flat input has length "
              + flat.length
              + " but the signature declares "
              + signature.inputSize()
              + " values "
              + describe(signature.inputs()));
    }
    return sliced(signature, flat, false);
  }

  /** A tangent of the signature's inputs from a flat vector, with the constants' values zero. */
  static Inputs tangent(Signature signature, double[] flat) {
    return sliced(signature, flat, true);
  }

  private static Inputs sliced(Signature signature, double[] flat, boolean zeroConstants) {
    Map<String, BlockValue> blocks = new java.util.LinkedHashMap<>();
    int offset = 0;
    for (Tensor t : signature.inputs()) {
      double[] data = new double[t.size()];
      if (!(zeroConstants && t.constant())) {
        System.arraycopy(flat, offset, data, 0, data.length);
      }
      blocks.put(t.name(), new BlockValue(data, t.shape()));
      offset += data.length;
    }
    return new Inputs(signature, blocks);
  }

  /**
   * This point with input {@code name} set to {@code values} (row-major; copied).
   *
   * @param name an input of the signature
   * @param values as many values as the input has
   * @return a new point
   * @throws InvalidCheckInputException if the signature has no such input or the length differs
   */
  public Inputs put(String name, double[] values) {
    return put(name, BlockValue.of(requireName(name), values));
  }

  /**
   * This point with input {@code name} set to {@code values} (copied).
   *
   * @param name an input of the signature
   * @param values a matrix of the declared rows and columns (n×1 or 1×n for a vector)
   * @return a new point
   * @throws InvalidCheckInputException if the signature has no such input or the shape differs
   */
  public Inputs put(String name, DMatrixRMaj values) {
    return put(name, BlockValue.of(requireName(name), values));
  }

  /**
   * This point with the scalar input {@code name} set to {@code value}.
   *
   * @param name a scalar (or one-element) input of the signature
   * @param value its value
   * @return a new point
   * @throws InvalidCheckInputException if the signature has no such input or it is not a scalar
   */
  public Inputs put(String name, double value) {
    return put(requireName(name), BlockValue.of(value));
  }

  private Inputs put(String name, BlockValue value) {
    Tensor t = declared(name);
    if (!value.fits(t)) {
      throw new InvalidCheckInputException(
          "input '" + name + "' was given as " + value.cameAs() + "; expected " + t.describe());
    }
    return new Inputs(signature, with(name, new BlockValue(value.data(), t.shape())));
  }

  private Tensor declared(String name) {
    for (Tensor t : signature.inputs()) {
      if (t.name().equals(name)) {
        return t;
      }
    }
    throw new InvalidCheckInputException(
        "the signature has no input '"
            + name
            + "'; its inputs are "
            + describe(signature.inputs()));
  }

  /**
   * The signature these inputs belong to.
   *
   * @return the signature
   */
  public Signature signature() {
    return signature;
  }

  /**
   * The flat input vector laid out as the signature says (constants included), a fresh array.
   *
   * @return the values of every input, end to end
   * @throws InvalidCheckInputException naming the first input that has no value
   */
  public double[] toArray() {
    double[] flat = new double[signature.inputSize()];
    int offset = 0;
    for (Tensor t : signature.inputs()) {
      BlockValue b = blocks.get(t.name());
      if (b == null) {
        List<String> given = new ArrayList<>(names());
        throw new InvalidCheckInputException(
            "the point has no value for input '"
                + t.name()
                + "' (expected "
                + t.describe()
                + "); it has "
                + given
                + " — add it with put(\""
                + t.name()
                + "\", …)");
      }
      System.arraycopy(b.data(), 0, flat, offset, t.size());
      offset += t.size();
    }
    return flat;
  }

  static String describe(List<Tensor> tensors) {
    return tensors.stream().map(Tensor::describe).toList().toString();
  }

  @Override
  public boolean equals(Object o) {
    return super.equals(o) && ((Inputs) o).signature.inputs().equals(signature.inputs());
  }

  @Override
  public int hashCode() {
    return super.hashCode();
  }
}
