package org.gradcheck.generate;

import org.apiguardian.api.API;
import org.gradcheck.GradientCheckException;

/**
 * A {@link Generator#filter filtered} generator rejected every one of its bounded number of draws:
 * the filter is (almost) never satisfied by the generator it filters.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.2")
public final class FilterExhaustedException extends GradientCheckException {
  private static final long serialVersionUID = 1L;

  /** Creates the error with a message naming the generator, the filter and the bound. */
  public FilterExhaustedException(String message) {
    super(message, null);
  }
}
