package org.gradcheck.hamcrest;

import java.util.Objects;
import org.apiguardian.api.API;
import org.ejml.data.DMatrixRMaj;
import org.gradcheck.GradientChecker;
import org.gradcheck.InvalidCheckInputException;
import org.gradcheck.Signature;
import org.gradcheck.VectorFunction;
import org.hamcrest.Matcher;

/**
 * The numeric Jacobian-vector product of a function, waiting for the point and the direction:
 * {@code matchesNumericJvpOf(f).at(x, u)} is a matcher of what a forward-mode product returns for
 * (x, u) — J·u, a {@code double[]} of f's output length — compared entry by entry with the numeric
 * derivative of t ↦ f(x + t·u) at t = 0 (a FULL check) under the checker's tolerance rule; entries
 * read {@code ∂y[i]/∂t}. Immutable.
 *
 * @since 0.2
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.2")
public final class NumericJvpOf extends NumericDerivativeOf<VectorFunction> {
  NumericJvpOf(VectorFunction f, GradientChecker checker) {
    super(f, "function f", checker, null);
  }

  /**
   * The same, compared under {@code checker}'s tolerances and numeric method (mode FULL).
   *
   * @param checker the checker whose tolerance and numeric engine to use
   * @return a new reference
   */
  public NumericJvpOf using(GradientChecker checker) {
    return new NumericJvpOf(f, checker);
  }

  /**
   * A matcher of the analytic J·u of f at {@code x} along {@code direction}.
   *
   * @param x the point; copied
   * @param direction u, one entry per input of f; copied
   * @return a matcher of a {@code double[]} of f's output length; the matched array is not modified
   * @throws InvalidCheckInputException if the direction's length is not x's
   */
  public Matcher<double[]> at(double[] x, double[] direction) {
    double[] at = Objects.requireNonNull(x, "x").clone();
    double[] u = Objects.requireNonNull(direction, "direction").clone();
    if (u.length != at.length) {
      throw new InvalidCheckInputException(
          "direction has length " + u.length + "; expected one entry per input of f, " + at.length);
    }
    VectorFunction alongU =
        t -> {
          double[] z = new double[at.length];
          for (int i = 0; i < z.length; i++) {
            z[i] = at[i] + t[0] * u[i];
          }
          return f.apply(z);
        };
    return matcher(
        double[].class,
        "JVP",
        at,
        " along " + NumericMatcher.preview("direction", u),
        analytic -> {
          int m = f.apply(at.clone()).length;
          return NumericMatcher.lengthProblem(analytic, m, "maps to R^" + m, "JVP");
        },
        analytic -> {
          DMatrixRMaj column = new DMatrixRMaj(analytic.length, 1, true, analytic.clone());
          Signature alongT = Signature.builder().input("t", 1).output("y", analytic.length).build();
          return checker.checkJacobian(alongU, ignored -> column.copy(), new double[] {0}, alongT);
        });
  }
}
