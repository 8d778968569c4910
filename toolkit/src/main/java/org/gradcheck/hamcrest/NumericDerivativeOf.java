package org.gradcheck.hamcrest;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.gradcheck.CheckReport;
import org.gradcheck.GradientChecker;
import org.gradcheck.Mode;
import org.gradcheck.Signature;
import org.hamcrest.Matcher;

/**
 * What the numeric references {@link NumericGradientOf}, {@link NumericJacobianOf}, {@link
 * NumericVjpOf} and {@link NumericJvpOf} share: the function under test, the checker (always mode
 * FULL) and the optional signature, and how their matchers are described. Each subclass adds only
 * its point ({@code at}) and how the derivative is checked there. Immutable.
 *
 * @param <F> the function under test's type
 */
abstract class NumericDerivativeOf<F> {
  /** The function under test; never modified. */
  final F f;

  /** The checker with mode FULL. */
  final GradientChecker checker;

  /** Names and shapes of the inputs and outputs, or {@code null} for anonymous entries. */
  final Signature signature;

  /**
   * @param f the function under test
   * @param name what to call a null {@code f}, e.g. {@code function loss}
   * @param checker the checker whose tolerance and numeric engine to use (its mode becomes FULL)
   * @param signature names and shapes, or {@code null}
   */
  NumericDerivativeOf(F f, String name, GradientChecker checker, Signature signature) {
    this.f = Objects.requireNonNull(f, name);
    this.checker = Objects.requireNonNull(checker, "checker").toBuilder().mode(Mode.FULL).build();
    this.signature = signature;
  }

  /**
   * A matcher described as {@code the numeric FORM of f at x = double[n] [v0, …]SUFFIX, every entry
   * within: RULE}.
   *
   * @param form the derivative, e.g. {@code gradient}
   * @param at the point (already copied)
   * @param suffix what else the point is, e.g. {@code for upstream = double[3] [1.0, …]}, or empty
   * @param shapeProblem what is wrong with the matched value's shape (then no check runs), or empty
   * @param check the check of a value of the right shape (the value is not modified)
   */
  final <T> Matcher<T> matcher(
      Class<T> type,
      String form,
      double[] at,
      String suffix,
      Function<T, Optional<String>> shapeProblem,
      Function<T, CheckReport> check) {
    return new NumericMatcher<>(
        type,
        "the numeric " + form + " of f at " + NumericMatcher.preview("x", at) + suffix,
        checker.tolerance(),
        shapeProblem,
        check);
  }
}
