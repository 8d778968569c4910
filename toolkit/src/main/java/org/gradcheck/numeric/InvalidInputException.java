package org.gradcheck.numeric;

import org.apiguardian.api.API;

/**
 * An input to numeric differentiation is unusable: a coordinate of x or of a direction u is NaN or
 * infinite, or x lies outside the declared {@link Domain}. {@link #index()} names the coordinate.
 */
@API(status = API.Status.STABLE, since = "0.1")
public class InvalidInputException extends NumericDifferentiationException {
  private static final long serialVersionUID = 1L;

  /** The offending coordinate. */
  private final int index;

  /**
   * Creates the exception for coordinate {@code index}.
   *
   * @param message what went wrong
   * @param index the offending coordinate
   */
  public InvalidInputException(String message, int index) {
    super(message);
    this.index = index;
  }

  /** {@return the offending coordinate} */
  public int index() {
    return index;
  }
}
