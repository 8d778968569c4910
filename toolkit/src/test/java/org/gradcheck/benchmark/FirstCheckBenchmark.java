package org.gradcheck.benchmark;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.gradcheck.CheckReport;
import org.gradcheck.GradientChecker;

/**
 * The first check in a fresh JVM: what every IDE single-test run and every new surefire fork pays.
 * Starts child JVMs that run one default check of a 5-input Σ tanh(x_j) from {@code main} and
 * prints a table: the time from {@code main} to the {@link CheckReport}, to its text, the classes
 * loaded in all and after {@code main}, and how many of them are Jackson's (none unless JSON is
 * asked for).
 *
 * <p>Run: {@code mvn -B -q -pl toolkit -am test-compile exec:java@first-check}. Arguments: the
 * number of fresh JVMs to time (default 15; the table shows the fastest and the median, since other
 * processes on the machine only ever add time), and optionally {@code --compare CLASSPATH} to time
 * another build (e.g. {@code main}'s {@code toolkit/target/classes}) side by side in the same run.
 */
public final class FirstCheckBenchmark {
  private static final String CHILD = "child";

  private FirstCheckBenchmark() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    if (args.length > 0 && args[0].equals(CHILD)) {
      child();
      return;
    }
    int runs = 15;
    String compare = null;
    for (int a = 0; a < args.length; a++) {
      if (args[a].equals("--compare") && a + 1 < args.length) {
        compare = args[++a];
      } else {
        runs = Integer.parseInt(args[a]);
      }
    }
    String own = ownClasspath();
    System.out.printf(
        Locale.ROOT,
        "FirstCheckBenchmark: %d fresh JVMs per build, %d processors, load average %.1f, %s%n%n",
        runs,
        Runtime.getRuntime().availableProcessors(),
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
        System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
    System.out.println(
        "| build | main → report, fastest | median | main → report text, fastest | median"
            + " | classes loaded | after main | Jackson classes |");
    System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|");
    List<String> builds = new ArrayList<>();
    List<String> classpaths = new ArrayList<>();
    if (compare != null) {
      // this benchmark's own class first, then the other build's toolkit, then the libraries
      builds.add("compared build");
      classpaths.add(testClasses(own) + File.pathSeparator + compare + libraries(own));
    }
    builds.add("this build");
    classpaths.add(own);
    // the builds take turns, so that a change in the machine's load hits both alike
    double[][] toReport = new double[builds.size()][runs];
    double[][] toText = new double[builds.size()][runs];
    for (int r = 0; r < runs; r++) {
      for (int b = 0; b < builds.size(); b++) {
        String[] result = resultLine(run(classpaths.get(b), false));
        toReport[b][r] = Long.parseLong(result[1]) / 1e6;
        toText[b][r] = Long.parseLong(result[2]) / 1e6;
      }
    }
    for (int b = 0; b < builds.size(); b++) {
      row(builds.get(b), classpaths.get(b), toReport[b], toText[b]);
    }
    System.out.println();
    System.out.println("Target (issue 14): main → report ≤ 120 ms for a 5-input function.");
  }

  /** The check a fresh JVM runs: prints nanos to the report, nanos to its text. */
  private static void child() {
    long t0 = System.nanoTime();
    CheckReport report =
        GradientChecker.defaults()
            .checkGradient(
                x -> {
                  double s = 0;
                  for (double v : x) {
                    s += Math.tanh(v);
                  }
                  return s;
                },
                x -> {
                  double[] g = new double[x.length];
                  for (int j = 0; j < x.length; j++) {
                    double t = Math.tanh(x[j]);
                    g[j] = 1 - t * t;
                  }
                  return g;
                },
                new double[] {0.1, -0.4, 0.7, 1.2, -2.0});
    long t1 = System.nanoTime();
    String text = report.toString();
    long t2 = System.nanoTime();
    if (!report.passed()) {
      throw new IllegalStateException("a correct gradient failed:\n" + text);
    }
    System.out.println("RESULT " + (t1 - t0) + " " + (t2 - t0));
  }

  private static void row(String build, String classpath, double[] toReport, double[] toText)
      throws IOException, InterruptedException {
    int runs = toReport.length;
    List<String> log = run(classpath, true);
    int total = 0;
    int afterMain = 0;
    int jackson = 0;
    boolean inMain = false;
    for (String line : log) {
      if (!line.contains("[class,load]")) {
        continue;
      }
      total++;
      inMain |= line.contains(FirstCheckBenchmark.class.getName() + " ");
      afterMain += inMain ? 1 : 0;
      jackson += line.contains("com.fasterxml.jackson") ? 1 : 0;
    }
    Arrays.sort(toReport);
    Arrays.sort(toText);
    System.out.printf(
        Locale.ROOT,
        "| %s | %.0f ms | %.0f ms | %.0f ms | %.0f ms | %d | %d | %d |%n",
        build,
        toReport[0],
        toReport[runs / 2],
        toText[0],
        toText[runs / 2],
        total,
        afterMain,
        jackson);
  }

  private static String[] resultLine(List<String> output) {
    for (String line : output) {
      if (line.startsWith("RESULT ")) {
        return line.split(" ");
      }
    }
    throw new IllegalStateException(
        "the child JVM printed no result:\n" + String.join("\n", output));
  }

  private static List<String> run(String classpath, boolean logClasses)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(java());
    if (logClasses) {
      command.add("-Xlog:class+load=info:stdout");
    }
    command.addAll(List.of("-cp", classpath, FirstCheckBenchmark.class.getName(), CHILD));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    List<String> lines = new ArrayList<>();
    try (BufferedReader in =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        lines.add(line);
      }
    }
    if (p.waitFor() != 0) {
      throw new IllegalStateException("the child JVM failed:\n" + String.join("\n", lines));
    }
    return lines;
  }

  /** The test-classes entry of a classpath (where this benchmark lives). */
  private static String testClasses(String classpath) {
    for (String entry : classpath.split(File.pathSeparator)) {
      if (entry.endsWith("test-classes") || entry.endsWith("test-classes" + File.separator)) {
        return entry;
      }
    }
    throw new IllegalStateException("no test-classes directory on the classpath " + classpath);
  }

  /** The jar entries of a classpath (the toolkit's libraries), each preceded by a separator. */
  private static String libraries(String classpath) {
    StringBuilder sb = new StringBuilder();
    for (String entry : classpath.split(File.pathSeparator)) {
      if (entry.endsWith(".jar")) {
        sb.append(File.pathSeparator).append(entry);
      }
    }
    return sb.toString();
  }

  /** The running JVM's java launcher. */
  private static String java() {
    return System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
  }

  /**
   * This program's classpath: its class loader's (exec:java runs it in an isolated loader inside
   * Maven's JVM), else the JVM's.
   */
  private static String ownClasspath() {
    if (FirstCheckBenchmark.class.getClassLoader() instanceof URLClassLoader loader) {
      List<String> entries = new ArrayList<>();
      for (URL url : loader.getURLs()) {
        try {
          entries.add(new File(url.toURI()).getPath());
        } catch (URISyntaxException e) {
          throw new IllegalStateException("not a file on the classpath: " + url, e);
        }
      }
      if (!entries.isEmpty()) {
        return String.join(File.pathSeparator, entries);
      }
    }
    return System.getProperty("java.class.path");
  }
}
