package org.gradcheck.generate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The common part of the generators in this package: the kind they report, and the filter that
 * keeps the {@link Generator#shrink} contract (candidates valid, distinct and different from the
 * value).
 */
abstract class NamedGenerator<T> implements Generator<T> {
  private final String kind;

  NamedGenerator(String kind) {
    this.kind = kind;
  }

  @Override
  public final String kind() {
    return kind;
  }

  @Override
  public final String toString() {
    return kind;
  }

  /**
   * The raw candidates that lie in {@code generator}'s domain, differ from value and each other.
   */
  static List<double[]> validCandidates(
      Generator<double[]> generator, double[] value, List<double[]> raw) {
    List<double[]> out = new ArrayList<>();
    for (double[] candidate : raw) {
      if (candidate != null
          && !Arrays.equals(candidate, value)
          && generator.accepts(candidate)
          && out.stream().noneMatch(c -> Arrays.equals(c, candidate))) {
        out.add(candidate);
      }
    }
    return out;
  }
}
