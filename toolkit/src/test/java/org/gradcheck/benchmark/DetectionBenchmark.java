package org.gradcheck.benchmark;

import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.gradcheck.GradientChecker;
import org.gradcheck.generate.Generator;
import org.gradcheck.reference.KnownBugs;
import org.gradcheck.reference.ReferenceRules;
import org.gradcheck.registry.DerivativeForm;
import org.gradcheck.registry.GradientRule;

/**
 * Detection rate on the known bugs: for every {@link KnownBugs} rule, at seeded points drawn from
 * the rule's own input generators (generator k mod their number at point k), whether the default
 * checker ({@link GradientChecker#defaults()}, its raw verdict {@code report.passed()} through the
 * rule's backward pass) and the {@link FixedStepBaseline} (PyTorch's {@code gradcheck}: h = 1e-6,
 * atol 1e-5, rtol 1e-3) each catch the bug; then the same over the correct {@link ReferenceRules},
 * where a failure is a false alarm. Prints Markdown tables; the content is deterministic (no
 * timings).
 *
 * <p>Run: {@code mvn -B -q -pl toolkit -am test-compile exec:java@detection}; the arguments {@code
 * -Dexec.args="points seed"} override the defaults 20 and 16.
 */
public final class DetectionBenchmark {
  /** Points per rule unless the first argument says otherwise. */
  static final int POINTS = 20;

  /** Seed of the points unless the second argument says otherwise. */
  static final long SEED = 16;

  private DetectionBenchmark() {}

  /** Failures of both checkers over one rule's points. */
  record Tally(String rule, int points, int gradcheck, int baseline, int both) {
    Tally plus(Tally o) {
      return new Tally(
          "total",
          points + o.points,
          gradcheck + o.gradcheck,
          baseline + o.baseline,
          both + o.both);
    }
  }

  /**
   * Prints both tables.
   *
   * @param args optionally the points per rule and the seed
   */
  public static void main(String[] args) {
    int points = args.length > 0 ? Integer.parseInt(args[0]) : POINTS;
    long seed = args.length > 1 ? Long.parseLong(args[1]) : SEED;
    System.out.printf(
        Locale.ROOT,
        "%d points per rule, seed %d; gradcheck = GradientChecker.defaults() through the backward"
            + " pass; baseline = central differences h = %.0e, |a − n| ≤ %.0e + %.0e·|n|%n%n",
        points,
        seed,
        FixedStepBaseline.STEP,
        FixedStepBaseline.ATOL,
        FixedStepBaseline.RTOL);
    System.out.println("Known bugs: points where each catches the bug");
    Tally bugs = table(KnownBugs.rules(), points, seed, "caught");
    System.out.printf(
        Locale.ROOT,
        "%nCaught by gradcheck vs baseline: %d vs %d of %d points (%.0f%% vs %.0f%%)%n%n",
        bugs.gradcheck(),
        bugs.baseline(),
        bugs.points(),
        100.0 * bugs.gradcheck() / bugs.points(),
        100.0 * bugs.baseline() / bugs.points());
    System.out.println("Correct reference rules: false alarms (points where each fails)");
    table(ReferenceRules.all(), points, seed, "false alarms");
    System.out.println();
  }

  private static Tally table(List<GradientRule> rules, int points, long seed, String what) {
    System.out.printf(
        Locale.ROOT,
        "| rule | points | gradcheck %s | baseline %s | both |%n|---|---:|---:|---:|---:|%n",
        what,
        what);
    Tally total = new Tally("total", 0, 0, 0, 0);
    for (GradientRule rule : rules) {
      Tally t = tally(rule, points, seed);
      print(t);
      total = total.plus(t);
    }
    print(total);
    return total;
  }

  private static void print(Tally t) {
    System.out.printf(
        Locale.ROOT,
        "| %s | %d | %d | %d | %d |%n",
        t.rule(),
        t.points(),
        t.gradcheck(),
        t.baseline(),
        t.both());
  }

  /** Both verdicts at each of the rule's points; a point where either throws counts as caught. */
  static Tally tally(GradientRule rule, int points, long seed) {
    List<Generator<double[]>> generators = rule.generators();
    SplittableRandom seeds = new SplittableRandom(seed);
    GradientChecker checker = GradientChecker.defaults();
    int gradcheck = 0;
    int baseline = 0;
    int both = 0;
    for (int k = 0; k < points; k++) {
      double[] x = generators.get(k % generators.size()).generate(seeds.split());
      boolean a = !passes(() -> rule.check(checker, DerivativeForm.VJP, x).passed());
      boolean b = !passes(() -> FixedStepBaseline.passes(rule, x));
      gradcheck += a ? 1 : 0;
      baseline += b ? 1 : 0;
      both += a && b ? 1 : 0;
    }
    return new Tally(rule.name(), points, gradcheck, baseline, both);
  }

  private static boolean passes(java.util.function.BooleanSupplier verdict) {
    try {
      return verdict.getAsBoolean();
    } catch (RuntimeException e) {
      return false;
    }
  }
}
