package org.gradcheck.generate;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The one implementation of {@link Generator} in this package: a draw function, a domain check
 * applied to every drawn value, and the names of the edge cases the draw mixes in.
 */
final class DrawnGenerator<T> implements Generator<T> {
  /** How many draws in a row a filter may reject. */
  static final int MAX_REJECTIONS = 1000;

  private final String kind;
  private final Function<Choices, T> drawer;
  private final Function<T, Optional<String>> domain;
  private final List<String> edgeCases;

  DrawnGenerator(
      String kind,
      Function<Choices, T> drawer,
      Function<T, Optional<String>> domain,
      List<String> edgeCases) {
    this.kind = java.util.Objects.requireNonNull(kind, "kind");
    this.drawer = drawer;
    this.domain = domain;
    this.edgeCases = List.copyOf(edgeCases);
  }

  /** The values of {@code base} that {@code keep} accepts, with {@code extra} as domain check. */
  static <T> Generator<T> filtered(
      Generator<T> base,
      Predicate<? super T> keep,
      Function<T, Optional<String>> extra,
      String kind) {
    java.util.Objects.requireNonNull(keep, "keep");
    return new DrawnGenerator<>(
        kind,
        c -> {
          for (int attempt = 0; attempt < MAX_REJECTIONS; attempt++) {
            T value = base.draw(c);
            if (keep.test(value)) {
              return value;
            }
          }
          throw new FilterExhaustedException(
              kind
                  + ": the filter rejected "
                  + MAX_REJECTIONS
                  + " draws in a row of "
                  + base.kind()
                  + "; draw values in the wanted region directly instead of filtering");
        },
        v -> {
          Optional<String> problem = base.violation(v);
          return problem.isPresent() ? problem : extra.apply(v).map(p -> kind + ": " + p);
        },
        base.edgeCases());
  }

  @Override
  public T draw(Choices choices) {
    T value = drawer.apply(java.util.Objects.requireNonNull(choices, "choices"));
    Optional<String> problem = violation(value);
    if (problem.isPresent()) {
      throw new IllegalStateException(kind + " drew a value outside its domain: " + problem.get());
    }
    return value;
  }

  @Override
  public Optional<String> violation(T value) {
    if (value == null) {
      return Optional.of(kind + ": value is null");
    }
    return domain.apply(value);
  }

  @Override
  public String kind() {
    return kind;
  }

  @Override
  public List<String> edgeCases() {
    return edgeCases;
  }

  @Override
  public String toString() {
    return kind;
  }
}
