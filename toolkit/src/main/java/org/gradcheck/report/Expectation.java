package org.gradcheck.report;

import org.apiguardian.api.API;

/** What a rule in a verification run must do for the run to be verified. */
@API(status = API.Status.EXPERIMENTAL, since = "0.2")
public enum Expectation {
  /** A rule whose derivative is meant to be right: it must pass. */
  MUST_PASS,
  /** A deliberately wrong rule (a known bug): it must fail, i.e. the checker must catch it. */
  MUST_FAIL;

  /** True if a rule with this expectation and the given verdict meets it. */
  public boolean metBy(Verdict verdict) {
    return this == MUST_PASS ? verdict == Verdict.PASSED : verdict == Verdict.FAILED;
  }
}
