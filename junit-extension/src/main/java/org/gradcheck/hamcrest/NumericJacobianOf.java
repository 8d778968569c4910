package org.gradcheck.hamcrest;

import java.util.Arrays;
import java.util.Objects;
import org.apiguardian.api.API;
import org.ejml.data.DMatrixRMaj;
import org.gradcheck.CheckReport;
import org.gradcheck.GradientChecker;
import org.gradcheck.Mode;
import org.gradcheck.Signature;
import org.gradcheck.VectorFunction;
import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeDiagnosingMatcher;

/**
 * The numeric Jacobian of a function, waiting for the point: {@code
 * matchesNumericJacobianOf(f).at(x)} is a matcher of an analytic m×n Jacobian that compares every
 * entry (a FULL check) under the checker's tolerance rule. Immutable.
 */
@API(status = API.Status.EXPERIMENTAL)
public final class NumericJacobianOf {
  private final VectorFunction f;
  private final GradientChecker checker;
  private final Signature signature;

  NumericJacobianOf(VectorFunction f, GradientChecker checker, Signature signature) {
    this.f = Objects.requireNonNull(f, "function f");
    this.checker = checker.toBuilder().mode(Mode.FULL).build();
    this.signature = signature;
  }

  /** The same, compared under {@code checker}'s tolerances and numeric method (mode FULL). */
  public NumericJacobianOf using(GradientChecker checker) {
    return new NumericJacobianOf(f, Objects.requireNonNull(checker, "checker"), signature);
  }

  /** The same, with named inputs and outputs so that mismatches say {@code ∂y[1]/∂W[2,3]}. */
  public NumericJacobianOf named(Signature signature) {
    return new NumericJacobianOf(f, checker, Objects.requireNonNull(signature, "signature"));
  }

  /**
   * A matcher of an analytic Jacobian of f at {@code x}; {@code x} is copied, the matched matrix is
   * not modified.
   */
  public Matcher<DMatrixRMaj> at(double[] x) {
    Objects.requireNonNull(x, "x");
    return new AtPoint(x.clone());
  }

  private final class AtPoint extends TypeSafeDiagnosingMatcher<DMatrixRMaj> {
    private final double[] x;

    AtPoint(double[] x) {
      super(DMatrixRMaj.class);
      this.x = x;
    }

    @Override
    protected boolean matchesSafely(DMatrixRMaj analytic, Description mismatch) {
      int m = f.apply(x.clone()).length;
      if (analytic.numRows != m || analytic.numCols != x.length) {
        mismatch.appendText(
            "was a "
                + analytic.numRows
                + "×"
                + analytic.numCols
                + " matrix, but f maps R^"
                + x.length
                + " to R^"
                + m
                + ", so its Jacobian is "
                + m
                + "×"
                + x.length);
        return false;
      }
      DMatrixRMaj copy = analytic.copy();
      CheckReport report = checker.checkJacobian(f, ignored -> copy.copy(), x, signature);
      if (report.passed()) {
        return true;
      }
      ReportMismatch.describe(report, mismatch);
      return false;
    }

    @Override
    public void describeTo(Description description) {
      description
          .appendText("the numeric Jacobian of f at ")
          .appendText(Arrays.toString(x))
          .appendText(", every entry within: ")
          .appendText(checker.tolerance().rule());
    }
  }
}
