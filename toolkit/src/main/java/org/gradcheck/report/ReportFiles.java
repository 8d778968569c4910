package org.gradcheck.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * Where the reports of a run go, and how they get there: every target is checked writable before
 * any work ({@link #checkWritable()}), every report is rendered before any file is touched, and
 * each file is written to a temporary file beside it and then moved over the old one — so an
 * interrupted or failed run leaves the previous reports whole.
 *
 * @param html the HTML report, or {@code null}
 * @param json the JSON report, or {@code null}
 * @param junitXml the JUnit XML report, or {@code null}
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.2")
public record ReportFiles(Path html, Path json, Path junitXml) {
  /** File name of the HTML report inside an output directory. */
  public static final String HTML_NAME = "report.html";

  /** File name of the JSON report inside an output directory. */
  public static final String JSON_NAME = "report.json";

  /** File name of the JUnit XML report inside an output directory. */
  public static final String XML_NAME = "report-junit.xml";

  /** All three reports in {@code directory}: report.html, report.json, report-junit.xml. */
  public static ReportFiles in(Path directory) {
    return new ReportFiles(
        directory.resolve(HTML_NAME), directory.resolve(JSON_NAME), directory.resolve(XML_NAME));
  }

  /** The configured targets, in the order HTML, JSON, JUnit XML. */
  public List<Path> targets() {
    List<Path> targets = new ArrayList<>();
    Optional.ofNullable(html).ifPresent(targets::add);
    Optional.ofNullable(json).ifPresent(targets::add);
    Optional.ofNullable(junitXml).ifPresent(targets::add);
    return targets;
  }

  /**
   * Checks that each target can be written: its directory exists or can be created and accepts a
   * new file, and the target is not a directory.
   *
   * @return the first problem, naming the file, or empty if all can be written
   */
  public Optional<String> checkWritable() {
    for (Path target : targets()) {
      Path file = target.toAbsolutePath();
      if (Files.isDirectory(file)) {
        return Optional.of("cannot write the report " + file + ": it is a directory");
      }
      Path dir = file.getParent();
      try {
        Files.createDirectories(dir);
        Path probe = Files.createTempFile(dir, ".gradcheck-", ".probe");
        Files.delete(probe);
      } catch (IOException | UnsupportedOperationException | SecurityException e) {
        return Optional.of(
            "cannot write the report "
                + file
                + ": directory "
                + dir
                + " is not writable ("
                + e
                + ")");
      }
      if (Files.exists(file) && !Files.isWritable(file)) {
        return Optional.of("cannot write the report " + file + ": the file is read-only");
      }
    }
    return Optional.empty();
  }

  /**
   * Renders every configured report, then writes each atomically.
   *
   * @return the files written
   * @throws UncheckedIOException naming the file that could not be written
   */
  public List<Path> write(RunReport run) {
    List<String> contents = new ArrayList<>();
    if (html != null) {
      contents.add(HtmlReport.render(run));
    }
    if (json != null) {
      contents.add(JsonReport.render(run));
    }
    if (junitXml != null) {
      contents.add(JunitXmlReport.render(run));
    }
    List<Path> targets = targets();
    for (int i = 0; i < targets.size(); i++) {
      writeAtomically(targets.get(i), contents.get(i));
    }
    return targets;
  }

  /** A temporary file is private to its owner; a report is as readable as any written file. */
  private static void readableByAll(Path temp) throws IOException {
    if (temp.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-r--r--"));
    }
  }

  /**
   * Writes {@code content} to a temporary file in {@code target}'s directory, then moves it over
   * {@code target} (atomically where the file system can); the temporary file never outlives a
   * failure.
   */
  public static void writeAtomically(Path target, String content) {
    Path file = target.toAbsolutePath();
    Path temp = null;
    try {
      Files.createDirectories(file.getParent());
      temp = Files.createTempFile(file.getParent(), "." + file.getFileName() + "-", ".tmp");
      Files.writeString(temp, content, StandardCharsets.UTF_8);
      readableByAll(temp);
      try {
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
      }
      temp = null;
    } catch (IOException e) {
      throw new UncheckedIOException("could not write the report " + file + ": " + e, e);
    } finally {
      if (temp != null) {
        try {
          Files.deleteIfExists(temp);
        } catch (IOException ignored) {
          // the failure above is the one to report
        }
      }
    }
  }
}
