package org.gradcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.gradcheck.report.ReportFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run killed in the middle (as by Ctrl-C or a CI timeout) leaves the previous reports whole. */
class InterruptedRunTest {

  @Test
  void aKilledRunLeavesThePreviousReportsIntact(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("reports");
    ReportFiles files = ReportFiles.in(out);
    for (Path f : files.targets()) {
      ReportFiles.writeAtomically(f, "previous " + f.getFileName());
    }
    Path jar = ExtraRules.jar(dir.resolve("endless.jar"), ExtraRules.Endless.class.getName());
    Path marker = dir.resolve("rule-started");
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process process =
        new ProcessBuilder(
                java.toString(),
                "-Dgradcheck.test.marker=" + marker,
                "-cp",
                System.getProperty("java.class.path"),
                GradcheckCommand.class.getName(),
                "verify",
                "--classpath",
                jar.toString(),
                "--rule",
                "^(softmax|extra/endless)$",
                "--points",
                "2",
                "--out",
                out.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("process.log").toFile())
            .start();
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!Files.exists(marker) && process.isAlive() && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertTrue(
          Files.exists(marker),
          () -> "the endless rule never started: " + readLog(dir.resolve("process.log")));
    } finally {
      process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
    for (Path f : files.targets()) {
      assertEquals("previous " + f.getFileName(), Files.readString(f), f.toString());
    }
    try (Stream<Path> left = Files.list(out)) {
      assertEquals(3, left.count(), "no temporary file left beside the reports");
    }
  }

  private static String readLog(Path log) {
    try {
      return Files.readString(log);
    } catch (java.io.IOException e) {
      return e.toString();
    }
  }

  @Test
  void aFailedWriteLeavesTheOldFileAndNoTemporaryFile(@TempDir Path dir) throws Exception {
    Path target = dir.resolve("report.json");
    ReportFiles.writeAtomically(target, "old");
    Path blocked = Files.createDirectories(dir.resolve("report.html")).resolve("x");
    Files.writeString(blocked, "a directory that cannot be replaced by a file");
    try {
      ReportFiles.writeAtomically(dir.resolve("report.html"), "new");
    } catch (java.io.UncheckedIOException expected) {
      assertTrue(expected.getMessage().contains("report.html"), expected.getMessage());
    }
    assertEquals("old", Files.readString(target));
    try (Stream<Path> left = Files.list(dir)) {
      assertEquals(
          List.of("report.html", "report.json"),
          left.map(p -> p.getFileName().toString()).sorted().toList());
    }
  }
}
