package org.gradcheck;

import org.apiguardian.api.API;

/**
 * The root of every exception a check throws instead of a verdict: the input was unusable ({@link
 * InvalidCheckInputException}), the function under test threw ({@link FunctionFailedException}),
 * the analytic derivative threw ({@link DerivativeFailedException}), or the check was interrupted
 * ({@link CheckInterruptedException}). A wrong derivative is never an exception: it is a failed
 * {@link CheckReport}. Builder values out of range are {@link IllegalArgumentException}s.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.2")
public abstract class GradientCheckException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a specific message and an optional cause. */
  protected GradientCheckException(String message, Throwable cause) {
    super(message, cause);
  }
}
