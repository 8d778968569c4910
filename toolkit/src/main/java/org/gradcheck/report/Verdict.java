package org.gradcheck.report;

import org.apiguardian.api.API;

/** The verdict of one rule, or of one rule at one input point, in a verification report. */
@API(status = API.Status.EXPERIMENTAL, since = "0.2")
public enum Verdict {
  /** Every check that ran passed (at least one ran). */
  PASSED,
  /** At least one check compared the derivatives and found them different. */
  FAILED,
  /** The rule threw (any {@link Throwable} but {@link OutOfMemoryError}) and was abandoned. */
  ERRORED,
  /** Nothing could be checked: no input generator, or the point could not be evaluated. */
  NOT_CHECKED,
  /** Every point was skipped near a declared kink. */
  SKIPPED
}
