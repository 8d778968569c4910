package org.gradcheck.generate;

import org.apiguardian.api.API;
import org.gradcheck.GradientCheckException;

/**
 * A generator asked a replaying {@link Choices} for more choices than were recorded (or for more
 * than {@link Choices#MAX_CHOICES}): the sequence cannot produce a value. The shrinker treats such
 * a candidate as invalid.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.2")
public final class ChoiceOverrun extends GradientCheckException {
  private static final long serialVersionUID = 1L;

  /** Creates the error with a message naming how many choices were available. */
  public ChoiceOverrun(String message) {
    super(message, null);
  }
}
