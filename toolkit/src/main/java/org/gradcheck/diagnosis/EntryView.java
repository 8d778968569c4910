package org.gradcheck.diagnosis;

import org.apiguardian.api.API;

/**
 * What a {@link Diagnosis} reads of one compared derivative entry: its position, the analytic and
 * numeric values and the tolerance it had to meet. {@code org.gradcheck.ComparedEntry} is one.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.2")
public interface EntryView {

  /** Flat output index, or −1 for a directional probe. */
  int outputIndex();

  /** Flat input index, or −1 for a directional probe. */
  int inputIndex();

  /** A readable name such as {@code ∂y[1]/∂W[2,3]}. */
  String label();

  /** The value from the user's derivative. */
  double analytic();

  /** The numeric estimate. */
  double numeric();

  /** The numeric estimate's error bound. */
  double numericError();

  /** The tolerance this entry had to meet. */
  double allowed();

  /** True if this entry is within its tolerance (a NaN error is never within). */
  boolean withinTolerance();
}
