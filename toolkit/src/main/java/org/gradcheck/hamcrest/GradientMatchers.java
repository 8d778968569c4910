package org.gradcheck.hamcrest;

import java.util.Objects;
import org.apiguardian.api.API;
import org.ejml.data.DMatrixRMaj;
import org.gradcheck.CheckReport;
import org.gradcheck.ExpectedFailure;
import org.gradcheck.Finding;
import org.gradcheck.GradientChecker;
import org.gradcheck.ScalarFunction;
import org.gradcheck.VectorFunction;
import org.gradcheck.registry.GradientRegistry;
import org.gradcheck.registry.GradientRule;
import org.gradcheck.registry.RuleReport;
import org.gradcheck.registry.VerificationConfig;
import org.hamcrest.Matcher;

/**
 * Hamcrest matchers for gradient checking, each typed by what it matches (a wrong type does not
 * compile). Each mismatch lists the worst entries by name and index, so that a failing {@code
 * assertThat} says where the derivative is wrong; descriptions name a point by its size and first
 * values, never the whole vector.
 *
 * <pre>{@code
 * assertThat(analytic, elementsCloseTo(expected, 1e-12));
 * assertThat(loss.gradient(x), matchesNumericGradientOf(loss::value).at(x));
 * assertThat(softmax.jacobian(z), matchesNumericJacobianOf(softmax::forward).at(z));
 * assertThat(layer.backward(x, g), matchesNumericVjpOf(layer::forward).at(x, g));
 * assertThat(layer.forwardMode(x, u), matchesNumericJvpOf(layer::forward).at(x, u));
 * assertThat(checker.checkVjp(f, vjp, x), passesGradientCheck());
 * assertThat(checker.checkVjp(f, buggyVjp, x), failsGradientCheckWith(Finding.Kind.SIGN_FLIPPED));
 * assertThat(ReferenceRules.softmax(5), passesVerification());
 * }</pre>
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.2")
public final class GradientMatchers {
  private GradientMatchers() {}

  /**
   * A {@code double[]} of the same length as {@code expected} whose every entry is within {@code
   * tolerance} of the expected one (NaN matches NaN, an infinity the same infinity). Named so as
   * not to clash with Hamcrest's own {@code closeTo} for a number.
   *
   * @param expected the expected values; copied, not modified
   * @param tolerance the largest allowed |actual − expected|, finite and ≥ 0
   * @return the matcher
   * @since 0.2
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.2")
  public static Matcher<double[]> elementsCloseTo(double[] expected, double tolerance) {
    return CloseTo.vector(expected, tolerance);
  }

  /**
   * A matrix of the same shape as {@code expected} whose every entry is within {@code tolerance} of
   * the expected one.
   *
   * @param expected the expected matrix; copied, not modified
   * @param tolerance the largest allowed |actual − expected|, finite and ≥ 0
   * @return the matcher
   * @since 0.2
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.2")
  public static Matcher<DMatrixRMaj> elementsCloseTo(DMatrixRMaj expected, double tolerance) {
    return CloseTo.matrix(expected, tolerance);
  }

  /**
   * A {@link CheckReport} that passed; the mismatch lists the worst entries by name and index, the
   * findings and the notes.
   *
   * @return the matcher
   */
  public static Matcher<CheckReport> passesGradientCheck() {
    return new CheckReportMatcher(null);
  }

  /**
   * A {@link CheckReport} that failed with every named kind among its findings (the matcher form of
   * {@link CheckReport#assertFailed(Finding.Kind...)}); the mismatch says the check passed, or
   * which kinds are missing and which were found instead.
   *
   * @param kinds the kinds (none: any failure will do)
   * @return the matcher
   * @since 0.2
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.2")
  public static Matcher<CheckReport> failsGradientCheckWith(Finding.Kind... kinds) {
    return new CheckReportMatcher(ExpectedFailure.of(kinds));
  }

  /**
   * A registry rule that passes {@link GradientRegistry#verify} with {@link
   * VerificationConfig#defaults()}; the mismatch lists the failing points and the worst entries of
   * the first failing check.
   *
   * @return the matcher
   * @since 0.2
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.2")
  public static Matcher<GradientRule> passesVerification() {
    return passesVerification(VerificationConfig.defaults());
  }

  /**
   * Like {@link #passesVerification()}, verifying with {@code config} (points per rule, seed,
   * checker).
   *
   * @param config the verification's configuration
   * @return the matcher
   * @since 0.2
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.2")
  public static Matcher<GradientRule> passesVerification(VerificationConfig config) {
    Objects.requireNonNull(config, "config");
    return new RuleVerificationMatcher<>(
        GradientRule.class, rule -> GradientRegistry.verify(rule, config));
  }

  /**
   * A registry {@link RuleReport} that passed (a verification already run); the mismatch is that of
   * {@link #passesVerification()}.
   *
   * @return the matcher
   * @since 0.2
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.2")
  public static Matcher<RuleReport> passedVerification() {
    return new RuleVerificationMatcher<>(RuleReport.class, report -> report);
  }

  /**
   * The numeric gradient of {@code loss} under the default checker; finish with {@code .at(x)} to
   * match an analytic gradient ({@code double[]}) at x entry by entry.
   *
   * @param loss the scalar function
   * @return the reference, waiting for the point
   * @since 0.2
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.2")
  public static NumericGradientOf matchesNumericGradientOf(ScalarFunction loss) {
    return new NumericGradientOf(loss, GradientChecker.defaults(), null);
  }

  /**
   * The numeric Jacobian of {@code f} under the default checker; finish with {@code .at(x)} to
   * match an analytic Jacobian (DMatrixRMaj, m×n) at x entry by entry.
   *
   * @param f the function
   * @return the reference, waiting for the point
   */
  public static NumericJacobianOf matchesNumericJacobianOf(VectorFunction f) {
    return new NumericJacobianOf(f, GradientChecker.defaults(), null);
  }

  /**
   * The numeric vector-Jacobian product of {@code f} under the default checker; finish with {@code
   * .at(x, g)} to match what a backward pass returns for (x, g) entry by entry.
   *
   * @param f the function
   * @return the reference, waiting for the point and the upstream vector
   * @since 0.2
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.2")
  public static NumericVjpOf matchesNumericVjpOf(VectorFunction f) {
    return new NumericVjpOf(f, GradientChecker.defaults());
  }

  /**
   * The numeric Jacobian-vector product of {@code f} under the default checker; finish with {@code
   * .at(x, u)} to match what a forward-mode product returns for (x, u) entry by entry.
   *
   * @param f the function
   * @return the reference, waiting for the point and the direction
   * @since 0.2
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.2")
  public static NumericJvpOf matchesNumericJvpOf(VectorFunction f) {
    return new NumericJvpOf(f, GradientChecker.defaults());
  }
}
