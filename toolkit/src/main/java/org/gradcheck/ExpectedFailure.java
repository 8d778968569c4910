package org.gradcheck;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * What a test expects of a check that must catch a bug: the check fails, and every named kind is
 * among its findings. Carried by the reports of a checker made with {@link
 * GradientChecker#expectFailure(Finding.Kind...)} ({@link CheckReport#expectation()}), asserted by
 * {@link CheckReport#assertAsExpected()} and, in {@code @GradientCheck} tests, by the extension.
 *
 * @param kinds the kinds that must be among the findings (empty: any failure will do)
 * @since 0.2
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.2")
public record ExpectedFailure(List<Finding.Kind> kinds) {

  /** Validates and copies the kinds. */
  public ExpectedFailure {
    Objects.requireNonNull(kinds, "kinds");
    for (int i = 0; i < kinds.size(); i++) {
      Objects.requireNonNull(kinds.get(i), "kinds[" + i + "] is null");
    }
    kinds = List.copyOf(kinds);
  }

  /**
   * An expected failure with these kinds among its findings.
   *
   * @param kinds the kinds (none: any failure will do)
   * @return the expectation
   */
  public static ExpectedFailure of(Finding.Kind... kinds) {
    return new ExpectedFailure(Arrays.asList(Objects.requireNonNull(kinds, "kinds")));
  }

  /**
   * Why {@code report} does not meet this expectation: it passed, or it failed without some of the
   * kinds (the message names the kinds missing and the kinds found instead).
   *
   * @param report a check's report (its own {@link CheckReport#expectation()} is not consulted)
   * @return the reason, or empty if the report failed with every named kind
   */
  public Optional<String> unmetBy(CheckReport report) {
    Objects.requireNonNull(report, "report");
    if (report.passed()) {
      return Optional.of(
          "expected the check to fail"
              + (kinds.isEmpty() ? "" : " with " + kinds)
              + ", but it passed");
    }
    List<Finding.Kind> found = report.findings().stream().map(Finding::kind).distinct().toList();
    List<Finding.Kind> missing = kinds.stream().filter(k -> !found.contains(k)).toList();
    if (missing.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        "expected the check to fail with "
            + kinds
            + "; it failed, but "
            + missing
            + (missing.size() == 1 ? " is" : " are")
            + " not among its findings "
            + found);
  }

  /**
   * Why the checks of a known-bug rule ({@code
   * org.gradcheck.registry.GradientRule.Builder#knownBug}) do not catch it: the bug is caught when
   * at least one check failed with every named kind among its findings — a wrong derivative may be
   * right at some points (a softmax Jacobian's diagonal at saturated logits), so one catch
   * suffices.
   *
   * @param reports the reports of the checks that ran (their own {@link CheckReport#expectation()}
   *     is not consulted)
   * @return the reason, naming the kinds found instead, or empty if some report meets this
   * @since 0.2
   */
  public Optional<String> unmetByAny(List<CheckReport> reports) {
    Objects.requireNonNull(reports, "reports");
    if (reports.stream().anyMatch(r -> unmetBy(r).isEmpty())) {
      return Optional.empty();
    }
    List<CheckReport> failed = reports.stream().filter(r -> !r.passed()).toList();
    if (failed.isEmpty()) {
      return Optional.of(
          "expected a check to fail"
              + (kinds.isEmpty() ? "" : " with " + kinds)
              + (reports.isEmpty()
                  ? ", but no check ran"
                  : ", but all " + reports.size() + " check(s) passed"));
    }
    List<Finding.Kind> found =
        failed.stream().flatMap(r -> r.findings().stream()).map(Finding::kind).distinct().toList();
    return Optional.of(
        "expected a check to fail with "
            + kinds
            + "; "
            + failed.size()
            + " of "
            + reports.size()
            + " check(s) failed, but none with all of them among its findings; found "
            + found);
  }

  /** E.g. {@code expected to fail with [CONSTANT_FACTOR]}. */
  @Override
  public String toString() {
    return "expected to fail" + (kinds.isEmpty() ? "" : " with " + kinds);
  }
}
