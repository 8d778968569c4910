package org.gradcheck.registry;

import org.apiguardian.api.API;

/** The forms in which a {@link GradientRule} can provide its analytic derivative. */
@API(status = API.Status.EXPERIMENTAL)
public enum DerivativeForm {
  /** A full Jacobian matrix. */
  JACOBIAN,
  /** A backward pass (vector-Jacobian product). */
  VJP,
  /** A forward-mode product (Jacobian-vector product). */
  JVP
}
