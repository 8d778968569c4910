package org.gradcheck.numeric;

import org.apiguardian.api.API;

/**
 * The function under differentiation misbehaved at a specific point: it threw (the cause), returned
 * null, or returned a result whose length differs from the one at the base point. The message names
 * the base point and the perturbation t (the point was x + t·u).
 */
@API(status = API.Status.STABLE, since = "0.1")
public class FunctionEvaluationException extends NumericDifferentiationException {
  private static final long serialVersionUID = 1L;

  /** t in x + t·u at which the function failed (0 for the base point). */
  private final double perturbation;

  /**
   * Creates the exception; {@code perturbation} is t in x + t·u (0 at the base point).
   *
   * @param message what went wrong
   * @param perturbation t in x + t·u (0 at the base point)
   * @param cause the exception that caused this one
   */
  public FunctionEvaluationException(String message, double perturbation, Throwable cause) {
    super(message, cause);
    this.perturbation = perturbation;
  }

  /** {@return t in x + t·u at which the function failed (0 for the base point)} */
  public double perturbation() {
    return perturbation;
  }
}
