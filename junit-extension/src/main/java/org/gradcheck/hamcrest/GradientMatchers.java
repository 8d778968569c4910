package org.gradcheck.hamcrest;

import org.apiguardian.api.API;
import org.ejml.data.DMatrixRMaj;
import org.gradcheck.CheckReport;
import org.gradcheck.GradientChecker;
import org.gradcheck.VectorFunction;
import org.hamcrest.Matcher;

/**
 * Hamcrest matchers for gradient checking. Each mismatch lists the worst entries by name and index,
 * so that a failing {@code assertThat} says where the derivative is wrong.
 *
 * <pre>{@code
 * assertThat(analytic, closeTo(expected, 1e-12));
 * assertThat(softmax.jacobian(z), matchesNumericJacobianOf(softmax::forward).at(z));
 * assertThat(checker.checkVjp(f, vjp, x), passesGradientCheck());
 * }</pre>
 */
@API(status = API.Status.EXPERIMENTAL)
public final class GradientMatchers {
  private GradientMatchers() {}

  /**
   * A {@code double[]} of the same length as {@code expected} whose every entry is within {@code
   * tolerance} of the expected one (NaN matches NaN, an infinity the same infinity). {@code
   * expected} is copied, not modified.
   */
  public static Matcher<double[]> closeTo(double[] expected, double tolerance) {
    return CloseTo.vector(expected, tolerance);
  }

  /**
   * A matrix of the same shape as {@code expected} whose every entry is within {@code tolerance} of
   * the expected one. {@code expected} is copied, not modified.
   */
  public static Matcher<DMatrixRMaj> closeTo(DMatrixRMaj expected, double tolerance) {
    return CloseTo.matrix(expected, tolerance);
  }

  /** A {@link CheckReport} that passed; the mismatch lists the worst failing entries. */
  public static Matcher<CheckReport> passesGradientCheck() {
    return new PassesGradientCheck();
  }

  /**
   * The numeric Jacobian of {@code f} under the default checker; finish with {@code .at(x)} to
   * match an analytic Jacobian (DMatrixRMaj, m×n) at x entry by entry.
   */
  public static NumericJacobianOf matchesNumericJacobianOf(VectorFunction f) {
    return new NumericJacobianOf(f, GradientChecker.defaults(), null);
  }
}
