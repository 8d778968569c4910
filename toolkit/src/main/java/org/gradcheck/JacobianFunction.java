package org.gradcheck;

import org.apiguardian.api.API;
import org.ejml.data.DMatrixRMaj;

/**
 * The analytic Jacobian J(x) of a {@link VectorFunction}: an m×n EJML matrix, J[i,j] = ∂f_i/∂x_j.
 */
@API(status = API.Status.STABLE, since = "0.1")
@FunctionalInterface
public interface JacobianFunction {
  /**
   * Returns J(x) as a fresh m×n matrix; {@code x} is read only.
   *
   * @param x the point, length n
   * @return J(x)
   */
  DMatrixRMaj jacobian(double[] x);
}
