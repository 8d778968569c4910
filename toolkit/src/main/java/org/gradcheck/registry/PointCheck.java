package org.gradcheck.registry;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import org.apiguardian.api.API;
import org.gradcheck.CheckReport;
import org.gradcheck.KinkPolicy;

/**
 * One derivative form of one rule checked at one generated input point — or skipped there, under
 * {@link KinkPolicy#SKIP}, because the point came within a declared kink's margin.
 *
 * <p>To reproduce the point: {@code rule.generators().get(generatorIndex).generate(new
 * SplittableRandom(pointSeed))}.
 *
 * @param point the index of the point within the rule's verification (0-based)
 * @param pointSeed the seed the point was generated from (also the checker's seed there)
 * @param generatorIndex which of the rule's generators produced it
 * @param inputKind that generator's {@link org.gradcheck.generate.Generator#kind()}
 * @param input the flat input (a copy)
 * @param form the derivative form checked
 * @param report the checker's report, or {@code null} if the point could not be checked
 * @param problem why the point could not be checked (generator out of its domain, point near a
 *     declared kink under {@link KinkPolicy#FAIL}; for an errored point {@code check threw …} or
 *     {@code generator threw …}), or {@code null}
 * @param skipReason why the point was skipped (near a declared kink under {@link KinkPolicy#SKIP},
 *     naming the coordinate), or {@code null}
 * @param thrown what the check threw at this point — the rule's function or derivative failed — or
 *     what the rule's generator threw drawing it (then {@code input} is empty); {@code problem}
 *     says which: the point errored. Otherwise {@code null}
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record PointCheck(
    int point,
    long pointSeed,
    int generatorIndex,
    String inputKind,
    double[] input,
    DerivativeForm form,
    CheckReport report,
    String problem,
    String skipReason,
    RuntimeException thrown) {

  /**
   * Copies the input; exactly one of report, problem and skipReason must be present, and a point
   * that threw has a problem.
   */
  public PointCheck {
    Objects.requireNonNull(inputKind, "inputKind");
    Objects.requireNonNull(form, "form");
    input = input == null ? new double[0] : input.clone();
    int present =
        (report != null ? 1 : 0) + (problem != null ? 1 : 0) + (skipReason != null ? 1 : 0);
    if (present != 1) {
      throw new IllegalArgumentException(
          "exactly one of report, problem and skipReason must be given, got " + present);
    }
    if (thrown != null && problem == null) {
      throw new IllegalArgumentException("a point that threw must name the problem");
    }
  }

  /** A check that ran, could not run ({@code problem}) or was skipped; it threw nothing. */
  public PointCheck(
      int point,
      long pointSeed,
      int generatorIndex,
      String inputKind,
      double[] input,
      DerivativeForm form,
      CheckReport report,
      String problem,
      String skipReason) {
    this(
        point,
        pointSeed,
        generatorIndex,
        inputKind,
        input,
        form,
        report,
        problem,
        skipReason,
        null);
  }

  /**
   * A check at which the rule's function or derivative threw {@code thrown}: it errored, and the
   * verification goes on.
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.2")
  public static PointCheck errored(
      int point,
      long pointSeed,
      int generatorIndex,
      String inputKind,
      double[] input,
      DerivativeForm form,
      RuntimeException thrown) {
    return new PointCheck(
        point,
        pointSeed,
        generatorIndex,
        inputKind,
        input,
        form,
        null,
        "check threw " + thrown,
        null,
        java.util.Objects.requireNonNull(thrown, "thrown"));
  }

  /** A check that ran ({@code report}) or could not run ({@code problem}); not skipped. */
  public PointCheck(
      int point,
      long pointSeed,
      int generatorIndex,
      String inputKind,
      double[] input,
      DerivativeForm form,
      CheckReport report,
      String problem) {
    this(point, pointSeed, generatorIndex, inputKind, input, form, report, problem, null, null);
  }

  /** The flat input (a copy). */
  @Override
  public double[] input() {
    return input.clone();
  }

  /** True if the check ran and passed. */
  public boolean passed() {
    return report != null && report.passed();
  }

  /**
   * True if the point was skipped near a declared kink ({@link KinkPolicy#SKIP}): neither passed
   * nor failed.
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.2")
  public boolean skipped() {
    return skipReason != null;
  }

  /**
   * True if the rule's function or derivative threw at this point, or its generator threw drawing
   * it ({@link #thrown()}).
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.2")
  public boolean errored() {
    return thrown != null;
  }

  /** The checker's report, if the check ran. */
  public Optional<CheckReport> checkReport() {
    return Optional.ofNullable(report);
  }

  /** One line: point, seed, kind, form and verdict (or the problem). */
  public String summary() {
    String verdict =
        thrown != null
            ? "ERRORED: " + problem
            : problem != null
                ? "NOT CHECKED: " + problem
                : skipReason != null
                    ? "SKIPPED: " + skipReason
                    : (report.passed() ? "passed" : "FAILED")
                        + String.format(
                            java.util.Locale.ROOT, " (max abs error %.3g)", report.maxAbsError());
    return "point " + point + " (seed " + pointSeed + ", " + inputKind + ") " + form + ": "
        + verdict;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PointCheck p
        && p.point == point
        && p.pointSeed == pointSeed
        && p.generatorIndex == generatorIndex
        && p.inputKind.equals(inputKind)
        && Arrays.equals(p.input, input)
        && p.form == form
        && Objects.equals(p.report, report)
        && Objects.equals(p.problem, problem)
        && Objects.equals(p.skipReason, skipReason)
        && Objects.equals(p.thrown, thrown);
  }

  @Override
  public int hashCode() {
    return Objects.hash(point, pointSeed, generatorIndex, inputKind, Arrays.hashCode(input), form);
  }

  @Override
  public String toString() {
    return summary();
  }
}
