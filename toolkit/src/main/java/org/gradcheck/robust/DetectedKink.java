package org.gradcheck.robust;

import java.util.Locale;
import org.apiguardian.api.API;

/**
 * A point where the function is not differentiable along one input: its left and right numeric
 * derivatives disagree by more than their error bars (ReLU at 0, |x|, max). Not a gradient bug: a
 * check reports it as its own outcome.
 *
 * @param outputIndex the output whose one-sided derivatives disagree most
 * @param inputIndex the input along which the function has a kink
 * @param inputLabel a readable name of the input, e.g. {@code x[3]}
 * @param left the left derivative
 * @param leftError the error bar of the left derivative
 * @param right the right derivative
 * @param rightError the error bar of the right derivative
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record DetectedKink(
    int outputIndex,
    int inputIndex,
    String inputLabel,
    double left,
    double leftError,
    double right,
    double rightError) {

  /** A sentence for the report. */
  public String describe() {
    return String.format(
        Locale.ROOT,
        "not differentiable at %s: left derivative %.6g (± %.2g), right derivative %.6g (± %.2g)"
            + " for output [%d]",
        inputLabel,
        left,
        leftError,
        right,
        rightError,
        outputIndex);
  }

  @Override
  public String toString() {
    return describe();
  }
}
