package org.gradcheck.junit.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.gradcheck.generate.ChoiceSequence;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The failure database of one {@code @GradientProperty} or {@code @GradientCheck} method: one small
 * file under {@code target/gradcheck-failures} (or the directory of the configuration parameter
 * {@code gradcheck.failureDatabase}) holding the choices of the last shrunk counterexample, which
 * the next run replays first until it passes. No network; safe to delete.
 */
final class FailureDatabase {
  /** Directory of the failure database, relative to the working directory. */
  static final String DEFAULT_DIRECTORY = "target/gradcheck-failures";

  /** Configuration parameter naming another failure-database directory. */
  static final String DIRECTORY = "gradcheck.failureDatabase";

  private final Path file;
  private final Method method;

  private FailureDatabase(Path file, Method method) {
    this.file = file;
    this.method = method;
  }

  /** The database file of the test method of {@code context}. */
  static FailureDatabase of(ExtensionContext context) {
    Method method = context.getRequiredTestMethod();
    Path directory =
        Path.of(context.getConfigurationParameter(DIRECTORY).orElse(DEFAULT_DIRECTORY));
    return new FailureDatabase(
        directory.resolve(
            method.getDeclaringClass().getName() + "." + method.getName() + ".choices"),
        method);
  }

  /** The display name of the invocation that replays the stored example. */
  String replayName() {
    return "failure database replay (" + file.getFileName() + ")";
  }

  /** The stored example, if any and readable; an unreadable file is deleted. */
  Optional<ChoiceSequence> stored() {
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(ChoiceSequence.parse(Files.readString(file, StandardCharsets.UTF_8)));
    } catch (IOException | IllegalArgumentException e) {
      forget();
      return Optional.empty();
    }
  }

  /**
   * Stores the shrunk example with a header saying what it is.
   *
   * @return the sentence telling where it is stored, for the failure message
   */
  String store(ChoiceSequence choices) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      String header =
          "# gradcheck failure database: the shrunk counterexample of "
              + SettingsResolver.describe(method)
              + "\n# replayed first by the next run; delete this file to forget it\n";
      Files.writeString(file, header + choices.text(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the failure database " + file, e);
    }
    return "The shrunk example is stored in "
        + file.toAbsolutePath().normalize()
        + " and replayed first by the next run.";
  }

  /** Deletes the stored example (it passed, or no longer fits the generators). */
  void forget() {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + file, e);
    }
  }
}
