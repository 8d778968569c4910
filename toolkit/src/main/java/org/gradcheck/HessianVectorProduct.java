package org.gradcheck;

import org.apiguardian.api.API;

/** A Hessian-vector product (x, v) → ∇²f(x)·v, the usual second-order backward pass. */
@API(status = API.Status.STABLE, since = "0.1")
@FunctionalInterface
public interface HessianVectorProduct {
  /**
   * Returns ∇²f(x)·v as a fresh array of length n; neither argument is modified.
   *
   * @param x the point, length n
   * @param v the direction, length n
   * @return ∇²f(x)·v
   */
  double[] apply(double[] x, double[] v);
}
