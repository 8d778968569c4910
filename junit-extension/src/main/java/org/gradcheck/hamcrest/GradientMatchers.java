package org.gradcheck.hamcrest;

import java.util.Objects;
import org.apiguardian.api.API;
import org.ejml.data.DMatrixRMaj;
import org.gradcheck.CheckReport;
import org.gradcheck.GradientChecker;
import org.gradcheck.VectorFunction;
import org.gradcheck.registry.GradientRule;
import org.gradcheck.registry.RuleReport;
import org.gradcheck.registry.VerificationConfig;
import org.hamcrest.Matcher;

/**
 * Hamcrest matchers for gradient checking. Each mismatch lists the worst entries by name and index,
 * so that a failing {@code assertThat} says where the derivative is wrong.
 *
 * <pre>{@code
 * assertThat(analytic, closeTo(expected, 1e-12));
 * assertThat(softmax.jacobian(z), matchesNumericJacobianOf(softmax::forward).at(z));
 * assertThat(checker.checkVjp(f, vjp, x), passesGradientCheck());
 * assertThat(ReferenceRules.softmax(5), passesGradientCheck());
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

  /**
   * A passing gradient check: a {@link CheckReport} that passed, a registry {@link RuleReport} that
   * passed, or a {@link GradientRule} that passes verification with {@link
   * VerificationConfig#defaults()}. The mismatch lists the failing points and the worst entries by
   * name and index.
   *
   * @param <T> CheckReport, GradientRule or RuleReport; anything else does not match
   */
  @SuppressWarnings("unchecked")
  public static <T> Matcher<T> passesGradientCheck() {
    return (Matcher<T>) new PassesGradientCheck(VerificationConfig.defaults());
  }

  /**
   * Like {@link #passesGradientCheck()}, verifying a {@link GradientRule} with {@code config}
   * (points per rule, seed, checker).
   *
   * @param <T> CheckReport, GradientRule or RuleReport
   */
  @SuppressWarnings("unchecked")
  public static <T> Matcher<T> passesGradientCheck(VerificationConfig config) {
    return (Matcher<T>) new PassesGradientCheck(Objects.requireNonNull(config, "config"));
  }

  /**
   * The numeric Jacobian of {@code f} under the default checker; finish with {@code .at(x)} to
   * match an analytic Jacobian (DMatrixRMaj, m×n) at x entry by entry.
   */
  public static NumericJacobianOf matchesNumericJacobianOf(VectorFunction f) {
    return new NumericJacobianOf(f, GradientChecker.defaults(), null);
  }
}
