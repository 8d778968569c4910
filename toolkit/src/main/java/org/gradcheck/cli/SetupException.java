package org.gradcheck.cli;

import org.apiguardian.api.API;

/**
 * A problem with how the command was called or set up — an unwritable output, a missing jar, a
 * provider that cannot be loaded, two rules with one name — reported as one line and exit code 2.
 * The message names the file, option or rule and what was expected.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.2")
public class SetupException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** A setup problem described by {@code message}. */
  public SetupException(String message) {
    super(message);
  }

  /** A setup problem described by {@code message}, caused by {@code cause}. */
  public SetupException(String message, Throwable cause) {
    super(message, cause);
  }
}
