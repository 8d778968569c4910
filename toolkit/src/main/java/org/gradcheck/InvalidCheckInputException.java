package org.gradcheck;

import org.apiguardian.api.API;

/**
 * What a check was given cannot be checked: x is empty or not finite, x does not match the
 * signature, the function returned null, nothing or a different number of outputs, or the analytic
 * derivative returned a block of the wrong shape. The message names the input, the index and what
 * was expected.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.2")
public class InvalidCheckInputException extends GradientCheckException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a specific message. */
  public InvalidCheckInputException(String message) {
    super(message, null);
  }

  /** Creates the exception with a specific message and the exception that revealed the problem. */
  public InvalidCheckInputException(String message, Throwable cause) {
    super(message, cause);
  }
}
