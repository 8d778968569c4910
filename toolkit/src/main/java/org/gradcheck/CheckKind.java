package org.gradcheck;

import org.apiguardian.api.API;

/**
 * Which form of analytic derivative a {@link CheckReport} checked. The first three are also the
 * forms a registry rule can provide ({@link org.gradcheck.registry.DerivativeForm}, each checked as
 * the kind of the same meaning: {@link org.gradcheck.registry.DerivativeForm#checkKind()}); the
 * scalar and second-order kinds have no rule form.
 */
@API(status = API.Status.STABLE, since = "0.1")
public enum CheckKind {
  /** A full analytic Jacobian matrix ({@link JacobianFunction}). */
  JACOBIAN,
  /** A backward pass ({@link VectorJacobianProduct}). */
  VJP,
  /** A forward-mode product ({@link JacobianVectorProduct}). */
  JVP,
  /** The gradient of a scalar function ({@link GradientFunction}). */
  GRADIENT,
  /** A full analytic Hessian ({@link HessianFunction}) against the numeric Jacobian of ∇f. */
  HESSIAN,
  /** A Hessian-vector product ({@link HessianVectorProduct}) against the numeric Jacobian of ∇f. */
  HVP
}
