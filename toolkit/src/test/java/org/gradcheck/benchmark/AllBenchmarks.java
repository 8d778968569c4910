package org.gradcheck.benchmark;

/**
 * Runs every benchmark of the toolkit in sequence and prints their tables, headed by a description
 * of the machine: {@link AccuracyBenchmark} (the numeric engine against the fixed-step baseline),
 * {@link CheckerBenchmark} (FULL overhead, FAST cost and memory at n = 10⁶ and its cost for n = 10²
 * to 10⁶, parallel speed-up, time to a verdict), {@link DetectionBenchmark} (the known bugs and the
 * correct reference rules, caught or passed by the default checker and by the fixed-step baseline
 * with PyTorch's tolerances), {@link ActivationScanBenchmark} (false failures of 12 correct
 * activations in FULL, silent passes of a slip), {@link FirstCheckBenchmark} (a fresh JVM's first
 * check) and {@link TargetedSearchBenchmark} (the property engine's targeted against random
 * search), each with its default arguments. Run with {@code mvn -B -q -pl toolkit -am test-compile
 * exec:java@benchmarks}. A plain program, not a test: it measures time, which never decides a test.
 */
public final class AllBenchmarks {
  private AllBenchmarks() {}

  /**
   * Prints the machine, then every benchmark's tables.
   *
   * @param args ignored: each benchmark runs with its defaults
   */
  public static void main(String[] args) throws java.io.IOException, InterruptedException {
    Runtime rt = Runtime.getRuntime();
    System.out.printf(
        "machine: %d cores, %s %s (%s), Java %s (%s), max heap %d MiB%n",
        rt.availableProcessors(),
        System.getProperty("os.name"),
        System.getProperty("os.version"),
        System.getProperty("os.arch"),
        System.getProperty("java.version"),
        System.getProperty("java.vm.name"),
        rt.maxMemory() >> 20);
    section("AccuracyBenchmark: numeric accuracy of the engine");
    AccuracyBenchmark.main(new String[0]);
    section(
        "CheckerBenchmark: checker cost (FULL, FAST, SAMPLED, parallel, memory, time to verdict)");
    CheckerBenchmark.main(new String[0]);
    section("DetectionBenchmark: known bugs caught, by gradcheck and by the fixed-step baseline");
    DetectionBenchmark.main(new String[0]);
    section("ActivationScanBenchmark: correct activations that fail, slips that pass unnoticed");
    ActivationScanBenchmark.main(new String[0]);
    section("TargetedSearchBenchmark: targeted vs random search of the property engine");
    TargetedSearchBenchmark.main(new String[0]);
    section("FirstCheckBenchmark: first check in a fresh JVM (time, classes loaded)");
    FirstCheckBenchmark.main(new String[0]);
  }

  private static void section(String title) {
    System.out.printf("%n==== %s ====%n%n", title);
    System.out.flush();
  }
}
