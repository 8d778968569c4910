package org.gradcheck;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * The immutable result of one gradient check: the verdict, the totals, the worst entries, a bounded
 * sample of every compared entry, and what the reader must know (mode and why, seed, tolerances,
 * notes). {@link #toString()} is a table a person reads at a glance; {@link #toJson()} is the same
 * for machines.
 *
 * <p>Equality is identity ({@code equals} is not overridden): a report also records the wall-clock
 * time its check took, which differs between two runs of one check, so compare what you mean
 * ({@link #passed()}, {@link #maxRelError()}, the findings) instead.
 */
@API(status = API.Status.STABLE, since = "0.1")
public final class CheckReport {
  private final CheckKind kind;
  private final Mode mode;
  private final String modeReason;
  private final boolean passed;
  private final double maxAbsError;
  private final double maxRelError;
  private final long functionEvaluations;
  private final long analyticEvaluations;
  private final long comparedCount;
  private final long failedCount;
  private final List<ComparedEntry> worstEntries;
  private final List<ComparedEntry> comparedEntries;
  private final long seed;
  private final int probes;
  private final double slipProbability;
  private final Tolerance tolerance;
  private final Signature signature;
  private final List<String> notes;
  private final List<Finding> findings;
  private final Duration elapsed;
  private final Precision precision;
  private final ExpectedFailure expectation;

  private CheckReport(Builder b) {
    this.kind = Objects.requireNonNull(b.kind, "kind");
    this.mode = Objects.requireNonNull(b.mode, "mode");
    this.modeReason = Objects.requireNonNull(b.modeReason, "modeReason");
    this.passed = b.passed;
    this.maxAbsError = b.maxAbsError;
    this.maxRelError = b.maxRelError;
    this.functionEvaluations = b.functionEvaluations;
    this.analyticEvaluations = b.analyticEvaluations;
    this.comparedCount = b.comparedCount;
    this.failedCount = b.failedCount;
    this.worstEntries = List.copyOf(b.worstEntries);
    this.comparedEntries = List.copyOf(b.comparedEntries);
    this.seed = b.seed;
    this.probes = b.probes;
    this.slipProbability = b.slipProbability;
    this.tolerance = Objects.requireNonNull(b.tolerance, "tolerance");
    this.signature = Objects.requireNonNull(b.signature, "signature");
    this.notes = List.copyOf(b.notes);
    this.findings = List.copyOf(b.findings);
    this.elapsed = Objects.requireNonNull(b.elapsed, "elapsed");
    this.precision = Objects.requireNonNull(b.precision, "precision");
    this.expectation = b.expectation;
  }

  /**
   * Starts a report; used by the checker and by tools that import reports.
   *
   * @return an empty builder
   */
  @API(status = API.Status.EXPERIMENTAL)
  public static Builder builder() {
    return new Builder();
  }

  /** {@return a builder holding every value of this report, to derive a modified copy} */
  @API(status = API.Status.EXPERIMENTAL)
  public Builder toBuilder() {
    Builder b = new Builder();
    b.kind = kind;
    b.mode = mode;
    b.modeReason = modeReason;
    b.passed = passed;
    b.maxAbsError = maxAbsError;
    b.maxRelError = maxRelError;
    b.functionEvaluations = functionEvaluations;
    b.analyticEvaluations = analyticEvaluations;
    b.comparedCount = comparedCount;
    b.failedCount = failedCount;
    b.worstEntries = worstEntries;
    b.comparedEntries = comparedEntries;
    b.seed = seed;
    b.probes = probes;
    b.slipProbability = slipProbability;
    b.tolerance = tolerance;
    b.signature = signature;
    b.notes = notes;
    b.findings = findings;
    b.elapsed = elapsed;
    b.precision = precision;
    b.expectation = expectation;
    return b;
  }

  /** {@return true if every compared entry (or probe) met the tolerance} */
  public boolean passed() {
    return passed;
  }

  /** {@return which form of analytic derivative was checked} */
  public CheckKind kind() {
    return kind;
  }

  /** {@return the mode that actually ran (never {@link Mode#AUTO})} */
  public Mode mode() {
    return mode;
  }

  /** {@return why this mode ran, e.g. the AUTO cost estimate} */
  public String modeReason() {
    return modeReason;
  }

  /**
   * {@return the largest |analytic − numeric| over all compared entries (NaN if an entry was NaN)}
   */
  public double maxAbsError() {
    return maxAbsError;
  }

  /** {@return the largest |analytic − numeric| / |numeric| over all compared entries} */
  public double maxRelError() {
    return maxRelError;
  }

  /** {@return how many times the function under test was evaluated} */
  public long functionEvaluations() {
    return functionEvaluations;
  }

  /** {@return how many times the user's analytic derivative (Jacobian, VJP, JVP, …) was called} */
  public long analyticEvaluations() {
    return analyticEvaluations;
  }

  /** {@return how many entries (or probes) were compared in total} */
  public long comparedCount() {
    return comparedCount;
  }

  /**
   * {@return how many compared entries (or probes) were outside their tolerance as evidence of a
   * wrong derivative: entries at a kink skipped by {@link KinkPolicy#SKIP} and non-finite values on
   * both sides are not counted (they are findings of their own), so a passing report has none}
   */
  public long failedCount() {
    return failedCount;
  }

  /**
   * {@return the worst entries (a few, for the reader): failing entries first — those naming an
   * input before FAST probes — then by excess over tolerance, largest first}
   */
  public List<ComparedEntry> worstEntries() {
    return worstEntries;
  }

  /**
   * {@return a bounded, uniformly drawn sample (every entry when there are few) of all compared
   * entries, in comparison order; for diagnosis, e.g. testing "analytic = −1 × numeric everywhere"}
   */
  public List<ComparedEntry> comparedEntries() {
    return comparedEntries;
  }

  /**
   * {@return the seed of every random choice (probes, samples); rerunning with it reproduces the
   * check}
   */
  public long seed() {
    return seed;
  }

  /** {@return number of random probes (FAST), 0 otherwise} */
  public int probes() {
    return probes;
  }

  /**
   * {@return FAST only: the probability that a wrong derivative whose error is 1e-4 of the observed
   * derivative's size (worst case: a rank-one error) would have passed every probe; NaN for other
   * modes}
   */
  public double slipProbability() {
    return slipProbability;
  }

  /** {@return the tolerance rule used} */
  public Tolerance tolerance() {
    return tolerance;
  }

  /** {@return the inputs and outputs, with names and shapes, used for labels} */
  public Signature signature() {
    return signature;
  }

  /** {@return what the reader must know: sampling, localisation, skipped constants, anomalies} */
  public List<String> notes() {
    return notes;
  }

  /**
   * {@return the findings attached later}, e.g. by a diagnosis step ("analytic = −1 × numeric").
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.2")
  public List<Finding> findings() {
    return findings;
  }

  /** {@return wall-clock time of the check} */
  public Duration elapsed() {
    return elapsed;
  }

  /**
   * The precision the checked function computed in: {@link Precision#FLOAT32} for a float check
   * (its tolerances and numeric error bars follow from float ε), {@link Precision#FLOAT64}
   * otherwise.
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.2")
  public Precision precision() {
    return precision;
  }

  /**
   * {@return true if the report carries a finding of this kind}
   *
   * @param kind the kind of finding
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.2")
  public boolean hasFinding(Finding.Kind kind) {
    Objects.requireNonNull(kind, "kind");
    return findings.stream().anyMatch(f -> f.kind() == kind);
  }

  /**
   * {@return a copy of this report with {@code more} appended to {@link #findings()}}
   *
   * @param more the findings to append
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.2")
  public CheckReport withFindings(List<Finding> more) {
    Objects.requireNonNull(more, "findings");
    List<Finding> all = new ArrayList<>(findings);
    for (int i = 0; i < more.size(); i++) {
      all.add(Objects.requireNonNull(more.get(i), "findings[" + i + "] is null"));
    }
    return toBuilder().findings(all).build();
  }

  /**
   * Throws {@link GradientCheckFailure} carrying this report unless it passed.
   *
   * @return this report
   */
  public CheckReport assertPassed() {
    if (!passed) {
      throw new GradientCheckFailure(this);
    }
    return this;
  }

  /**
   * For a test that expects a bug to be caught: returns this report if the check failed and every
   * named kind is among its findings; otherwise throws {@link GradientCheckFailure} saying what was
   * expected and what was found instead (the kinds found, or that the check passed).
   *
   * <pre>{@code
   * checker.checkVjp(layer::forward, buggyBackward, x).assertFailed(Finding.Kind.CONSTANT_FACTOR);
   * }</pre>
   *
   * @param kinds the kinds that must be among the findings (none: any failure will do)
   * @return this report
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.2")
  public CheckReport assertFailed(Finding.Kind... kinds) {
    return assertMeets(ExpectedFailure.of(kinds));
  }

  /**
   * What the test expects of this report: present if the checker that made it was made with {@link
   * GradientChecker#expectFailure(Finding.Kind...)}, empty if it is expected to pass.
   *
   * @return the expected failure, or empty
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.2")
  public Optional<ExpectedFailure> expectation() {
    return Optional.ofNullable(expectation);
  }

  /**
   * True if the check went as its test expects: it passed, or — under an {@link #expectation()} —
   * it failed with every expected kind.
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.2")
  public boolean asExpected() {
    return expectation == null ? passed : expectation.unmetBy(this).isEmpty();
  }

  /**
   * {@link #assertPassed()} for a report without an {@link #expectation()}, {@link
   * #assertFailed(Finding.Kind...)} with the expected kinds for one with it: the assertion a test
   * makes on every report of a checker that may expect failures.
   *
   * @return this report, if it went as expected
   * @throws GradientCheckFailure saying what was expected and what was found instead
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.2")
  public CheckReport assertAsExpected() {
    return expectation == null ? assertPassed() : assertMeets(expectation);
  }

  private CheckReport assertMeets(ExpectedFailure expected) {
    Optional<String> unmet = expected.unmetBy(this);
    if (unmet.isPresent()) {
      throw new GradientCheckFailure(unmet.get(), this);
    }
    return this;
  }

  /** {@return this report as a JSON object (Jackson)} */
  public String toJson() {
    return ReportFormat.json(this);
  }

  /**
   * {@return a small aligned table: verdict, worst entries, totals, tolerances and the rule, notes}
   */
  @Override
  public String toString() {
    return ReportFormat.table(this);
  }

  /** Collects the values of a {@link CheckReport}. */
  @API(status = API.Status.EXPERIMENTAL, since = "0.1")
  public static final class Builder {
    private CheckKind kind;
    private Mode mode;
    private String modeReason = "";
    private boolean passed;
    private double maxAbsError;
    private double maxRelError;
    private long functionEvaluations;
    private long analyticEvaluations;
    private long comparedCount;
    private long failedCount;
    private List<ComparedEntry> worstEntries = List.of();
    private List<ComparedEntry> comparedEntries = List.of();
    private long seed;
    private int probes;
    private double slipProbability = Double.NaN;
    private Tolerance tolerance = Tolerance.defaults();
    private Signature signature;
    private List<String> notes = List.of();
    private List<Finding> findings = List.of();
    private Duration elapsed = Duration.ZERO;
    private Precision precision = Precision.FLOAT64;
    private ExpectedFailure expectation;

    private Builder() {}

    /** Sets {@link CheckReport#kind()}. */
    public Builder kind(CheckKind kind) {
      this.kind = kind;
      return this;
    }

    /** Sets {@link CheckReport#mode()} and {@link CheckReport#modeReason()}. */
    public Builder mode(Mode mode, String reason) {
      this.mode = mode;
      this.modeReason = reason;
      return this;
    }

    /** Sets {@link CheckReport#passed()}. */
    public Builder passed(boolean passed) {
      this.passed = passed;
      return this;
    }

    /** Sets {@link CheckReport#maxAbsError()} and {@link CheckReport#maxRelError()}. */
    public Builder maxErrors(double maxAbsError, double maxRelError) {
      this.maxAbsError = maxAbsError;
      this.maxRelError = maxRelError;
      return this;
    }

    /** Sets the evaluation counts of the function and of the analytic derivative. */
    public Builder evaluations(long functionEvaluations, long analyticEvaluations) {
      this.functionEvaluations = functionEvaluations;
      this.analyticEvaluations = analyticEvaluations;
      return this;
    }

    /** Sets how many entries were compared and how many failed. */
    public Builder counts(long comparedCount, long failedCount) {
      this.comparedCount = comparedCount;
      this.failedCount = failedCount;
      return this;
    }

    /** Sets the worst entries (worst first). */
    public Builder worstEntries(List<ComparedEntry> worstEntries) {
      this.worstEntries = worstEntries;
      return this;
    }

    /** Sets the bounded sample of compared entries. */
    public Builder comparedEntries(List<ComparedEntry> comparedEntries) {
      this.comparedEntries = comparedEntries;
      return this;
    }

    /** Sets the seed. */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** Sets the number of probes and the slip probability (FAST). */
    public Builder probes(int probes, double slipProbability) {
      this.probes = probes;
      this.slipProbability = slipProbability;
      return this;
    }

    /** Sets the tolerance. */
    public Builder tolerance(Tolerance tolerance) {
      this.tolerance = tolerance;
      return this;
    }

    /** Sets the signature. */
    public Builder signature(Signature signature) {
      this.signature = signature;
      return this;
    }

    /** Sets the notes. */
    public Builder notes(List<String> notes) {
      this.notes = notes;
      return this;
    }

    /** Sets the findings. */
    public Builder findings(List<Finding> findings) {
      this.findings = findings;
      return this;
    }

    /** Sets the elapsed time. */
    public Builder elapsed(Duration elapsed) {
      this.elapsed = elapsed;
      return this;
    }

    /** Sets {@link CheckReport#precision()} (default {@link Precision#FLOAT64}). */
    @API(status = API.Status.EXPERIMENTAL, since = "0.2")
    public Builder precision(Precision precision) {
      this.precision = precision;
      return this;
    }

    /** Sets {@link CheckReport#expectation()} ({@code null}: expected to pass). */
    @API(status = API.Status.EXPERIMENTAL, since = "0.2")
    public Builder expectation(ExpectedFailure expectation) {
      this.expectation = expectation;
      return this;
    }

    /** Builds the immutable report; kind, mode, tolerance and signature are required. */
    public CheckReport build() {
      return new CheckReport(this);
    }
  }
}
