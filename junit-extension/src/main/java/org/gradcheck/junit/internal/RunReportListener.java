package org.gradcheck.junit.internal;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apiguardian.api.API;
import org.gradcheck.report.Provenance;
import org.gradcheck.report.ReportFiles;
import org.gradcheck.report.TestRunHtmlReport;
import org.gradcheck.report.TestRunJsonReport;
import org.gradcheck.report.TestRunReport;
import org.gradcheck.report.TestRunReport.RecordedCheck;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * One report for a whole JUnit run: collects every check made by the run's {@code @GradientCheck},
 * {@code @GradientProperty} and {@code @VerifyRegistry} tests and, when the run ends, writes
 * {@value #HTML_NAME} ({@link TestRunHtmlReport}) and {@value #JSON_NAME} ({@link
 * TestRunJsonReport}) into the report directory, each atomically. Writes nothing — not even the
 * directory — when the run made no gradient check.
 *
 * <p>Registered by the extension's jar ({@code META-INF/services}), so that {@code mvn test} or an
 * IDE run leaves the report without configuration. Configuration parameters: {@value #ENABLED}
 * ({@code true} by default; {@code false} turns it off) and {@value #DIRECTORY} (default {@value
 * #DEFAULT_DIRECTORY}, relative to the working directory). Not for direct use.
 */
@API(status = API.Status.INTERNAL)
public final class RunReportListener implements TestExecutionListener {
  /** Configuration parameter: {@code false} turns the report off. */
  static final String ENABLED = "gradcheck.report.enabled";

  /** Configuration parameter: the report's directory. */
  static final String DIRECTORY = "gradcheck.report.dir";

  /** The report's directory unless configured, relative to the working directory. */
  static final String DEFAULT_DIRECTORY = "target/gradcheck-report";

  /** File name of the HTML report. */
  static final String HTML_NAME = "index.html";

  /** File name of the JSON report. */
  static final String JSON_NAME = "index.json";

  private volatile Run run;

  /** Created by the launcher through {@code ServiceLoader}. */
  public RunReportListener() {}

  @Override
  public void testPlanExecutionStarted(TestPlan testPlan) {
    if (enabled(testPlan)) {
      Run started = new Run(testPlan, directory(testPlan));
      run = started;
      RecordedChecks.open(started);
    }
  }

  @Override
  public void executionStarted(TestIdentifier testIdentifier) {
    Run current = run;
    if (current != null) {
      current.started(testIdentifier);
    }
  }

  @Override
  public void executionFinished(TestIdentifier testIdentifier, TestExecutionResult result) {
    Run current = run;
    if (current != null) {
      current.results.put(testIdentifier.getUniqueId(), result.getStatus().name());
    }
  }

  @Override
  public void testPlanExecutionFinished(TestPlan testPlan) {
    Run finished = run;
    run = null;
    if (finished == null) {
      return;
    }
    RecordedChecks.close(finished);
    TestRunReport report = finished.report();
    if (report.tests().isEmpty()) {
      return;
    }
    Path html = finished.directory.resolve(HTML_NAME);
    Path json = finished.directory.resolve(JSON_NAME);
    try {
      String page = TestRunHtmlReport.render(report);
      String data = TestRunJsonReport.render(report);
      Optional<String> problem = new ReportFiles(html, json, null).checkWritable();
      if (problem.isPresent()) {
        System.err.println("gradcheck: " + problem.get());
        return;
      }
      ReportFiles.writeAtomically(json, data);
      ReportFiles.writeAtomically(html, page);
      System.out.println("gradcheck: " + report.summary() + "; report: " + html);
    } catch (UncheckedIOException e) {
      System.err.println("gradcheck: " + e.getMessage());
    }
  }

  /** {@value #ENABLED}: true unless {@code false}; another value is named and ignored. */
  private static boolean enabled(TestPlan plan) {
    Optional<String> value = plan.getConfigurationParameters().get(ENABLED);
    if (value.isEmpty()) {
      return true;
    }
    String v = value.get().trim().toLowerCase(Locale.ROOT);
    if (!v.equals("true") && !v.equals("false")) {
      System.err.println(
          "gradcheck: configuration parameter "
              + ENABLED
              + " = '"
              + value.get()
              + "' is neither true nor false; the report stays on");
    }
    return !v.equals("false");
  }

  private static Path directory(TestPlan plan) {
    String dir =
        plan.getConfigurationParameters()
            .get(DIRECTORY)
            .filter(d -> !d.isBlank())
            .orElse(DEFAULT_DIRECTORY);
    return Path.of(dir.trim()).toAbsolutePath();
  }

  /** The tests and checks of one test plan's execution. */
  private static final class Run implements RecordedChecks.Collector {
    private final TestPlan plan;
    private final Path directory;
    private final Provenance provenance = Provenance.current();
    private final long startNanos = System.nanoTime();
    private final AtomicLong sequence = new AtomicLong();
    private final Map<String, Long> order = new ConcurrentHashMap<>();
    private final Map<String, TestIdentifier> identifiers = new ConcurrentHashMap<>();
    private final Map<String, String> results = new ConcurrentHashMap<>();
    private final Map<String, List<RecordedCheck>> checks = new ConcurrentHashMap<>();

    Run(TestPlan plan, Path directory) {
      this.plan = plan;
      this.directory = directory;
    }

    void started(TestIdentifier test) {
      order.putIfAbsent(test.getUniqueId(), sequence.getAndIncrement());
      identifiers.put(test.getUniqueId(), test);
    }

    @Override
    public boolean runs(String uniqueId) {
      return order.containsKey(uniqueId);
    }

    @Override
    public void collect(String uniqueId, List<RecordedCheck> recorded) {
      checks.merge(
          uniqueId,
          recorded,
          (a, b) -> {
            List<RecordedCheck> both = new ArrayList<>(a);
            both.addAll(b);
            return List.copyOf(both);
          });
    }

    TestRunReport report() {
      List<TestRunReport.TestCase> tests = new ArrayList<>();
      checks.keySet().stream()
          .sorted(Comparator.comparing(order::get))
          .forEach(
              id ->
                  tests.add(
                      new TestRunReport.TestCase(
                          id,
                          path(identifiers.get(id)),
                          results.getOrDefault(id, "UNKNOWN"),
                          checks.get(id))));
      return new TestRunReport(provenance, tests, (System.nanoTime() - startNanos) / 1_000_000);
    }

    /** Display names from the outermost container below the engine down to {@code test}. */
    private List<String> path(TestIdentifier test) {
      List<String> path = new ArrayList<>();
      TestIdentifier t = test;
      while (t != null) {
        Optional<TestIdentifier> parent = plan.getParent(t);
        if (parent.isEmpty()) {
          break; // t is the engine
        }
        path.add(0, t.getDisplayName());
        t = parent.get();
      }
      return path.isEmpty() ? List.of(test.getDisplayName()) : path;
    }
  }
}
