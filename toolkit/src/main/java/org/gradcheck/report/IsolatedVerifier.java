package org.gradcheck.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apiguardian.api.API;
import org.gradcheck.ComparedEntry;
import org.gradcheck.registry.GradientRegistry;
import org.gradcheck.registry.PointCheck;
import org.gradcheck.registry.RuleReport;
import org.gradcheck.registry.VerificationConfig;

/**
 * Verifies rules one by one (or several at a time), each isolated: any {@link Throwable} a rule
 * throws — an {@link AssertionError}, a {@link StackOverflowError}, a runtime exception — other
 * than {@link OutOfMemoryError} becomes that rule's {@link Verdict#ERRORED} outcome with the
 * exception, and the other rules still run. A runtime exception at one point (the rule's function
 * or derivative threw there, or its input generator threw drawing it) makes that point {@link
 * Verdict#ERRORED} and the rule's other points still run; the rule is then ERRORED, with the first
 * such exception, unless a point failed. Outcomes come back in the order the rules were given,
 * whatever the number of threads.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.2")
public final class IsolatedVerifier {
  private IsolatedVerifier() {}

  /**
   * Verifies one rule as {@link GradientRegistry#verify} does, at the configured points.
   *
   * @throws OutOfMemoryError if the JVM ran out of memory (the run cannot go on)
   */
  public static RuleOutcome verify(PlannedRule planned, VerificationConfig config) {
    return run(planned, p -> GradientRegistry.verify(p.rule(), config));
  }

  /**
   * Verifies one planned rule with {@code check}, turning anything it throws (but {@link
   * OutOfMemoryError}) into an {@link Verdict#ERRORED} outcome.
   */
  public static RuleOutcome run(PlannedRule planned, Function<PlannedRule, RuleReport> check) {
    Objects.requireNonNull(planned, "planned");
    long start = System.nanoTime();
    String name = planned.rule().name();
    String description = planned.rule().description();
    try {
      RuleReport report = check.apply(planned);
      List<PointOutcome> points = report.checks().stream().map(PointOutcome::of).toList();
      Optional<PointCheck> errored =
          report.checks().stream().filter(PointCheck::errored).findFirst();
      Verdict verdict =
          switch (report.status()) {
            case PASSED -> Verdict.PASSED;
            case FAILED ->
                points.stream().anyMatch(p -> p.verdict() == Verdict.FAILED)
                    ? Verdict.FAILED
                    : errored.isPresent() ? Verdict.ERRORED : Verdict.NOT_CHECKED;
            case NOT_CHECKED -> Verdict.NOT_CHECKED;
            case SKIPPED -> Verdict.SKIPPED;
          };
      return new RuleOutcome(
          name,
          description,
          planned.source(),
          planned.expectation(),
          verdict,
          planned.lesson(),
          verdict == Verdict.ERRORED ? RuleOutcome.RuleError.of(errored.get().thrown()) : null,
          points,
          stepCurve(planned, report).orElse(null),
          millisSince(start));
    } catch (OutOfMemoryError e) {
      throw e;
    } catch (Throwable e) { // NOPMD: isolation of user code is the point of this class
      return new RuleOutcome(
          name,
          description,
          planned.source(),
          planned.expectation(),
          Verdict.ERRORED,
          planned.lesson(),
          RuleOutcome.RuleError.of(e),
          List.of(),
          null,
          millisSince(start));
    }
  }

  /**
   * Verifies every rule, {@code threads} at a time, calling {@code done} (from any thread) as each
   * finishes; returns the outcomes in the order of {@code rules}.
   *
   * @throws OutOfMemoryError if a rule ran the JVM out of memory
   * @throws IllegalStateException if the calling thread is interrupted (pending rules are
   *     cancelled)
   */
  public static List<RuleOutcome> verifyAll(
      List<PlannedRule> rules, VerificationConfig config, int threads, Consumer<RuleOutcome> done) {
    Objects.requireNonNull(done, "done");
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be ≥ 1, got " + threads);
    }
    if (threads == 1) {
      List<RuleOutcome> outcomes = new ArrayList<>();
      for (PlannedRule rule : rules) {
        RuleOutcome outcome = verify(rule, config);
        done.accept(outcome);
        outcomes.add(outcome);
      }
      return outcomes;
    }
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<RuleOutcome>> futures = new ArrayList<>();
      for (PlannedRule rule : rules) {
        futures.add(
            pool.submit(
                () -> {
                  RuleOutcome outcome = verify(rule, config);
                  done.accept(outcome);
                  return outcome;
                }));
      }
      List<RuleOutcome> outcomes = new ArrayList<>();
      for (Future<RuleOutcome> future : futures) {
        outcomes.add(future.get());
      }
      return outcomes;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("verification interrupted", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException("verification failed: " + e.getCause(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  /** The step curve of the worst Jacobian entry of the check with the largest margin. */
  private static Optional<StepCurve> stepCurve(PlannedRule planned, RuleReport report) {
    PointCheck worst = null;
    ComparedEntry worstEntry = null;
    for (PointCheck check : report.checks()) {
      if (check.report() == null) {
        continue;
      }
      Optional<ComparedEntry> e = StepCurve.worstJacobianEntry(check.report());
      if (e.isPresent()
          && (worstEntry == null || Double.compare(e.get().excess(), worstEntry.excess()) > 0)) {
        worst = check;
        worstEntry = e.get();
      }
    }
    return worst == null
        ? Optional.empty()
        : StepCurve.measure(planned.rule().forward(), worst.input(), worstEntry);
  }

  private static long millisSince(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }
}
