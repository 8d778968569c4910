package org.gradcheck.generate;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * A generator of fixed-length {@code double[]} values from three plain functions. It enforces the
 * {@link Generator} contract centrally: every generated value is checked against the domain, and
 * raw shrink candidates are filtered so that only valid, distinct, changed ones are proposed.
 */
final class ArrayGenerator extends NamedGenerator<double[]> {
  private final int length;
  private final Function<RandomGenerator, double[]> sampler;
  private final Function<double[], List<double[]>> candidates;
  private final Function<double[], Optional<String>> domain;

  ArrayGenerator(
      int length,
      Function<RandomGenerator, double[]> sampler,
      Function<double[], List<double[]>> candidates,
      Function<double[], Optional<String>> domain,
      String kind) {
    super(kind);
    if (length < 1) {
      throw new IllegalArgumentException(kind + ": length must be ≥ 1, got " + length);
    }
    this.length = length;
    this.sampler = sampler;
    this.candidates = candidates;
    this.domain = domain;
  }

  @Override
  public double[] generate(RandomGenerator random) {
    Objects.requireNonNull(random, "random");
    double[] value = sampler.apply(random);
    Optional<String> problem = violation(value);
    if (problem.isPresent()) {
      throw new IllegalStateException(
          kind() + " generated a value outside its domain: " + problem.get());
    }
    return value;
  }

  @Override
  public List<double[]> shrink(double[] value) {
    if (!accepts(value)) {
      return List.of();
    }
    return validCandidates(this, value, candidates.apply(value.clone()));
  }

  @Override
  public Optional<String> violation(double[] value) {
    if (value == null) {
      return Optional.of(kind() + ": value is null");
    }
    if (value.length != length) {
      return Optional.of(kind() + ": length " + value.length + ", expected " + length);
    }
    for (int i = 0; i < value.length; i++) {
      if (!Double.isFinite(value[i])) {
        return Optional.of(kind() + ": [" + i + "] = " + value[i] + ", expected a finite number");
      }
    }
    return domain.apply(value).map(p -> kind() + ": " + p);
  }

  /** The fixed length of every value. */
  int length() {
    return length;
  }
}
