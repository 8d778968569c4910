package org.gradcheck.junit.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import org.gradcheck.CheckReport;
import org.gradcheck.generate.Generator;
import org.gradcheck.registry.GradientRule;
import org.gradcheck.report.StepCurve;
import org.gradcheck.report.TestRunReport.RecordedCheck;

/**
 * Hands the checks each test recorded (the trials of {@code @GradientCheck} and {@code
 * VerifyRegistry}, the tries of {@code @GradientProperty}) from the extension to the {@link
 * RunReportListener}s of the launcher sessions running that test, keyed by the test's unique id.
 * Both live in the same class loader: a static registry of open collectors. Thread-safe; while no
 * collector is open, recording costs nothing and keeps nothing.
 */
final class RecordedChecks {
  /** The collection of one listener's run. */
  interface Collector {
    /** True if this collector's run is running the test {@code uniqueId}. */
    boolean runs(String uniqueId);

    /** Receives the checks of one test; called from the test's thread. */
    void collect(String uniqueId, List<RecordedCheck> checks);
  }

  private static final List<Collector> OPEN = new CopyOnWriteArrayList<>();

  private RecordedChecks() {}

  /** Starts delivering the checks of the tests {@code collector} runs to it. */
  static void open(Collector collector) {
    OPEN.add(collector);
  }

  /** Stops delivering to {@code collector}. */
  static void close(Collector collector) {
    OPEN.remove(collector);
  }

  /**
   * Delivers the checks recorded in {@code state} by the test {@code uniqueId} to every open
   * collector running that test; nothing if it recorded none. A failing check of a registry rule
   * carries the error-versus-step curve of its worst entry (the rule's function is known).
   */
  static void deliver(String uniqueId, TrialState state) {
    List<Collector> running = OPEN.stream().filter(c -> c.runs(uniqueId)).toList();
    List<ReportCheck> checks = state.checks();
    if (running.isEmpty() || checks.isEmpty()) {
      return;
    }
    List<RecordedCheck> recorded = new ArrayList<>();
    for (ReportCheck check : checks) {
      CheckReport report = check.report();
      recorded.add(
          new RecordedCheck(
              check.label(), report, report.passed() ? null : stepCurve(state, report)));
    }
    List<RecordedCheck> delivered = List.copyOf(recorded);
    running.forEach(c -> c.collect(uniqueId, delivered));
  }

  /**
   * The step curve of a failing check of the trial's rule, at the point {@code TrialChecker.verify}
   * drew (generator (trial − 1) mod count, the trial's seed); null for a check of a function the
   * report does not know, or if the rule's generator or function throws.
   */
  private static StepCurve stepCurve(TrialState state, CheckReport report) {
    GradientRule rule = state.rule();
    if (rule == null || rule.generators().isEmpty()) {
      return null;
    }
    try {
      List<Generator<double[]>> generators = rule.generators();
      Generator<double[]> generator =
          generators.get((state.trial().trial() - 1) % generators.size());
      double[] x = generator.generate(new SplittableRandom(state.trial().seed()));
      return StepCurve.measure(rule.forward(), x, report).orElse(null);
    } catch (RuntimeException e) {
      return null; // a picture is not worth failing the report
    }
  }
}
