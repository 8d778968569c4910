package org.gradcheck.benchmark;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.gradcheck.CheckReport;
import org.gradcheck.GradientChecker;
import org.gradcheck.GradientFunction;
import org.gradcheck.JacobianVectorProduct;
import org.gradcheck.Mode;
import org.gradcheck.ScalarFunction;
import org.gradcheck.VectorFunction;
import org.gradcheck.VectorJacobianProduct;
import org.gradcheck.numeric.NumericDifferentiator;

/**
 * Measures the checker against the four performance targets of issue 3 and prints a table:
 *
 * <ol>
 *   <li>FULL on n = 1 000: total time against the raw time of the evaluations it needs;
 *   <li>(1b) FAST and FULL on n = 1 000 for a function costing about 0.3 ms: total time against the
 *       raw time of the same calls (issue 14's ≤ 1.1 target);
 *   <li>FAST on n = 10^6: evaluations per probe and heap used; then FAST for n = 10², …, 10⁶
 *       (evaluations, probes, time per evaluation);
 *   <li>opt-in parallel evaluation on 2 threads for an expensive function;
 *   <li>time to a verdict with the defaults on a small network's loss (n ≈ 1 500) against a plain
 *       2n central-difference sweep, and whether a 1e-4 relative error is caught.
 * </ol>
 *
 * <p>Run: {@code mvn -B -q -pl toolkit test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=org.gradcheck.benchmark.CheckerBenchmark}. Numbers go to docs/performance.md.
 * With the argument {@code full} ({@code -Dexec.args=full}) only table 1 runs; {@code full 25}
 * takes the best of 25 repeats instead of 7 (steadier on a loaded machine); {@code fast} runs only
 * table 2, {@code sweep} only its sweep over n; {@code overhead} only table 1b (FAST and FULL
 * against the raw calls for an expensive function of 1 000 inputs; {@code overhead 15}: best of
 * 15); {@code vjp} runs only table 5 (FULL through a backward pass with m = 100, n = 10^5: a minute
 * or more, so it is not part of the default run).
 */
public final class CheckerBenchmark {
  private static final int REPEATS = 7;

  /** Table 1b repeats FAST (a few milliseconds) this many times more often than FULL. */
  private static final int FAST_REPEATS_FACTOR = 10;

  /**
   * Table 1b warms FAST up with this many checks first: the JIT compiles code that runs once per
   * check (the probe setup, the statistics, the report) only after several hundred checks (with 300
   * the ratio was 1.18–1.20, with 1 000 1.05, on the same code).
   */
  private static final int WARM_FAST_CHECKS = 1000;

  private CheckerBenchmark() {}

  public static void main(String[] args) {
    System.out.printf(
        Locale.ROOT,
        "CheckerBenchmark: %d processors, load average %.1f, %s%n%n",
        Runtime.getRuntime().availableProcessors(),
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
        System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
    if (args.length > 0 && args[0].equals("fast")) {
      fastMillion();
      return;
    }
    if (args.length > 0 && args[0].equals("sweep")) {
      fastSweep();
      return;
    }
    if (args.length > 0 && args[0].equals("vjp")) {
      fullThroughBackwardPass();
      return;
    }
    if (args.length > 0 && args[0].equals("overhead")) {
      expensiveOverhead(args.length > 1 ? Integer.parseInt(args[1]) : REPEATS);
      return;
    }
    boolean onlyFull = args.length > 0 && args[0].equals("full");
    fullOverhead(onlyFull && args.length > 1 ? Integer.parseInt(args[1]) : REPEATS);
    if (onlyFull) {
      return;
    }
    expensiveOverhead(REPEATS);
    fastMillion();
    fastSweep();
    parallelSpeedup();
    timeToVerdict();
  }

  // ---- 1. FULL overhead ----------------------------------------------------------------------

  /** y = tanh(A x), A: m×n fixed; each evaluation costs m·n multiply-adds. */
  static final class DenseTanh {
    final int m;
    final int n;
    final double[] a;

    DenseTanh(int m, int n, long seed) {
      this.m = m;
      this.n = n;
      Random r = new Random(seed);
      a = new double[m * n];
      for (int k = 0; k < a.length; k++) {
        a[k] = r.nextGaussian() / Math.sqrt(n);
      }
    }

    double[] apply(double[] x) {
      double[] y = new double[m];
      for (int i = 0; i < m; i++) {
        double s = 0;
        int row = i * n;
        for (int j = 0; j < n; j++) {
          s += a[row + j] * x[j];
        }
        y[i] = Math.tanh(s);
      }
      return y;
    }

    double[] vjp(double[] x, double[] g) {
      double[] y = apply(x);
      double[] out = new double[n];
      for (int i = 0; i < m; i++) {
        double ds = g[i] * (1 - y[i] * y[i]);
        if (ds != 0) {
          int row = i * n;
          for (int j = 0; j < n; j++) {
            out[j] += ds * a[row + j];
          }
        }
      }
      return out;
    }
  }

  private static double[] randomPoint(int n, long seed) {
    Random r = new Random(seed);
    double[] x = new double[n];
    for (int j = 0; j < n; j++) {
      x[j] = r.nextGaussian();
    }
    return x;
  }

  private static void fullOverhead(int repeats) {
    int n = 1000;
    DenseTanh f = new DenseTanh(20, n, 1);
    double[] x = randomPoint(n, 2);
    GradientChecker full = GradientChecker.builder().mode(Mode.FULL).build();
    CheckReport warm = full.checkVjp(f::apply, f::vjp, x);
    if (!warm.passed()) {
      throw new IllegalStateException("correct VJP failed:\n" + warm);
    }
    long evaluations = warm.functionEvaluations();
    double[] checkTimes = new double[repeats];
    double[] rawTimes = new double[repeats];
    double[] engineTimes = new double[repeats];
    int[] columns = new int[n];
    for (int j = 0; j < n; j++) {
      columns[j] = j;
    }
    NumericDifferentiator engine = full.differentiator();
    for (int r = 0; r < repeats; r++) {
      long t0 = System.nanoTime();
      CheckReport report = full.checkVjp(f::apply, f::vjp, x);
      checkTimes[r] = System.nanoTime() - t0;
      evaluations = report.functionEvaluations();
      rawTimes[r] = rawEvaluations(f::apply, x, evaluations);
      t0 = System.nanoTime();
      engine.forEachColumn(f::apply, x, columns, (j, d) -> {});
      engineTimes[r] = System.nanoTime() - t0;
    }
    double check = best(checkTimes);
    double raw = best(rawTimes);
    double engineAlone = best(engineTimes);
    System.out.println(
        "1. FULL, n = 1 000 (y = tanh(A x), A: 20×1000, VJP check; best of " + repeats + ")");
    row("function evaluations", String.valueOf(evaluations));
    row("evaluations per column", String.format(Locale.ROOT, "%.1f", evaluations / (double) n));
    row("raw time of those evaluations", ms(raw));
    row("numeric engine alone (forEachColumn)", ms(engineAlone));
    row("checker total time", ms(check));
    row(
        "engine / raw, checker / engine",
        String.format(Locale.ROOT, "%.3f, %.3f", engineAlone / raw, check / engineAlone));
    row("total / raw (target ≤ 1.10)", String.format(Locale.ROOT, "%.3f", check / raw));
    System.out.println();
  }

  /** Time of {@code count} evaluations at x with one coordinate nudged each time. */
  private static double rawEvaluations(VectorFunction f, double[] x, long count) {
    double[] work = x.clone();
    double sink = 0;
    long t0 = System.nanoTime();
    for (long e = 0; e < count; e++) {
      int j = (int) (e % work.length);
      double keep = work[j];
      work[j] = keep + 1e-3;
      sink += f.apply(work)[0];
      work[j] = keep;
    }
    long t = System.nanoTime() - t0;
    if (sink == 42.4242) {
      System.out.println(sink);
    }
    return t;
  }

  // ---- 1b. FAST and FULL overhead, expensive function --------------------------------------

  /**
   * FAST and FULL (defaults otherwise) on y = tanh(A x), A: 500×1000 (an evaluation costs about 0.3
   * ms), checked as a VJP, against the raw time of the same calls in a bare loop: as many
   * evaluations of f as the report counts (every call, the nondeterminism re-run included) and as
   * many backward calls as it made. Best of {@code repeats} (FULL) or 10 × that (FAST), after
   * {@link #WARM_FAST_CHECKS} warm-up checks (FAST) or 2 (FULL).
   */
  private static void expensiveOverhead(int repeats) {
    int n = 1000;
    DenseTanh f = new DenseTanh(500, n, 13);
    double[] x = randomPoint(n, 14);
    double[] upstream = randomPoint(f.m, 15);
    double[] one = new double[repeats];
    rawEvaluations(f::apply, x, 2000); // warm-up
    for (int r = 0; r < one.length; r++) {
      one[r] = rawEvaluations(f::apply, x, 100) / 100;
    }
    System.out.printf(
        Locale.ROOT,
        "1b. FAST and FULL against raw calls, n = 1 000 (y = tanh(A x), A: 500×1000, VJP;"
            + " one evaluation %.3f ms; best of %d (FAST) and %d (FULL) after warm-up)%n",
        best(one) / 1e6,
        FAST_REPEATS_FACTOR * repeats,
        repeats);
    System.out.println();
    System.out.println(
        "| mode | verdict | evaluations | backward calls | raw calls | checker total | total / raw"
            + " (target ≤ 1.10) |");
    System.out.println("|---|---|---:|---:|---:|---:|---:|");
    for (Mode mode : new Mode[] {Mode.FAST, Mode.FULL}) {
      GradientChecker checker = GradientChecker.builder().mode(mode).build();
      CheckReport report = null;
      for (int w = 0; w < (mode == Mode.FAST ? WARM_FAST_CHECKS : 2); w++) {
        report = checker.checkVjp(f::apply, f::vjp, x);
      }
      int times = mode == Mode.FAST ? FAST_REPEATS_FACTOR * repeats : repeats; // FAST is cheap
      double[] checkTimes = new double[times];
      double[] rawTimes = new double[times];
      for (int r = 0; r < times; r++) {
        long t0 = System.nanoTime();
        report = checker.checkVjp(f::apply, f::vjp, x);
        checkTimes[r] = System.nanoTime() - t0;
        rawTimes[r] =
            rawEvaluations(f::apply, x, report.functionEvaluations())
                + rawBackward(f, x, upstream, report.analyticEvaluations());
      }
      double check = best(checkTimes);
      double raw = best(rawTimes);
      System.out.printf(
          Locale.ROOT,
          "| %s | %s | %d | %d | %s | %s | %.3f |%n",
          mode,
          report.passed() ? "pass" : "FAIL",
          report.functionEvaluations(),
          report.analyticEvaluations(),
          ms(raw),
          ms(check),
          check / raw);
    }
    System.out.println();
  }

  /** Time of {@code count} backward calls at x with one upstream entry nudged each time. */
  private static double rawBackward(DenseTanh f, double[] x, double[] upstream, long count) {
    return rawEvaluations(g -> f.vjp(x, g), upstream, count);
  }

  // ---- 2. FAST on n = 10^6 -------------------------------------------------------------------

  /** y = tanh(x) + 0.1x² elementwise: the cheap function of the FAST tables. */
  private static double[] elementwise(double[] z) {
    double[] y = new double[z.length];
    for (int j = 0; j < z.length; j++) {
      y[j] = Math.tanh(z[j]) + 0.1 * z[j] * z[j];
    }
    return y;
  }

  /** The JVP of {@link #elementwise}: (1 − tanh²(x) + 0.2x) ⊙ u. */
  private static double[] elementwiseJvp(double[] z, double[] u) {
    double[] out = new double[z.length];
    for (int j = 0; j < z.length; j++) {
      double t = Math.tanh(z[j]);
      out[j] = (1 - t * t + 0.2 * z[j]) * u[j];
    }
    return out;
  }

  /**
   * FAST on the elementwise function for n = 10², …, 10⁶: evaluations, probes, wall time (best of 3
   * after a warm-up check) and time per evaluation. Verdicts and counts are deterministic; only the
   * times vary.
   */
  private static void fastSweep() {
    GradientChecker fast = GradientChecker.builder().mode(Mode.FAST).build();
    System.out.println("2b. FAST over n, elementwise tanh(x) + 0.1x², JVP (best of 3 runs)");
    System.out.println();
    System.out.println(
        "| n | verdict | function evaluations | probes | wall time | wall time / evaluations"
            + " | one evaluation alone |");
    System.out.println("|---:|---|---:|---:|---:|---:|---:|");
    for (int n = 100; n <= 1_000_000; n *= 10) {
      double[] x = randomPoint(n, 12);
      fast.checkJvp(CheckerBenchmark::elementwise, CheckerBenchmark::elementwiseJvp, x);
      CheckReport report = null;
      double[] times = new double[3];
      for (int k = 0; k < times.length; k++) {
        long t0 = System.nanoTime();
        report = fast.checkJvp(CheckerBenchmark::elementwise, CheckerBenchmark::elementwiseJvp, x);
        times[k] = System.nanoTime() - t0;
      }
      double t = best(times);
      double[] alone = new double[3];
      for (int k = 0; k < alone.length; k++) {
        long t0 = System.nanoTime();
        elementwise(x);
        alone[k] = System.nanoTime() - t0;
      }
      System.out.printf(
          Locale.ROOT,
          "| 10^%d | %s | %d | %d | %s | %.1f µs | %.1f µs |%n",
          Math.round(Math.log10(n)),
          report.passed() ? "pass" : "FAIL",
          report.functionEvaluations(),
          report.probes(),
          ms(t),
          t / report.functionEvaluations() / 1e3,
          best(alone) / 1e3);
    }
    System.out.println();
  }

  private static void fastMillion() {
    int n = 1_000_000;
    double[] x = randomPoint(n, 3);
    VectorFunction elementwise = CheckerBenchmark::elementwise;
    GradientChecker fast = GradientChecker.builder().mode(Mode.FAST).build();
    System.out.println("2. FAST, n = 10^6");
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    System.gc();
    long baseline = memory.getHeapMemoryUsage().getUsed();
    PeakHeap peak = new PeakHeap();
    UserClock clock = new UserClock();
    VectorFunction timedElementwise = clock.function(elementwise);
    JacobianVectorProduct timedJvp = clock.jvp(CheckerBenchmark::elementwiseJvp);
    long t0 = System.nanoTime();
    CheckReport report = fast.checkJvp(timedElementwise, timedJvp, x);
    long t = System.nanoTime() - t0;
    long used = peak.stop() - baseline;
    fastRows("elementwise tanh(x) + 0.1x² (m = 10^6), JVP", report, t, used, n, elementwise, x);
    clock.overheadRows(t, () -> fast.checkJvp(timedElementwise, timedJvp, x));

    int size = 1000;
    double[] wx = randomPoint(size * size + size, 4);
    for (int k = 0; k < size * size; k++) {
      wx[k] /= Math.sqrt(size);
    }
    VectorFunction dense =
        z -> {
          double[] y = new double[size];
          for (int i = 0; i < size; i++) {
            double s = 0;
            int row = i * size;
            for (int j = 0; j < size; j++) {
              s += z[row + j] * z[size * size + j];
            }
            y[i] = Math.tanh(s);
          }
          return y;
        };
    VectorJacobianProduct denseVjp =
        (z, g) -> {
          double[] y = dense.apply(z);
          double[] out = new double[z.length];
          for (int i = 0; i < size; i++) {
            double ds = g[i] * (1 - y[i] * y[i]);
            int row = i * size;
            for (int j = 0; j < size; j++) {
              out[row + j] = ds * z[size * size + j];
              out[size * size + j] += ds * z[row + j];
            }
          }
          return out;
        };
    System.gc();
    baseline = memory.getHeapMemoryUsage().getUsed();
    peak = new PeakHeap();
    UserClock denseClock = new UserClock();
    VectorFunction timedDense = denseClock.function(dense);
    VectorJacobianProduct timedDenseVjp = denseClock.vjp(denseVjp);
    t0 = System.nanoTime();
    report = fast.checkVjp(timedDense, timedDenseVjp, wx);
    t = System.nanoTime() - t0;
    used = peak.stop() - baseline;
    fastRows(
        "dense layer tanh(W x), W: 1000×1000 (n = 1 001 000), VJP",
        report,
        t,
        used,
        wx.length,
        dense,
        wx);
    denseClock.overheadRows(t, () -> fast.checkVjp(timedDense, timedDenseVjp, wx));
    System.out.println();
  }

  private static void fastRows(
      String what,
      CheckReport report,
      long nanos,
      long bytes,
      int n,
      VectorFunction f,
      double[] x) {
    double one = Double.MAX_VALUE;
    for (int r = 0; r < 3; r++) {
      long t0 = System.nanoTime();
      f.apply(x);
      one = Math.min(one, System.nanoTime() - t0);
    }
    System.out.println("   " + what + ": " + (report.passed() ? "passed" : "FAILED"));
    row("probes", String.valueOf(report.probes()));
    row("function evaluations", String.valueOf(report.functionEvaluations()));
    row(
        "evaluations per probe (target ≤ 10)",
        String.format(
            Locale.ROOT, "%.1f", report.functionEvaluations() / (double) report.probes()));
    row("time", ms(nanos) + String.format(Locale.ROOT, " (= %.1f evaluations)", nanos / one));
    row(
        "peak heap above baseline",
        String.format(Locale.ROOT, "%.0f MB = %.1f × 8n bytes", bytes / 1e6, bytes / (8.0 * n)));
    row(
        "slip probability (1e-4·‖J‖ error)",
        String.format(Locale.ROOT, "%.1e", report.slipProbability()));
  }

  /**
   * Times the user's code (f and its derivative) inside a check, wall clock and CPU of the calling
   * thread, so that a check's overhead is its total time over the time its own calls took.
   */
  static final class UserClock {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private long wall;
    private long cpu;

    VectorFunction function(VectorFunction f) {
      return z -> {
        long w = System.nanoTime();
        long c = THREADS.getCurrentThreadCpuTime();
        double[] y = f.apply(z);
        cpu += THREADS.getCurrentThreadCpuTime() - c;
        wall += System.nanoTime() - w;
        return y;
      };
    }

    JacobianVectorProduct jvp(JacobianVectorProduct p) {
      return (z, u) -> function(y -> p.apply(y, u)).apply(z);
    }

    VectorJacobianProduct vjp(VectorJacobianProduct p) {
      return (z, g) -> function(y -> p.apply(y, g)).apply(z);
    }

    /**
     * Rows for the cold run just made (wall {@code coldNanos}) and the best of 3 warm runs: total
     * over the user's own calls, wall clock and thread CPU.
     */
    void overheadRows(long coldNanos, Runnable check) {
      double coldUser = wall;
      double bestWall = Double.MAX_VALUE;
      double bestWallUser = 1;
      double bestCpu = Double.MAX_VALUE;
      double bestCpuUser = 1;
      for (int r = 0; r < 3; r++) {
        wall = 0;
        cpu = 0;
        long w = System.nanoTime();
        long c = THREADS.getCurrentThreadCpuTime();
        check.run();
        double cpuTotal = THREADS.getCurrentThreadCpuTime() - c;
        double wallTotal = System.nanoTime() - w;
        if (wallTotal / wall < bestWall / bestWallUser) {
          bestWall = wallTotal;
          bestWallUser = wall;
        }
        if (cpuTotal / cpu < bestCpu / bestCpuUser) {
          bestCpu = cpuTotal;
          bestCpuUser = cpu;
        }
      }
      row(
          "total / user's calls, cold (target ≤ 1.25)",
          String.format(
              Locale.ROOT, "%.2f (%s / %s)", coldNanos / coldUser, ms(coldNanos), ms(coldUser)));
      row(
          "same, warm, best of 3: wall, thread CPU",
          String.format(
              Locale.ROOT,
              "%.2f (%s / %s), %.2f",
              bestWall / bestWallUser,
              ms(bestWall),
              ms(bestWallUser),
              bestCpu / bestCpuUser));
    }
  }

  /** Samples the used heap every millisecond until stopped; returns the peak. */
  static final class PeakHeap {
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong peak = new AtomicLong();
    private final Thread thread;

    PeakHeap() {
      MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
      thread =
          new Thread(
              () -> {
                while (running.get()) {
                  peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                  try {
                    Thread.sleep(1);
                  } catch (InterruptedException e) {
                    return;
                  }
                }
              });
      thread.setDaemon(true);
      thread.start();
    }

    long stop() {
      running.set(false);
      try {
        thread.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return peak.get();
    }
  }

  // ---- 3. parallel speedup -------------------------------------------------------------------

  private static void parallelSpeedup() {
    int n = 64;
    DenseTanh inner = new DenseTanh(400, 2000, 5);
    double[] pad = randomPoint(2000, 6);
    // an expensive function of 64 inputs: each evaluation is an 400×2000 dense layer
    VectorFunction expensive =
        x -> {
          double[] z = pad.clone();
          for (int j = 0; j < n; j++) {
            z[j] = x[j];
          }
          double[] y = inner.apply(z);
          return Arrays.copyOf(y, 4);
        };
    VectorJacobianProduct vjp =
        (x, g) -> {
          double[] z = pad.clone();
          for (int j = 0; j < n; j++) {
            z[j] = x[j];
          }
          double[] full = new double[400];
          System.arraycopy(g, 0, full, 0, 4);
          return Arrays.copyOf(inner.vjp(z, full), n);
        };
    double[] x = randomPoint(n, 7);
    GradientChecker one = GradientChecker.builder().mode(Mode.FULL).build();
    GradientChecker two = one.toBuilder().threads(2).build();
    one.checkVjp(expensive, vjp, x);
    two.checkVjp(expensive, vjp, x);
    double[] t1 = new double[REPEATS];
    double[] t2 = new double[REPEATS];
    CheckReport r1 = null;
    CheckReport r2 = null;
    for (int r = 0; r < REPEATS; r++) {
      long t0 = System.nanoTime();
      r1 = one.checkVjp(expensive, vjp, x);
      t1[r] = System.nanoTime() - t0;
      t0 = System.nanoTime();
      r2 = two.checkVjp(expensive, vjp, x);
      t2[r] = System.nanoTime() - t0;
    }
    System.out.println("3. Opt-in parallel FULL, expensive function (800k multiply-adds per call)");
    row("verdicts (1 thread, 2 threads)", r1.passed() + ", " + r2.passed());
    row("evaluations", r1.functionEvaluations() + ", " + r2.functionEvaluations());
    row("1 thread", ms(best(t1)));
    row("2 threads", ms(best(t2)));
    row("speedup (target ≥ 1.7)", String.format(Locale.ROOT, "%.2f", best(t1) / best(t2)));
    System.out.println();
  }

  // ---- 4. time to verdict on a small network ----------------------------------------------------

  /** A 20 → 50 → 10 tanh/softmax network over a batch of 16; reuses buffers (not thread-safe). */
  static final class Network {
    static final int IN = 20;
    static final int HIDDEN = 50;
    static final int CLASSES = 10;
    static final int BATCH = 16;
    final double reg;
    final double[][] batch = new double[BATCH][IN];
    final int[] labels = new int[BATCH];
    final double[] h = new double[HIDDEN];
    final double[] z = new double[CLASSES];
    final double[] dh = new double[HIDDEN];

    Network(double reg, long seed) {
      this.reg = reg;
      Random r = new Random(seed);
      for (int b = 0; b < BATCH; b++) {
        for (int k = 0; k < IN; k++) {
          batch[b][k] = r.nextGaussian();
        }
        labels[b] = r.nextInt(CLASSES);
      }
    }

    static int size() {
      return HIDDEN * IN + HIDDEN + CLASSES * HIDDEN + CLASSES;
    }

    double score(double[] t) {
      return run(t, null, reg);
    }

    /** The gradient; {@code withReg = false} forgets the 1e-4·θ regulariser term. */
    double[] gradient(double[] t, boolean withReg) {
      double[] g = new double[t.length];
      run(t, g, withReg ? reg : 0);
      return g;
    }

    private double run(double[] t, double[] grad, double gradReg) {
      int w1 = 0;
      int b1 = HIDDEN * IN;
      int w2 = b1 + HIDDEN;
      int b2 = w2 + CLASSES * HIDDEN;
      double loss = 0;
      for (int b = 0; b < BATCH; b++) {
        double[] xb = batch[b];
        for (int i = 0; i < HIDDEN; i++) {
          double s = t[b1 + i];
          for (int k = 0; k < IN; k++) {
            s += t[w1 + i * IN + k] * xb[k];
          }
          h[i] = Math.tanh(s);
        }
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < CLASSES; c++) {
          double s = t[b2 + c];
          for (int i = 0; i < HIDDEN; i++) {
            s += t[w2 + c * HIDDEN + i] * h[i];
          }
          z[c] = s;
          max = Math.max(max, s);
        }
        double sum = 0;
        for (int c = 0; c < CLASSES; c++) {
          sum += Math.exp(z[c] - max);
        }
        loss += (max + Math.log(sum) - z[labels[b]]) / BATCH;
        if (grad != null) {
          Arrays.fill(dh, 0);
          for (int c = 0; c < CLASSES; c++) {
            double dz = (Math.exp(z[c] - max) / sum - (c == labels[b] ? 1 : 0)) / BATCH;
            grad[b2 + c] += dz;
            for (int i = 0; i < HIDDEN; i++) {
              grad[w2 + c * HIDDEN + i] += dz * h[i];
              dh[i] += dz * t[w2 + c * HIDDEN + i];
            }
          }
          for (int i = 0; i < HIDDEN; i++) {
            double ds = dh[i] * (1 - h[i] * h[i]);
            grad[b1 + i] += ds;
            for (int k = 0; k < IN; k++) {
              grad[w1 + i * IN + k] += ds * xb[k];
            }
          }
        }
      }
      double sq = 0;
      for (int k = 0; k < t.length; k++) {
        sq += t[k] * t[k];
        if (grad != null) {
          grad[k] += gradReg * t[k];
        }
      }
      return loss + reg * sq / 2;
    }
  }

  /** DL4J-style: central differences with ε = 1e-6, fail when |a − n|/(|a| + |n|) > 1e-3. */
  private static boolean centralSweepPasses(ScalarFunction f, double[] grad, double[] x) {
    double[] w = x.clone();
    double eps = 1e-6;
    for (int j = 0; j < x.length; j++) {
      double keep = w[j];
      w[j] = keep + eps;
      double plus = f.apply(w);
      w[j] = keep - eps;
      double minus = f.apply(w);
      w[j] = keep;
      double numeric = (plus - minus) / (2 * eps);
      double denom = Math.abs(grad[j]) + Math.abs(numeric);
      double rel = denom == 0 ? 0 : Math.abs(grad[j] - numeric) / denom;
      if (rel > 1e-3 && Math.abs(grad[j] - numeric) > 1e-8) {
        return false;
      }
    }
    return true;
  }

  private static void timeToVerdict() {
    Network net = new Network(1e-4, 8);
    int n = Network.size();
    Random r = new Random(9);
    double[] theta = new double[n];
    for (int k = 0; k < n; k++) {
      theta[k] = 0.3 * r.nextGaussian();
    }
    ScalarFunction score = net::score;
    GradientFunction correct = t -> net.gradient(t, true);
    GradientFunction missingReg = t -> net.gradient(t, false);
    GradientFunction scaled =
        t -> {
          double[] g = net.gradient(t, true);
          for (int k = 0; k < g.length; k++) {
            g[k] *= 1 + 1e-4;
          }
          return g;
        };
    GradientFunction oneEntry =
        t -> {
          double[] g = net.gradient(t, true);
          g[123] *= 1 + 1e-4;
          return g;
        };
    GradientChecker defaults = GradientChecker.defaults();
    for (int w = 0; w < 3; w++) {
      defaults.checkGradient(score, correct, theta);
      centralSweepPasses(score, correct.gradient(theta), theta);
    }
    double[] tChecker = new double[REPEATS];
    double[] tSweep = new double[REPEATS];
    CheckReport report = null;
    for (int k = 0; k < REPEATS; k++) {
      long t0 = System.nanoTime();
      report = defaults.checkGradient(score, correct, theta);
      tChecker[k] = System.nanoTime() - t0;
      t0 = System.nanoTime();
      centralSweepPasses(score, correct.gradient(theta), theta);
      tSweep[k] = System.nanoTime() - t0;
    }
    System.out.println("4. Time to verdict, small network loss (n = " + n + "), defaults");
    row("mode chosen", report.mode() + " — " + report.modeReason());
    row("checker: evaluations", String.valueOf(report.functionEvaluations()));
    row(
        "checker: time to verdict",
        ms(best(tChecker)) + " (" + (report.passed() ? "pass" : "FAIL") + ")");
    row("2n central sweep: evaluations", String.valueOf(2 * n));
    row("2n central sweep: time", ms(best(tSweep)));
    row(
        "checker / sweep (target ≤ 1)",
        String.format(Locale.ROOT, "%.3f", best(tChecker) / best(tSweep)));
    verdictRow("missing 1e-4·θ regulariser", defaults, score, missingReg, theta);
    verdictRow("whole gradient × (1 + 1e-4)", defaults, score, scaled, theta);
    verdictRow("one entry × (1 + 1e-4)", defaults, score, oneEntry, theta);
    System.out.println();
  }

  private static void verdictRow(
      String what, GradientChecker checker, ScalarFunction f, GradientFunction g, double[] x) {
    long t0 = System.nanoTime();
    CheckReport report = checker.checkGradient(f, g, x);
    long t = System.nanoTime() - t0;
    boolean sweep = centralSweepPasses(f, g.gradient(x), x);
    row(
        what,
        String.format(
            Locale.ROOT,
            "defaults: %s (%s, %d evaluations); 2n sweep with maxRelError 1e-3: %s",
            report.passed() ? "MISSED" : "caught",
            ms(t),
            report.functionEvaluations(),
            sweep ? "MISSED" : "caught"));
  }

  // ---- 5. FULL through a backward pass, m = 100, n = 10^5 --------------------------------------

  /**
   * FULL through a VJP whose 100 × 10^5 analytic rows (80 MB) exceed the checker's 4 M-double
   * bound: evaluations per coordinate (the numeric side), backward calls and time. f is cheap (one
   * pass over x, y_i = Σ_{j in block i of 1 000} (w_j + 0.1·x_j)·x_j) so that the count, not the
   * function, is what the table shows.
   */
  private static void fullThroughBackwardPass() {
    int m = 100;
    int n = 100_000;
    int per = n / m;
    double[] w = randomPoint(n, 10);
    VectorFunction f =
        x -> {
          double[] y = new double[m];
          for (int i = 0; i < m; i++) {
            double s = 0;
            for (int j = i * per; j < (i + 1) * per; j++) {
              s += (w[j] + 0.1 * x[j]) * x[j];
            }
            y[i] = s;
          }
          return y;
        };
    VectorJacobianProduct vjp =
        (x, g) -> {
          double[] out = new double[n];
          for (int i = 0; i < m; i++) {
            for (int j = i * per; j < (i + 1) * per; j++) {
              out[j] = g[i] * (w[j] + 0.2 * x[j]);
            }
          }
          return out;
        };
    double[] x = randomPoint(n, 11);
    GradientChecker full = GradientChecker.builder().mode(Mode.FULL).build();
    long t0 = System.nanoTime();
    CheckReport report = full.checkVjp(f, vjp, x);
    long t = System.nanoTime() - t0;
    System.out.println("5. FULL through a backward pass, m = 100, n = 10^5 (one run)");
    row("verdict", report.passed() ? "pass" : "FAIL");
    row("function evaluations", String.valueOf(report.functionEvaluations()));
    row(
        "evaluations per coordinate (target ≤ 6)",
        String.format(Locale.ROOT, "%.2f", report.functionEvaluations() / (double) n));
    row("backward calls", String.valueOf(report.analyticEvaluations()));
    row("time", ms(t));
    for (String note : report.notes()) {
      if (note.contains("backward pass")) {
        row("note", note);
      }
    }
    System.out.println();
  }

  // ---- formatting ----------------------------------------------------------------------------

  private static void row(String what, String value) {
    System.out.printf(Locale.ROOT, "   %-40s %s%n", what, value);
  }

  private static String ms(double nanos) {
    return String.format(Locale.ROOT, "%.2f ms", nanos / 1e6);
  }

  /** The fastest of the repeats: the least disturbed by other processes on a shared machine. */
  private static double best(double[] values) {
    return Arrays.stream(values).min().orElseThrow();
  }
}
