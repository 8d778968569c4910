package org.gradcheck.generate;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;
import org.apiguardian.api.API;

/**
 * Draws values of one input domain (vectors in a box, logits, simplex points, one-hot labels, …)
 * from a recorded source of {@link Choices}. Shrinking works on the recorded choices and replays
 * the generator ({@link Shrinker}), so every shrunk value is one this generator could have drawn:
 * valid by construction. {@link #violation(Object)} states the domain precisely where it is known.
 *
 * <p>Implementations are stateless and thread-safe: the only source of randomness is the {@link
 * Choices}, so a seed (or a recorded sequence) reproduces a value exactly.
 *
 * @param <T> the type of value, e.g. {@code double[]} or EJML {@code DMatrixRMaj}
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public interface Generator<T> {

  /** Draws one value of the domain; only {@code choices} is consulted. */
  T draw(Choices choices);

  /**
   * Why {@code value} lies outside this generator's domain (naming the offending index and what was
   * expected), or empty if it lies inside — or if the domain is not known (e.g. after {@link
   * #map(Function)}).
   */
  default Optional<String> violation(T value) {
    return Optional.empty();
  }

  /**
   * A short description of the domain, used as the input kind in reports, e.g. {@code one-hot(5)}.
   */
  String kind();

  /** The names of the edge cases this generator mixes in, e.g. {@code zeros}, {@code ties}. */
  default List<String> edgeCases() {
    return List.of();
  }

  /** Draws one value from fresh choices of {@code random}, without edge cases. */
  default T generate(RandomGenerator random) {
    return draw(Choices.random(random));
  }

  /** True if {@code value} lies in the domain. */
  default boolean accepts(T value) {
    return violation(value).isEmpty();
  }

  /**
   * The same domain seen through a bijection: values are {@code to.apply(t)}, and validity is
   * checked on {@code from.apply(u)}. Used e.g. to see a matrix generator as a flat {@code
   * double[]} one.
   */
  default <U> Generator<U> map(Function<T, U> to, Function<U, T> from, String kind) {
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(from, "from");
    return new DrawnGenerator<>(
        kind, c -> to.apply(draw(c)), u -> violation(from.apply(u)), edgeCases());
  }

  /** The images of this generator's values under {@code f}; the domain is not checked. */
  default <U> Generator<U> map(Function<? super T, ? extends U> f) {
    Objects.requireNonNull(f, "f");
    return new DrawnGenerator<>(
        kind() + " mapped", c -> f.apply(draw(c)), u -> Optional.empty(), edgeCases());
  }

  /**
   * The values that satisfy {@code keep}, drawn by rejection: at most {@value
   * DrawnGenerator#MAX_REJECTIONS} draws in a row may be rejected, then {@link
   * FilterExhaustedException} names this generator.
   */
  default Generator<T> filter(Predicate<? super T> keep) {
    return DrawnGenerator.filtered(this, keep, u -> Optional.empty(), kind() + " filtered");
  }

  /**
   * A dependent draw: a value of this generator picks the generator of the result, e.g. a number of
   * classes, then logits of that size. Shrinking shrinks both, the first draw included.
   */
  default <U> Generator<U> flatMap(Function<? super T, ? extends Generator<U>> f) {
    Objects.requireNonNull(f, "f");
    return new DrawnGenerator<>(
        kind() + " flat-mapped", c -> f.apply(draw(c)).draw(c), u -> Optional.empty(), edgeCases());
  }
}
