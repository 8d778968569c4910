package org.gradcheck.hamcrest;

import java.util.Objects;
import org.apiguardian.api.API;
import org.gradcheck.GradientChecker;
import org.gradcheck.ScalarFunction;
import org.gradcheck.Signature;
import org.hamcrest.Matcher;

/**
 * The numeric gradient of a scalar function (a loss), waiting for the point: {@code
 * matchesNumericGradientOf(loss).at(x)} is a matcher of an analytic gradient (a {@code double[]} of
 * x's length) that compares every entry (a FULL check) under the checker's tolerance rule.
 * Immutable.
 *
 * @since 0.2
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.2")
public final class NumericGradientOf extends NumericDerivativeOf<ScalarFunction> {
  NumericGradientOf(ScalarFunction loss, GradientChecker checker, Signature signature) {
    super(loss, "function loss", checker, signature);
  }

  /**
   * The same, compared under {@code checker}'s tolerances and numeric method (mode FULL).
   *
   * @param checker the checker whose tolerance and numeric engine to use
   * @return a new reference
   */
  public NumericGradientOf using(GradientChecker checker) {
    return new NumericGradientOf(f, checker, signature);
  }

  /**
   * The same, with named inputs (one scalar output) so that mismatches say {@code ∂f/∂W[2,3]}.
   *
   * @param signature the inputs' names and shapes
   * @return a new reference
   */
  public NumericGradientOf named(Signature signature) {
    return new NumericGradientOf(f, checker, Objects.requireNonNull(signature, "signature"));
  }

  /**
   * A matcher of an analytic gradient of the loss at {@code x}.
   *
   * @param x the point; copied
   * @return a matcher of a {@code double[]} of x's length; the matched array is not modified
   */
  public Matcher<double[]> at(double[] x) {
    double[] at = Objects.requireNonNull(x, "x").clone();
    return matcher(
        double[].class,
        "gradient",
        at,
        "",
        analytic ->
            NumericMatcher.lengthProblem(analytic, at.length, "takes R^" + at.length, "gradient"),
        analytic -> {
          double[] copy = analytic.clone();
          return checker.checkGradient(f, ignored -> copy.clone(), at, signature);
        });
  }
}
