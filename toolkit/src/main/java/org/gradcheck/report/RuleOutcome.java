package org.gradcheck.report;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.apiguardian.api.API;
import org.gradcheck.CheckReport;
import org.gradcheck.ExpectedFailure;
import org.gradcheck.Finding;

/**
 * The verification of one rule in a report: where it came from, what it had to do, its verdict,
 * every point and the time it took.
 *
 * @param name the rule's name
 * @param description what the rule computes (may be empty)
 * @param source where the rule came from, e.g. {@code built-in}, {@code known bug} or {@code
 *     provider com.acme.Rules}
 * @param expectation whether the rule must pass or (a known bug) must fail
 * @param verdict the verdict
 * @param lesson for a known bug, the mistake it teaches; otherwise empty
 * @param error what the rule threw, for {@link Verdict#ERRORED}; otherwise {@code null}
 * @param points every point and form checked, in point order
 * @param stepCurve the error-versus-step curve of the worst Jacobian entry at the worst point, or
 *     {@code null} (nothing compared entry by entry, or the rule errored)
 * @param elapsedMillis wall-clock time of the rule's verification
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.2")
public record RuleOutcome(
    String name,
    String description,
    String source,
    Expectation expectation,
    Verdict verdict,
    String lesson,
    RuleError error,
    List<PointOutcome> points,
    StepCurve stepCurve,
    long elapsedMillis) {

  /** Copies the points and checks that an errored rule carries its error. */
  public RuleOutcome {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(expectation, "expectation");
    Objects.requireNonNull(verdict, "verdict");
    Objects.requireNonNull(lesson, "lesson");
    points = List.copyOf(points);
    if ((verdict == Verdict.ERRORED) != (error != null)) {
      throw new IllegalArgumentException("an ERRORED rule, and only one, carries its error");
    }
  }

  /**
   * What a rule threw.
   *
   * @param type the exception's class name
   * @param message its message (may be empty)
   * @param stackTrace the full stack trace
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.2")
  public record RuleError(String type, String message, String stackTrace) {
    /** Records {@code thrown}. */
    public static RuleError of(Throwable thrown) {
      StringWriter trace = new StringWriter();
      thrown.printStackTrace(new PrintWriter(trace));
      return new RuleError(
          thrown.getClass().getName(),
          thrown.getMessage() == null ? "" : thrown.getMessage(),
          trace.toString());
    }

    /** {@code type: message}. */
    @Override
    public String toString() {
      return message.isEmpty() ? type : type + ": " + message;
    }
  }

  /**
   * True if the verdict meets the expectation: a correct rule passed, a known bug was caught — it
   * failed, and a failing check names every kind the bug's declaration expects ({@link #missed()}
   * is empty).
   */
  public boolean verified() {
    return expectation.metBy(verdict) && missed().isEmpty();
  }

  /**
   * Why a known bug was not caught, naming what was found instead: every check passed, or none
   * failed with the kinds its checks expect ({@link CheckReport#expectation()}, as the rule's
   * {@link org.gradcheck.registry.GradientRule#knownBug()} declares them; none declared: any
   * failure catches it), or nothing was checked.
   *
   * @return the reason, or empty if the bug was caught or the rule must pass
   * @since 0.2
   */
  public Optional<String> missed() {
    if (expectation != Expectation.MUST_FAIL) {
      return Optional.empty();
    }
    List<CheckReport> ran =
        points.stream().map(PointOutcome::report).filter(Objects::nonNull).toList();
    ExpectedFailure expected =
        ran.stream()
            .map(CheckReport::expectation)
            .flatMap(Optional::stream)
            .findFirst()
            .orElseGet(ExpectedFailure::of);
    return expected.unmetByAny(ran);
  }

  /** Distinct input points checked (skipped and unchecked points not counted). */
  public int checkedPoints() {
    return (int)
        points.stream()
            .filter(p -> p.report() != null)
            .mapToInt(PointOutcome::point)
            .distinct()
            .count();
  }

  /** The derivative forms that were checked, in order of first appearance. */
  public List<String> forms() {
    Set<String> forms = new LinkedHashSet<>();
    points.stream().filter(p -> p.report() != null).forEach(p -> forms.add(p.form()));
    return List.copyOf(forms);
  }

  /** The largest margin over all points (≤ 1 passes), NaN if nothing ran. */
  public double worstMargin() {
    double worst = Double.NaN;
    for (PointOutcome p : points) {
      double m = p.worstMargin();
      if (!Double.isNaN(m)) {
        worst = Double.isNaN(worst) ? m : Math.max(worst, m);
      }
    }
    return worst;
  }

  /** The largest relative error over all points, NaN if nothing ran. */
  public double maxRelError() {
    double worst = Double.NaN;
    for (PointOutcome p : points) {
      if (p.report() != null) {
        double r = p.report().maxRelError();
        worst = Double.isNaN(worst) ? r : Math.max(worst, r);
      }
    }
    return worst;
  }

  /** Forward evaluations the numeric side spent over all points. */
  public long functionEvaluations() {
    return points.stream()
        .map(PointOutcome::report)
        .filter(Objects::nonNull)
        .mapToLong(CheckReport::functionEvaluations)
        .sum();
  }

  /** The point with the largest margin (failing points first), if any check ran. */
  public Optional<PointOutcome> worstPoint() {
    PointOutcome worst = null;
    for (PointOutcome p : points) {
      if (p.report() != null
          && (worst == null
              || Double.compare(p.worstMargin(), worst.worstMargin()) > 0
              || Double.isNaN(p.worstMargin()) && !Double.isNaN(worst.worstMargin()))) {
        worst = p;
      }
    }
    return Optional.ofNullable(worst);
  }

  /** The distinct findings of the failing points, in point order (empty if none failed). */
  public List<Finding> failureFindings() {
    Set<Finding> findings = new LinkedHashSet<>();
    for (PointOutcome p : points) {
      if (p.verdict() == Verdict.FAILED) {
        findings.addAll(p.findings());
      }
    }
    return new ArrayList<>(findings);
  }

  /**
   * The one-line verdict every output format shows, e.g. {@code softmax: PASSED at 20 points
   * [JACOBIAN, VJP], worst margin 3.1e-03} or {@code bug/x: FAILED — caught, as a known bug must
   * be}.
   */
  public String summary() {
    StringBuilder line = new StringBuilder(name).append(": ").append(verdict);
    if (verdict == Verdict.ERRORED) {
      line.append(" — the rule threw ").append(error);
    } else {
      line.append(" at ").append(checkedPoints()).append(" points ").append(forms());
      double margin = worstMargin();
      if (!Double.isNaN(margin)) {
        line.append(", worst margin ").append(ReportNumbers.format(margin));
      }
    }
    if (expectation == Expectation.MUST_FAIL) {
      line.append(
          verified()
              ? " — caught, as a known bug must be"
              : " — NOT CAUGHT (known bug): " + missed().orElse("verdict " + verdict));
    }
    long failing = points.stream().filter(p -> p.verdict() == Verdict.FAILED).count();
    long unchecked = points.stream().filter(p -> p.verdict() == Verdict.NOT_CHECKED).count();
    long errored = points.stream().filter(p -> p.verdict() == Verdict.ERRORED).count();
    if (failing > 0) {
      line.append(String.format(Locale.ROOT, "; %d failing check(s)", failing));
    }
    if (errored > 0) {
      line.append(String.format(Locale.ROOT, "; %d check(s) errored", errored));
    }
    if (unchecked > 0) {
      line.append(String.format(Locale.ROOT, "; %d check(s) could not run", unchecked));
    }
    return line.toString();
  }
}
