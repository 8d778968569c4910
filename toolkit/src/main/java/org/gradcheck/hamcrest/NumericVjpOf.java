package org.gradcheck.hamcrest;

import java.util.Objects;
import org.apiguardian.api.API;
import org.gradcheck.GradientChecker;
import org.gradcheck.InvalidCheckInputException;
import org.gradcheck.VectorFunction;
import org.hamcrest.Matcher;

/**
 * The numeric vector-Jacobian product of a function, waiting for the point and the upstream vector:
 * {@code matchesNumericVjpOf(f).at(x, g)} is a matcher of what a backward pass returns for (x, g) —
 * Jᵀg, a {@code double[]} of x's length — compared entry by entry with the numeric gradient of x ↦
 * g·f(x) (a FULL check) under the checker's tolerance rule. Immutable.
 *
 * @since 0.2
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.2")
public final class NumericVjpOf extends NumericDerivativeOf<VectorFunction> {
  NumericVjpOf(VectorFunction f, GradientChecker checker) {
    super(f, "function f", checker, null);
  }

  /**
   * The same, compared under {@code checker}'s tolerances and numeric method (mode FULL).
   *
   * @param checker the checker whose tolerance and numeric engine to use
   * @return a new reference
   */
  public NumericVjpOf using(GradientChecker checker) {
    return new NumericVjpOf(f, checker);
  }

  /**
   * A matcher of the analytic Jᵀg of f at {@code x} for the upstream vector {@code upstream}. f is
   * not evaluated here; the check evaluates it.
   *
   * @param x the point; copied
   * @param upstream g, one entry per output of f; copied
   * @return a matcher of a {@code double[]} of x's length; the matched array is not modified; its
   *     {@code matches} throws {@link InvalidCheckInputException} if the upstream vector's length
   *     is not f's output count
   */
  public Matcher<double[]> at(double[] x, double[] upstream) {
    double[] at = Objects.requireNonNull(x, "x").clone();
    double[] g = Objects.requireNonNull(upstream, "upstream").clone();
    return matcher(
        double[].class,
        "VJP",
        at,
        " for " + NumericMatcher.preview("upstream", g),
        analytic ->
            NumericMatcher.lengthProblem(analytic, at.length, "takes R^" + at.length, "VJP"),
        analytic -> {
          double[] copy = analytic.clone();
          return checker.checkGradient(
              z -> {
                double[] y = f.apply(z);
                if (y.length != g.length) {
                  throw new InvalidCheckInputException(
                      "upstream has length "
                          + g.length
                          + "; expected one entry per output of f, "
                          + y.length);
                }
                double s = 0;
                for (int i = 0; i < g.length; i++) {
                  s += g[i] * y[i];
                }
                return s;
              },
              ignored -> copy.clone(),
              at,
              null);
        });
  }
}
