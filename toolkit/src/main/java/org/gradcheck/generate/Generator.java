package org.gradcheck.generate;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import org.apiguardian.api.API;

/**
 * Produces random values of one input domain (vectors in a box, logits, simplex points, one-hot
 * labels, …) from a seeded {@link RandomGenerator}, and proposes simpler values for shrinking a
 * failing case. Every value it generates and every candidate it proposes lies in its domain, which
 * {@link #violation(Object)} states precisely.
 *
 * <p>Implementations are stateless and thread-safe: the only source of randomness is the argument
 * of {@link #generate(RandomGenerator)}, so a seed reproduces a value exactly.
 *
 * @param <T> the type of value, e.g. {@code double[]} or EJML {@code DMatrixRMaj}
 */
@API(status = API.Status.EXPERIMENTAL)
public interface Generator<T> {

  /** Draws one value of the domain; only {@code random} is consulted. */
  T generate(RandomGenerator random);

  /**
   * Simpler candidates for {@code value}, simplest first; each lies in the domain and differs from
   * {@code value}. Empty when {@code value} is already as simple as this generator makes it. {@code
   * value} is not modified.
   */
  List<T> shrink(T value);

  /**
   * Why {@code value} lies outside this generator's domain (naming the offending index and what was
   * expected), or empty if it lies inside.
   */
  Optional<String> violation(T value);

  /**
   * A short description of the domain, used as the input kind in reports, e.g. {@code one-hot(5)}.
   */
  String kind();

  /** True if {@code value} lies in the domain. */
  default boolean accepts(T value) {
    return violation(value).isEmpty();
  }

  /**
   * The same domain seen through a bijection: values are {@code to.apply(t)}, candidates are the
   * images of this generator's candidates of {@code from.apply(u)}, and validity is checked on
   * {@code from.apply(u)}. Used e.g. to see a matrix generator as a flat {@code double[]} one.
   */
  default <U> Generator<U> map(Function<T, U> to, Function<U, T> from, String kind) {
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(kind, "kind");
    Generator<T> self = this;
    return new NamedGenerator<>(kind) {
      @Override
      public U generate(RandomGenerator random) {
        return to.apply(self.generate(random));
      }

      @Override
      public List<U> shrink(U value) {
        List<U> out = new ArrayList<>();
        for (T candidate : self.shrink(from.apply(value))) {
          out.add(to.apply(candidate));
        }
        return out;
      }

      @Override
      public Optional<String> violation(U value) {
        return self.violation(from.apply(value));
      }
    };
  }
}
