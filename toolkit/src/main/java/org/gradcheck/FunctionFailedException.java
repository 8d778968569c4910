package org.gradcheck;

import org.apiguardian.api.API;

/**
 * The function under test (or, in a second-order check, the trusted gradient) threw, or returned
 * NaN/Inf at x itself, so there is nothing to differentiate. The user's exception is the cause; the
 * message says where.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.2")
public class FunctionFailedException extends GradientCheckException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a specific message and the user's exception as cause. */
  public FunctionFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
