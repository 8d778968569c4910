package org.gradcheck.junit.internal;

import org.apiguardian.api.API;

/**
 * The failure of one {@code @GradientCheck} trial: the failing reports or the test's own assertion
 * message, followed by the trial's seed and how to rerun just that trial. The original assertion,
 * if any, is the cause.
 */
@API(status = API.Status.INTERNAL)
public final class GradientCheckTrialFailure extends AssertionError {
  private static final long serialVersionUID = 1L;

  GradientCheckTrialFailure(String message, Throwable cause) {
    super(message, cause);
  }
}
