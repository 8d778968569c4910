package org.gradcheck.numeric;

import org.apiguardian.api.API;

/**
 * The function returned NaN or ±Inf at the base point, or at every step the engine tried near it (a
 * singularity or a domain boundary; declare a {@link Domain} for one-sided stencils). {@link
 * #output()} names the output component.
 */
@API(status = API.Status.STABLE, since = "0.1")
public class NonFiniteValueException extends NumericDifferentiationException {
  private static final long serialVersionUID = 1L;

  /** The output component that was not finite. */
  private final int output;

  /** t in x + t·u (0 for the base point). */
  private final double perturbation;

  /**
   * Creates the exception for output component {@code output} at x + perturbation·u.
   *
   * @param message what went wrong
   * @param output the output component that was not finite
   * @param perturbation t in x + t·u (0 at the base point)
   */
  public NonFiniteValueException(String message, int output, double perturbation) {
    super(message);
    this.output = output;
    this.perturbation = perturbation;
  }

  /** {@return the output component that was not finite} */
  public int output() {
    return output;
  }

  /** {@return t in x + t·u (0 for the base point)} */
  public double perturbation() {
    return perturbation;
  }
}
