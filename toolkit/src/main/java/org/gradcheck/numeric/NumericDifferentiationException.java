package org.gradcheck.numeric;

import org.apiguardian.api.API;

/**
 * Numeric differentiation could not produce a trustworthy number: the input, the function or the
 * step is unusable. The message names the problem, the input index and what was expected.
 */
@API(status = API.Status.STABLE, since = "0.1")
public class NumericDifferentiationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception with a specific message.
   *
   * @param message what went wrong
   */
  public NumericDifferentiationException(String message) {
    super(message);
  }

  /**
   * Creates the exception with a specific message and the user's exception as cause.
   *
   * @param message what went wrong
   * @param cause the exception that caused this one
   */
  public NumericDifferentiationException(String message, Throwable cause) {
    super(message, cause);
  }
}
