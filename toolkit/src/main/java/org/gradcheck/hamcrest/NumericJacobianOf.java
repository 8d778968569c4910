package org.gradcheck.hamcrest;

import java.util.Objects;
import java.util.Optional;
import org.apiguardian.api.API;
import org.ejml.data.DMatrixRMaj;
import org.gradcheck.GradientChecker;
import org.gradcheck.Signature;
import org.gradcheck.VectorFunction;
import org.hamcrest.Matcher;

/**
 * The numeric Jacobian of a function, waiting for the point: {@code
 * matchesNumericJacobianOf(f).at(x)} is a matcher of an analytic m×n Jacobian that compares every
 * entry (a FULL check) under the checker's tolerance rule. Immutable.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.2")
public final class NumericJacobianOf extends NumericDerivativeOf<VectorFunction> {
  NumericJacobianOf(VectorFunction f, GradientChecker checker, Signature signature) {
    super(f, "function f", checker, signature);
  }

  /** The same, compared under {@code checker}'s tolerances and numeric method (mode FULL). */
  public NumericJacobianOf using(GradientChecker checker) {
    return new NumericJacobianOf(f, checker, signature);
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
    double[] at = Objects.requireNonNull(x, "x").clone();
    return matcher(
        DMatrixRMaj.class,
        "Jacobian",
        at,
        "",
        analytic -> {
          int m = f.apply(at.clone()).length;
          return analytic.numRows == m && analytic.numCols == at.length
              ? Optional.empty()
              : Optional.of(
                  "a "
                      + analytic.numRows
                      + "×"
                      + analytic.numCols
                      + " matrix, but f maps R^"
                      + at.length
                      + " to R^"
                      + m
                      + ", so its Jacobian is "
                      + m
                      + "×"
                      + at.length);
        },
        analytic -> {
          DMatrixRMaj copy = analytic.copy();
          return checker.checkJacobian(f, ignored -> copy.copy(), at, signature);
        });
  }
}
