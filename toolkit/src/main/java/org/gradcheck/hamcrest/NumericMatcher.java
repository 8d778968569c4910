package org.gradcheck.hamcrest;

import java.util.Optional;
import java.util.function.Function;
import org.gradcheck.CheckReport;
import org.gradcheck.Tolerance;
import org.hamcrest.Description;
import org.hamcrest.TypeSafeDiagnosingMatcher;

/**
 * The matcher behind every {@code matchesNumeric…Of(f).at(…)}: the matched analytic value is
 * checked against the numeric derivative by a FULL gradient check; the description names the point
 * by its size and first values (never the whole vector), the mismatch lists the worst entries.
 *
 * @param <T> the analytic value: double[] or DMatrixRMaj
 */
final class NumericMatcher<T> extends TypeSafeDiagnosingMatcher<T> {
  private final String what;
  private final Tolerance tolerance;
  private final Function<T, Optional<String>> shapeProblem;
  private final Function<T, CheckReport> check;

  /**
   * @param what e.g. {@code the numeric gradient of f at x = double[3] [0.1, 0.2, 0.3]}
   * @param shapeProblem what is wrong with the value's shape (then no check runs), or empty
   * @param check the check of a value of the right shape (the value is not modified)
   */
  NumericMatcher(
      Class<T> type,
      String what,
      Tolerance tolerance,
      Function<T, Optional<String>> shapeProblem,
      Function<T, CheckReport> check) {
    super(type);
    this.what = what;
    this.tolerance = tolerance;
    this.shapeProblem = shapeProblem;
    this.check = check;
  }

  /** {@code name = double[n] [v0, v1, …]}: the size and the first few values. */
  static String preview(String name, double[] v) {
    return name + " = double[" + v.length + "] " + CloseTo.Grid.of(v).preview();
  }

  /**
   * What is wrong with a vector that must have {@code expected} entries, or empty: e.g. {@code a
   * double[2], but f takes R^3, so its gradient is a double[3]}.
   *
   * @param why why f's derivative has that size, e.g. {@code takes R^3}
   * @param form the derivative, e.g. {@code gradient}
   */
  static Optional<String> lengthProblem(double[] analytic, int expected, String why, String form) {
    return analytic.length == expected
        ? Optional.empty()
        : Optional.of(
            "a double["
                + analytic.length
                + "], but f "
                + why
                + ", so its "
                + form
                + " is a double["
                + expected
                + "]");
  }

  @Override
  protected boolean matchesSafely(T analytic, Description mismatch) {
    Optional<String> problem = shapeProblem.apply(analytic);
    if (problem.isPresent()) {
      mismatch.appendText("was " + problem.get());
      return false;
    }
    CheckReport report = check.apply(analytic);
    if (!report.passed()) {
      ReportMismatch.describe(report, mismatch);
    }
    return report.passed();
  }

  @Override
  public void describeTo(Description description) {
    description.appendText(what + ", every entry within: " + tolerance.rule());
  }
}
