package org.gradcheck;

import org.apiguardian.api.API;

/**
 * The user's analytic derivative (backward pass, JVP, gradient, Jacobian) threw. Wraps the user's
 * exception as the cause, with the role, the argument and the point in the message, so that a
 * failing check says where it broke.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public class DerivativeFailedException extends GradientCheckException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a specific message and the user's exception as cause. */
  public DerivativeFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
