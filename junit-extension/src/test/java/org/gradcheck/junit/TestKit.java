package org.gradcheck.junit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.engine.OutputDirectoryCreator;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.Events;

/**
 * Runs fixture classes on the Jupiter engine through the {@link EngineTestKit}, isolated from
 * system properties and {@code junit-platform.properties}. Fixtures carry {@link Fixture} so that
 * they run only here, never in the normal test run.
 */
final class TestKit {
  private static final String ENABLED = "gradcheck.fixtures";

  /**
   * The failure database's directory: a fresh one per run unless the test names one, so that no run
   * replays what an earlier one stored.
   */
  private static final String FAILURE_DATABASE = "gradcheck.failureDatabase";

  private TestKit() {}

  /** Marks a fixture class: it runs only inside {@link TestKit#run}. */
  @Target(ElementType.TYPE)
  @Retention(RetentionPolicy.RUNTIME)
  @ExtendWith(OnlyInTestKit.class)
  @interface Fixture {}

  /** Disables fixtures outside the test kit. */
  static final class OnlyInTestKit implements ExecutionCondition {
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
      return context.getConfigurationParameter(ENABLED).isPresent()
          ? ConditionEvaluationResult.enabled("run by TestKit")
          : ConditionEvaluationResult.disabled("a fixture, run only by TestKit");
    }
  }

  /** Runs {@code fixture} with the given configuration parameters (key, value, key, value, …). */
  static EngineExecutionResults run(Class<?> fixture, String... keyValues) {
    return run(fixture, null, keyValues);
  }

  /**
   * Runs {@code fixture} with an output directory under {@code root}, so that files can be
   * published (without one, the test kit refuses them).
   */
  static EngineExecutionResults runWithOutput(Class<?> fixture, Path root, String... keyValues) {
    return run(fixture, root, keyValues);
  }

  private static EngineExecutionResults run(Class<?> fixture, Path root, String... keyValues) {
    Map<String, String> parameters = new HashMap<>();
    for (int k = 0; k + 1 < keyValues.length; k += 2) {
      parameters.put(keyValues[k], keyValues[k + 1]);
    }
    parameters.put(ENABLED, "true");
    Path failures = null;
    if (!parameters.containsKey(FAILURE_DATABASE)) {
      try {
        failures = Files.createTempDirectory("gradcheck-failures");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      parameters.put(FAILURE_DATABASE, failures.toString());
    }
    EngineTestKit.Builder kit =
        EngineTestKit.engine("junit-jupiter")
            .selectors(selectClass(fixture))
            .enableImplicitConfigurationParameters(false)
            .configurationParameters(parameters);
    if (root != null) {
      kit.outputDirectoryCreator(new DirectoryPerTest(root));
    }
    try {
      return kit.execute();
    } finally {
      if (failures != null) {
        deleteTree(failures);
      }
    }
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One output directory per test descriptor under a root. */
  private record DirectoryPerTest(Path root) implements OutputDirectoryCreator {
    @Override
    public Path getRootDirectory() {
      return root;
    }

    @Override
    public Path createOutputDirectory(TestDescriptor descriptor) throws IOException {
      String name = Integer.toHexString(descriptor.getUniqueId().toString().hashCode());
      return Files.createDirectories(root.resolve(name));
    }
  }

  /** Display names of the events, in order. */
  static List<String> names(Events events) {
    return events.map(e -> e.getTestDescriptor().getDisplayName()).collect(Collectors.toList());
  }

  /** The hex seed in a trial's display name, e.g. {@code 0x5DEECE66D}. */
  static String seedIn(String displayName) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("seed (0x[0-9A-F]+)").matcher(displayName);
    if (!m.find()) {
      throw new AssertionError("no seed in display name '" + displayName + "'");
    }
    return m.group(1);
  }

  /** The message of the throwable a failed event carries. */
  static String message(Event failed) {
    return failed
        .getRequiredPayload(TestExecutionResult.class)
        .getThrowable()
        .map(TestKit::fullText)
        .orElse("");
  }

  /** The throwable of a failed event. */
  static Throwable throwable(Event failed) {
    return failed.getRequiredPayload(TestExecutionResult.class).getThrowable().orElseThrow();
  }

  private static String fullText(Throwable t) {
    StringBuilder text = new StringBuilder(String.valueOf(t.getMessage()));
    for (Throwable s : t.getSuppressed()) {
      text.append("\n[suppressed] ").append(s.getMessage());
    }
    return text.toString();
  }

  /** Values of the report entries with key {@code key}, in order of publication. */
  static List<String> entries(EngineExecutionResults results, String key) {
    return results
        .allEvents()
        .reportingEntryPublished()
        .map(e -> e.getRequiredPayload(ReportEntry.class).getKeyValuePairs().get(key))
        .filter(v -> v != null)
        .collect(Collectors.toList());
  }
}
