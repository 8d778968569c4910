package org.gradcheck;

import org.apiguardian.api.API;
import org.ejml.data.DMatrixRMaj;

/** The analytic Hessian ∇²f(x) of a scalar function: an n×n EJML matrix. */
@API(status = API.Status.STABLE, since = "0.1")
@FunctionalInterface
public interface HessianFunction {
  /**
   * Returns ∇²f(x) as a fresh n×n matrix; {@code x} is read only.
   *
   * @param x the point, length n
   * @return ∇²f(x)
   */
  DMatrixRMaj hessian(double[] x);
}
