package org.gradcheck.numeric;

import org.apiguardian.api.API;

/**
 * The step is too small for the input: x + g·h rounds to x (or two stencil points coincide), so the
 * difference quotient would divide rounding noise by a step that was never taken.
 */
@API(status = API.Status.STABLE, since = "0.1")
public class StepUnderflowException extends NumericDifferentiationException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception with a message naming x and h.
   *
   * @param message what went wrong
   */
  public StepUnderflowException(String message) {
    super(message);
  }
}
