package org.gradcheck.robust;

import org.apiguardian.api.API;

/**
 * The verdict of a {@link StepSweep} on one borderline entry: was the disagreement a true bug in
 * the analytic derivative or finite-difference noise?
 *
 * @param verdict the verdict
 * @param observedOrder the convergence order of the Taylor residual at the smallest usable steps (3
 *     for a right derivative with central differences, 1 for a wrong one; NaN if none usable)
 * @param errorBound for {@link Verdict#TRUE_BUG} the estimated error of the analytic value; for
 *     {@link Verdict#FD_NOISE} a bound on it
 * @param evidence the measured residuals in words
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record SecondOpinion(
    Verdict verdict, double observedOrder, double errorBound, String evidence) {

  /** What the step sweep concluded. */
  @API(status = API.Status.EXPERIMENTAL, since = "0.1")
  public enum Verdict {
    /** The residual shrinks only at order 1: the analytic value is wrong. */
    TRUE_BUG,
    /** The residual shrinks at the method's order: the analytic value is right within the bound. */
    FD_NOISE,
    /** Round-off hides the regime that would decide. */
    INCONCLUSIVE
  }

  @Override
  public String toString() {
    return "second opinion (step sweep): " + verdict + " — " + evidence;
  }
}
