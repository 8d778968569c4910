package org.gradcheck;

import org.apiguardian.api.API;
import org.gradcheck.diagnosis.EntryView;

/**
 * One compared derivative entry: the analytic value the user's code produced next to the numeric
 * value and its error bar. For Jacobian-style checks {@code outputIndex}/{@code inputIndex} are
 * flat indices into the {@link Signature}; for a directional probe (FAST mode) they are −1 and
 * {@code label} says which probe it was.
 *
 * @param outputIndex flat output index, or −1 for a probe
 * @param inputIndex flat input index, or −1 for a probe
 * @param label a readable name such as {@code ∂y[1]/∂W[2,3]} or {@code probe 3: vᵀJu}
 * @param analytic the value from the user's derivative
 * @param numeric the numeric estimate
 * @param numericError the numeric estimate's error bound
 * @param absError |analytic − numeric|
 * @param relError absError relative to |numeric| (the side the tolerance uses)
 * @param allowed the tolerance this entry had to meet: atol + rtol·|numeric| + k·numericError
 * @param step the step h the numeric estimate came from (the step the engine chose; for an
 *     extrapolated estimate the finest step of its extrapolation), NaN where not known (probes,
 *     float32 and non-finite comparisons)
 */
@API(status = API.Status.STABLE, since = "0.1")
public record ComparedEntry(
    int outputIndex,
    int inputIndex,
    String label,
    double analytic,
    double numeric,
    double numericError,
    double absError,
    double relError,
    double allowed,
    double step)
    implements EntryView {

  /** An entry whose numeric step is not known (NaN). */
  public ComparedEntry(
      int outputIndex,
      int inputIndex,
      String label,
      double analytic,
      double numeric,
      double numericError,
      double absError,
      double relError,
      double allowed) {
    this(
        outputIndex,
        inputIndex,
        label,
        analytic,
        numeric,
        numericError,
        absError,
        relError,
        allowed,
        Double.NaN);
  }

  /** {@return true if this entry is within its tolerance (a NaN error is never within)} */
  public boolean withinTolerance() {
    return absError <= allowed;
  }

  /** {@return how far over its tolerance this entry is: absError / allowed (≤ 1 passes)} */
  public double excess() {
    return allowed > 0 ? absError / allowed : (absError == 0 ? 0 : Double.POSITIVE_INFINITY);
  }
}
