package org.gradcheck.benchmark;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.LongFunction;
import org.gradcheck.CheckReport;
import org.gradcheck.GradientChecker;
import org.gradcheck.GradientFunction;
import org.gradcheck.ScalarFunction;
import org.gradcheck.generate.Choices;
import org.gradcheck.generate.Generator;
import org.gradcheck.generate.Generators;
import org.gradcheck.generate.TargetedSearch;

/**
 * Bugs that live in small regions of the declared domain, hunted by four strategies at the same
 * budget of tries: pure random draws, edge cases only (every edge-case choice taken), random with
 * the default 10% edge cases, and targeted search (hill climbing on the worst margin, Hypothesis'
 * {@code target()}) with and without edge cases. Prints, per bug and strategy, in how many of the
 * seeds the bug was found within the budget and the median tries it needed.
 *
 * <p>Run: {@code mvn -B -q -o -pl toolkit test-compile exec:java@targeted}. Optional arguments:
 * seeds and budget ({@code -Dexec.args="20 500"}).
 */
public final class TargetedSearchBenchmark {
  private static final double EPSILON = 1e-7;
  private static final double[] WEIGHTS = {1.0, -2.0, 0.5, 3.0};

  private TargetedSearchBenchmark() {}

  /** A bug: a domain, a function and its wrong gradient, checked with one checker. */
  private record Bug(
      String name, Generator<double[]> domain, ScalarFunction f, GradientFunction gradient) {}

  /** A strategy: the choices of try k from its seed, and what it learns from each try. */
  private record Strategy(String name, double edgeShare, boolean targeted) {}

  /**
   * Runs the table.
   *
   * @param args optional: number of seeds (default 20), budget of tries (default 500)
   */
  public static void main(String[] args) {
    int seeds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    int budget = args.length > 1 ? Integer.parseInt(args[1]) : 500;
    List<Bug> bugs =
        List.of(
            new Bug(
                "layer norm backward drops ε (ε = 1e-7: fails only for var(x) ≲ 1e-5)",
                Generators.uniform(4, -1, 1),
                x -> layerNormLoss(x),
                x -> layerNormGradientWithoutEpsilon(x)),
            new Bug(
                "soft clip backward wrong beyond |x| > 2.999 of [−3, 3]",
                Generators.uniform(3, -3, 3),
                x -> softClipLoss(x),
                x -> softClipGradient(x)));
    List<Strategy> strategies =
        List.of(
            new Strategy("random", 0.0, false),
            new Strategy("edge cases only", 1.0, false),
            new Strategy("random + 10% edge cases", 0.1, false),
            new Strategy("targeted", 0.0, true),
            new Strategy("targeted + 10% edge cases", 0.1, true));
    GradientChecker checker = GradientChecker.builder().rtol(1e-2).atol(1e-9).build();
    System.out.printf(
        Locale.ROOT, "budget %d tries per seed, %d seeds, rtol 1e-2%n%n", budget, seeds);
    System.out.printf(
        Locale.ROOT, "%-70s %-27s %8s %14s%n", "bug", "strategy", "found", "median tries");
    for (Bug bug : bugs) {
      for (Strategy strategy : strategies) {
        List<Integer> needed = new ArrayList<>();
        for (int s = 1; s <= seeds; s++) {
          int tries = hunt(bug, strategy, checker, s, budget);
          if (tries > 0) {
            needed.add(tries);
          }
        }
        needed.sort(null);
        System.out.printf(
            Locale.ROOT,
            "%-70s %-27s %4d/%-3d %14s%n",
            bug.name(),
            strategy.name(),
            needed.size(),
            seeds,
            needed.isEmpty() ? "—" : Integer.toString(needed.get(needed.size() / 2)));
      }
    }
  }

  /** The 1-based try at which the bug was found, or 0 if not within the budget. */
  private static int hunt(
      Bug bug, Strategy strategy, GradientChecker checker, long seed, int budget) {
    TargetedSearch search =
        strategy.targeted() ? new TargetedSearch(strategy.edgeShare(), budget / 20) : null;
    SplittableRandom seeds = new SplittableRandom(seed);
    LongFunction<Choices> next =
        s ->
            search == null
                ? Choices.random(new SplittableRandom(s), strategy.edgeShare())
                : search.next(s);
    for (int k = 1; k <= budget; k++) {
      Choices choices = next.apply(seeds.nextLong());
      double[] x = bug.domain().draw(choices);
      CheckReport report = checker.checkGradient(bug.f(), bug.gradient(), x);
      if (!report.passed()) {
        return k;
      }
      if (search != null) {
        search.observe(choices.recorded(), TargetedSearch.worstMargin(report));
      }
    }
    return 0;
  }

  /** Σ w_i · LN(x)_i with LN(x) = (x − μ)/√(var + ε). */
  static double layerNormLoss(double[] x) {
    double[] xhat = normalised(x, EPSILON);
    double loss = 0;
    for (int i = 0; i < x.length; i++) {
      loss += WEIGHTS[i] * xhat[i];
    }
    return loss;
  }

  /** The layer-norm gradient with ε dropped from the backward pass: right only when var ≫ ε. */
  static double[] layerNormGradientWithoutEpsilon(double[] x) {
    int n = x.length;
    double[] xhat = normalised(x, 0.0);
    double sigma = Math.sqrt(variance(x));
    double meanW = 0;
    double meanWx = 0;
    for (int i = 0; i < n; i++) {
      meanW += WEIGHTS[i] / n;
      meanWx += WEIGHTS[i] * xhat[i] / n;
    }
    double[] g = new double[n];
    for (int i = 0; i < n; i++) {
      g[i] = (WEIGHTS[i] - meanW - xhat[i] * meanWx) / sigma;
    }
    return g;
  }

  private static double[] normalised(double[] x, double epsilon) {
    double mean = 0;
    for (double v : x) {
      mean += v / x.length;
    }
    double sigma = Math.sqrt(variance(x) + epsilon);
    double[] out = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      out[i] = (x[i] - mean) / sigma;
    }
    return out;
  }

  private static double variance(double[] x) {
    double mean = 0;
    for (double v : x) {
      mean += v / x.length;
    }
    double var = 0;
    for (double v : x) {
      var += (v - mean) * (v - mean) / x.length;
    }
    return var;
  }

  /** Σ c(x_i), c(x) = x − x³/27 (smooth on [−3, 3]). */
  static double softClipLoss(double[] x) {
    double loss = 0;
    for (double v : x) {
      loss += v - v * v * v / 27;
    }
    return loss;
  }

  /** c'(x) = 1 − x²/9, but beyond |x| > 2.999 the backward forgets the cubic term. */
  static double[] softClipGradient(double[] x) {
    double[] g = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      g[i] = Math.abs(x[i]) > 2.999 ? 1.0 : 1 - x[i] * x[i] / 9;
    }
    return g;
  }
}
