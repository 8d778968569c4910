package org.gradcheck;

import java.util.Objects;
import org.apiguardian.api.API;

/**
 * Thrown by {@link CheckReport#assertPassed()}: an {@link AssertionError} (so test frameworks
 * report it as a failure, not an error) that carries the whole {@link CheckReport}.
 */
@API(status = API.Status.STABLE, since = "0.1")
public class GradientCheckFailure extends AssertionError {
  private static final long serialVersionUID = 1L;

  private final transient CheckReport report;

  /**
   * A failure whose message is the report's table.
   *
   * @param report the failed check's report
   */
  public GradientCheckFailure(CheckReport report) {
    super(Objects.requireNonNull(report, "report").toString());
    this.report = report;
  }

  /**
   * A failure with a specific message (the report's table follows it), e.g. for a check that was
   * expected to fail and passed.
   *
   * @param message what went wrong, before the table
   * @param report the check's report
   */
  public GradientCheckFailure(String message, CheckReport report) {
    super(
        Objects.requireNonNull(message, "message")
            + "\n"
            + Objects.requireNonNull(report, "report"));
    this.report = report;
  }

  /**
   * The failed check's report.
   *
   * @return the report
   */
  public CheckReport report() {
    return report;
  }
}
