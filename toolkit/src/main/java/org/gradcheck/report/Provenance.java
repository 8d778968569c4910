package org.gradcheck.report;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Objects;
import java.util.Properties;
import org.apiguardian.api.API;

/**
 * Which tool made a report, on which JVM, when.
 *
 * @param toolVersion the gradcheck version
 * @param commit the git commit gradcheck was built from (recorded by the build from the git
 *     checkout), or {@code null} when the build could not ask git
 * @param jvm the Java runtime, e.g. {@code 17.0.12 (Eclipse Adoptium)}
 * @param os the operating system, e.g. {@code Linux 6.1 amd64}
 * @param timestamp when the run started
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.2")
public record Provenance(
    String toolVersion, String commit, String jvm, String os, Instant timestamp) {
  private static final String BUILD_PROPERTIES = "/org/gradcheck/report/build.properties";

  /** Validates the fields (only the commit may be null). */
  public Provenance {
    Objects.requireNonNull(toolVersion, "toolVersion");
    Objects.requireNonNull(jvm, "jvm");
    Objects.requireNonNull(os, "os");
    Objects.requireNonNull(timestamp, "timestamp");
  }

  /** This tool, this JVM, now. */
  public static Provenance current() {
    Properties build = new Properties();
    try (InputStream in = Provenance.class.getResourceAsStream(BUILD_PROPERTIES)) {
      if (in != null) {
        build.load(in);
      }
    } catch (IOException e) {
      // an unreadable resource leaves the version unknown; a report is still worth writing
    }
    String commit = build.getProperty("commit", "");
    return new Provenance(
        known(build.getProperty("version", "")) ? build.getProperty("version") : "unknown",
        known(commit) ? commit : null,
        System.getProperty("java.runtime.version", System.getProperty("java.version"))
            + " ("
            + System.getProperty("java.vendor", "unknown vendor")
            + ")",
        System.getProperty("os.name")
            + " "
            + System.getProperty("os.version")
            + " "
            + System.getProperty("os.arch"),
        Instant.now());
  }

  /** False for an empty, unfiltered ({@code ${…}}) or {@code unknown} build property. */
  private static boolean known(String value) {
    return !value.isBlank() && !value.startsWith("${") && !value.equals("unknown");
  }
}
