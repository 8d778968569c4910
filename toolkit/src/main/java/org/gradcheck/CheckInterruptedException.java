package org.gradcheck;

import org.apiguardian.api.API;

/**
 * The thread running a check was interrupted (e.g. by JUnit's {@code @Timeout}); the check stopped
 * at its next evaluation and the thread's interrupt status is set again, so callers up the stack
 * see it too.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.2")
public class CheckInterruptedException extends GradientCheckException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception; {@code cause} is the exception that revealed the interrupt, or null. */
  public CheckInterruptedException(String message, Throwable cause) {
    super(message, cause);
  }
}
