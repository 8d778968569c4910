package org.gradcheck.float32;

import org.apiguardian.api.API;

/**
 * The analytic Jacobian J(x) of a {@link FloatVectorFunction} in single precision: {@code m} rows
 * of length {@code n}, J[i][j] = ∂f_i/∂x_j (for a Hessian: the Jacobian of the gradient).
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.2")
@FunctionalInterface
public interface FloatJacobianFunction {
  /** Returns J(x) as fresh rows; {@code x} is read only. */
  float[][] jacobian(float[] x);
}
