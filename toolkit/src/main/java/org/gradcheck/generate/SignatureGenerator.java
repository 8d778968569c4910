package org.gradcheck.generate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;
import org.apiguardian.api.API;
import org.gradcheck.Signature;
import org.gradcheck.Tensor;

/**
 * Generates flat input vectors for a {@link Signature}: one generator per input tensor (constants
 * such as labels included), drawn in signature order and laid end to end. Validity is checked
 * tensor by tensor, and a violation names the tensor.
 *
 * <pre>{@code
 * Generator<double[]> inputs = SignatureGenerator.builder(signature)
 *     .input("z", Generators.logits(5, 3.0))
 *     .input("p", Generators.oneHot(5))
 *     .build();
 * }</pre>
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class SignatureGenerator implements Generator<double[]> {
  private final String kind;
  private final Signature signature;
  private final List<Generator<double[]>> parts;

  private SignatureGenerator(Signature signature, List<Generator<double[]>> parts) {
    this.kind = describe(signature, parts);
    this.signature = signature;
    this.parts = List.copyOf(parts);
  }

  private static String describe(Signature signature, List<Generator<double[]>> parts) {
    List<String> kinds = new ArrayList<>();
    for (int k = 0; k < parts.size(); k++) {
      kinds.add(signature.inputs().get(k).name() + ": " + parts.get(k).kind());
    }
    return String.join(", ", kinds);
  }

  /** Starts a generator for the inputs of {@code signature}. */
  public static Builder builder(Signature signature) {
    return new Builder(Objects.requireNonNull(signature, "signature"));
  }

  /** Collects one generator per input tensor. */
  @API(status = API.Status.EXPERIMENTAL, since = "0.1")
  public static final class Builder {
    private final Signature signature;
    private final Map<String, Generator<double[]>> byName = new LinkedHashMap<>();

    private Builder(Signature signature) {
      this.signature = signature;
    }

    /** Sets the generator of the named input tensor (its values must have the tensor's size). */
    public Builder input(String name, Generator<double[]> generator) {
      signature.input(name);
      Objects.requireNonNull(generator, () -> "generator for input '" + name + "'");
      if (byName.put(name, generator) != null) {
        throw new IllegalArgumentException("input '" + name + "' already has a generator");
      }
      return this;
    }

    /**
     * Builds the generator; every input tensor needs a generator whose values have the tensor's
     * size (checked by drawing one value with a fixed seed).
     */
    public SignatureGenerator build() {
      List<Generator<double[]>> parts = new ArrayList<>();
      SplittableRandom probe = new SplittableRandom(0);
      for (Tensor t : signature.inputs()) {
        Generator<double[]> g = byName.get(t.name());
        if (g == null) {
          throw new IllegalArgumentException(
              "input '" + t.name() + "' (" + t.describe() + ") has no generator");
        }
        int length = g.generate(probe).length;
        if (length != t.size()) {
          throw new IllegalArgumentException(
              "generator "
                  + g.kind()
                  + " for input '"
                  + t.name()
                  + "' produces length "
                  + length
                  + ", expected "
                  + t.size()
                  + " ("
                  + t.describe()
                  + ")");
        }
        parts.add(g);
      }
      return new SignatureGenerator(signature, parts);
    }
  }

  /** The signature whose flat inputs this generator produces. */
  public Signature signature() {
    return signature;
  }

  @Override
  public String kind() {
    return kind;
  }

  @Override
  public List<String> edgeCases() {
    return parts.stream().flatMap(g -> g.edgeCases().stream()).distinct().toList();
  }

  @Override
  public String toString() {
    return kind;
  }

  @Override
  public double[] draw(Choices choices) {
    Objects.requireNonNull(choices, "choices");
    double[] flat = new double[signature.inputSize()];
    int offset = 0;
    for (int k = 0; k < parts.size(); k++) {
      double[] part = parts.get(k).draw(choices);
      int size = signature.inputs().get(k).size();
      if (part.length != size) {
        throw new IllegalStateException(
            "generator for input '"
                + signature.inputs().get(k).name()
                + "' produced length "
                + part.length
                + ", expected "
                + size);
      }
      System.arraycopy(part, 0, flat, offset, size);
      offset += size;
    }
    return flat;
  }

  @Override
  public Optional<String> violation(double[] value) {
    if (value == null) {
      return Optional.of("flat input is null");
    }
    if (value.length != signature.inputSize()) {
      return Optional.of(
          "flat input has length " + value.length + ", expected " + signature.inputSize());
    }
    int offset = 0;
    for (int k = 0; k < parts.size(); k++) {
      Tensor t = signature.inputs().get(k);
      Optional<String> problem =
          parts.get(k).violation(Arrays.copyOfRange(value, offset, offset + t.size()));
      if (problem.isPresent()) {
        return Optional.of(
            "input '" + t.name() + "' (flat offset " + offset + "): " + problem.get());
      }
      offset += t.size();
    }
    return Optional.empty();
  }
}
