package org.gradcheck.benchmark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;
import org.ejml.data.DMatrixRMaj;
import org.gradcheck.CheckReport;
import org.gradcheck.Elementwise;
import org.gradcheck.GradientChecker;
import org.gradcheck.Mode;
import org.gradcheck.Tolerance;
import org.gradcheck.VectorFunction;
import org.gradcheck.numeric.Derivative;
import org.gradcheck.numeric.NumericDifferentiator;

/**
 * Accuracy benchmark of the numeric differentiation engine: for functions with closed-form
 * derivatives, the relative error, the evaluation count and whether the reported error estimate
 * bounds the true error, for (a) the classic central difference with h = 1e-6, (b) the default
 * engine and (c) adaptive Richardson. A second part sweeps seeded random points per function.
 *
 * <p>Run: see README (first command). Prints Markdown tables.
 */
public final class AccuracyBenchmark {
  private AccuracyBenchmark() {}

  /** A function with its closed-form derivative, at a point, or over an interval of points. */
  record Case(
      String name, DoubleUnaryOperator f, DoubleUnaryOperator df, double x, double lo, double hi) {}

  static double sigmoid(double x) {
    return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
  }

  static double softplus(double x) {
    return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
  }

  static double logSumExp(double x) {
    double max = Math.max(x, 1.0);
    return max + Math.log(Math.exp(x - max) + Math.exp(1.0 - max) + Math.exp(-2.0 - max));
  }

  static double softmax0(double x) {
    return 1 / (1 + Math.exp(0.3 - x) + Math.exp(-1.2 - x));
  }

  static double softmax1(double x) {
    return Math.exp(0.3) / (Math.exp(x) + Math.exp(0.3) + Math.exp(-1.2));
  }

  static List<Case> cases() {
    List<Case> c = new ArrayList<>();
    c.add(new Case("exp", Math::exp, Math::exp, 1.3, -3, 3));
    c.add(new Case("exp, tiny values", Math::exp, Math::exp, -30, -40, -20));
    c.add(new Case("exp, large x", Math::exp, Math::exp, 50, 40, 60));
    c.add(new Case("log near 0", Math::log, x -> 1 / x, 1e-3, 1e-3, 1e-2));
    c.add(new Case("log far from 0", Math::log, x -> 1 / x, 1e6, 1e5, 1e7));
    c.add(new Case("sin, large argument", Math::sin, Math::cos, 1e5 + 0.3, 1e4, 1e5));
    c.add(new Case("cos, large argument", Math::cos, x -> -Math.sin(x), 12345.6, 1e3, 1e4));
    c.add(new Case("sin", Math::sin, Math::cos, 0.7, -3, 3));
    c.add(new Case("sqrt near 0", Math::sqrt, x -> 0.5 / Math.sqrt(x), 1e-4, 1e-4, 1e-3));
    c.add(new Case("sqrt", Math::sqrt, x -> 0.5 / Math.sqrt(x), 2.5, 0.5, 5));
    c.add(new Case("x^3.7", x -> Math.pow(x, 3.7), x -> 3.7 * Math.pow(x, 2.7), 2.2, 0.5, 5));
    c.add(new Case("x^-2.5", x -> Math.pow(x, -2.5), x -> -2.5 * Math.pow(x, -3.5), 0.4, 0.2, 2));
    c.add(new Case("tanh", Math::tanh, x -> 1 - Math.tanh(x) * Math.tanh(x), 0.8, -2, 2));
    c.add(new Case("tanh, saturated", Math::tanh, x -> 1 / (Math.cosh(x) * Math.cosh(x)), 6, 4, 8));
    c.add(
        new Case("sigmoid", AccuracyBenchmark::sigmoid, x -> sigmoid(x) * sigmoid(-x), -3, -6, 6));
    c.add(new Case("softplus", AccuracyBenchmark::softplus, AccuracyBenchmark::sigmoid, 2, -4, 4));
    c.add(
        new Case(
            "softplus, tiny values",
            AccuracyBenchmark::softplus,
            AccuracyBenchmark::sigmoid,
            -30,
            -35,
            -25));
    c.add(
        new Case(
            "logsumexp(x, 1, -2)",
            AccuracyBenchmark::logSumExp,
            x -> Math.exp(x - logSumExp(x)),
            0.5,
            -3,
            3));
    c.add(
        new Case(
            "softmax diagonal entry",
            AccuracyBenchmark::softmax0,
            x -> softmax0(x) * (1 - softmax0(x)),
            0.2,
            -3,
            3));
    c.add(
        new Case(
            "softmax off-diagonal entry",
            AccuracyBenchmark::softmax1,
            x -> -softmax1(x) * softmax0(x),
            0.2,
            -3,
            3));
    c.add(
        new Case(
            "(1+x²)/(1+x+x³)",
            x -> (1 + x * x) / (1 + x + x * x * x),
            x ->
                (2 * x * (1 + x + x * x * x) - (1 + x * x) * (1 + 3 * x * x))
                    / Math.pow(1 + x + x * x * x, 2),
            0.9,
            0,
            3));
    c.add(
        new Case(
            "1/(1-x) near the pole",
            x -> 1 / (1 - x),
            x -> 1 / ((1 - x) * (1 - x)),
            0.99,
            0.9,
            0.99));
    c.add(new Case("1e8·x² (badly scaled)", x -> 1e8 * x * x, x -> 2e8 * x, 0.5, -3, 3));
    c.add(
        new Case(
            "1e-20·sin(x) (tiny)", x -> 1e-20 * Math.sin(x), x -> 1e-20 * Math.cos(x), 1.1, -3, 3));
    c.add(
        new Case(
            "x·exp(-x²)",
            x -> x * Math.exp(-x * x),
            x -> (1 - 2 * x * x) * Math.exp(-x * x),
            2,
            -3,
            3));
    c.add(new Case("atan, large x", Math::atan, x -> 1 / (1 + x * x), 1e3, 1e2, 1e4));
    c.add(new Case("x^5 polynomial", x -> x * x * x * x * x, x -> 5 * x * x * x * x, -1.7, -3, 3));
    c.add(
        new Case(
            "sin(1/x)", x -> Math.sin(1 / x), x -> -Math.cos(1 / x) / (x * x), 0.05, 0.05, 0.5));
    return c;
  }

  /** One engine's outcome on one case. */
  record Outcome(double relativeError, long evaluations, boolean bounded, double estimate) {}

  static Outcome run(NumericDifferentiator engine, Case c, double x) {
    double truth = c.df().applyAsDouble(x);
    try {
      Derivative d = engine.derivative(c.f(), x);
      double error = Math.abs(d.value() - truth);
      double scale = Math.abs(truth) > 0 ? Math.abs(truth) : 1.0;
      return new Outcome(error / scale, d.evaluations(), error <= d.error(), d.error() / scale);
    } catch (RuntimeException e) {
      return new Outcome(Double.POSITIVE_INFINITY, 0, false, Double.NaN);
    }
  }

  static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : 0.5 * (s[n / 2 - 1] + s[n / 2]);
  }

  static double max(double[] v) {
    return Arrays.stream(v).max().orElse(Double.NaN);
  }

  /** Prints the tables. */
  public static void main(String[] args) {
    String[] names = {"(a) central h=1e-6", "(b) default", "(c) adaptive Richardson"};
    NumericDifferentiator[] engines = {
      NumericDifferentiator.classic(),
      NumericDifferentiator.defaults(),
      NumericDifferentiator.richardson()
    };
    List<Case> cases = cases();
    int k = engines.length;
    double[][] errors = new double[k][cases.size()];
    double[][] evaluations = new double[k][cases.size()];
    int[] bounded = new int[k];
    StringBuilder out = new StringBuilder();
    out.append("## Fixed points (").append(cases.size()).append(" functions)\n\n");
    out.append(
        "Relative error |D − f'|/|f'| · evaluations (including f(x)) · ✓ if the error estimate bounds the true error.\n\n");
    out.append("| function | x | (a) central h=1e-6 | (b) default | (c) adaptive Richardson |\n");
    out.append("|---|---:|---:|---:|---:|\n");
    for (int i = 0; i < cases.size(); i++) {
      Case c = cases.get(i);
      out.append("| ").append(c.name()).append(" | ").append(fmt(c.x())).append(" |");
      for (int e = 0; e < k; e++) {
        Outcome o = run(engines[e], c, c.x());
        errors[e][i] = o.relativeError();
        evaluations[e][i] = o.evaluations();
        bounded[e] += o.bounded() ? 1 : 0;
        out.append(
            String.format(
                Locale.ROOT,
                " %.1e · %d %s |",
                o.relativeError(),
                o.evaluations(),
                o.bounded() ? "✓" : "✗"));
      }
      out.append('\n');
    }
    out.append('\n');
    summary(out, names, errors, evaluations, bounded, cases.size());

    int perCase = 200;
    long seed = 20261124L;
    Random random = new Random(seed);
    int total = cases.size() * perCase;
    double[][] sweepErrors = new double[k][total];
    double[][] sweepEvaluations = new double[k][total];
    int[] sweepBounded = new int[k];
    double[][] overEstimate = new double[k][total];
    String[] labels = new String[total];
    java.util.Map<String, int[]> missed = new java.util.LinkedHashMap<>();
    int index = 0;
    for (Case c : cases()) {
      for (int s = 0; s < perCase; s++) {
        double x = c.lo() + (c.hi() - c.lo()) * random.nextDouble();
        for (int e = 0; e < k; e++) {
          Outcome o = run(engines[e], c, x);
          sweepErrors[e][index] = o.relativeError();
          sweepEvaluations[e][index] = o.evaluations();
          sweepBounded[e] += o.bounded() ? 1 : 0;
          if (!o.bounded()) {
            missed.computeIfAbsent(c.name(), n -> new int[k])[e]++;
          }
          overEstimate[e][index] = o.estimate() / Math.max(o.relativeError(), 1e-17);
        }
        labels[index] = c.name() + " at x = " + x;
        index++;
      }
    }
    out.append("\n## Random sweep (")
        .append(perCase)
        .append(" seeded random points per function over its interval, seed ")
        .append(seed)
        .append(", ")
        .append(total)
        .append(" derivatives)\n\n");
    summary(out, names, sweepErrors, sweepEvaluations, sweepBounded, total);
    out.append("\nMedian of estimate / true error (how pessimistic the error bar is): ");
    for (int e = 0; e < k; e++) {
      out.append(names[e])
          .append(String.format(Locale.ROOT, " %.1f", median(overEstimate[e])))
          .append(e + 1 < k ? ", " : "\n");
    }
    out.append("\nSweep points where the estimate did not bound the error, by function (a/b/c): ");
    missed.forEach(
        (name, counts) ->
            out.append(name).append(' ').append(Arrays.toString(counts)).append("; "));
    out.append("\n\nWorst sweep cases:\n\n");
    for (int e = 0; e < k; e++) {
      Integer[] order = new Integer[total];
      for (int i = 0; i < total; i++) {
        order[i] = i;
      }
      double[] err = sweepErrors[e];
      Arrays.sort(order, (a, b) -> Double.compare(err[b], err[a]));
      out.append("- ").append(names[e]).append(": ");
      for (int i = 0; i < 3; i++) {
        out.append(
            String.format(
                Locale.ROOT, "%s (%.1e)%s", labels[order[i]], err[order[i]], i < 2 ? "; " : "\n"));
      }
    }
    fullCheck(out, cases, perCase, seed);
    System.out.print(out);
  }

  /** One engine's numeric columns on an elementwise map: cost, decided columns, accuracy. */
  record ColumnSweep(
      long evaluations,
      int decided,
      double[] relativeErrors,
      int bounded,
      int decidedBounded,
      boolean[] rtolGoverns) {}

  /**
   * The numeric columns the checker's FULL sweep computes for f applied elementwise to {@code x}
   * (diagonal Jacobian f'(x_j)): without a decider (today's engine), or with the checker's rule
   * ({@link Tolerance#acceptsDecisively} on every entry of the column against the correct
   * Jacobian). Evaluations exclude the shared f(x).
   */
  static ColumnSweep columns(Case c, double[] x, boolean decide) {
    int n = x.length;
    Tolerance tolerance = Tolerance.defaults();
    VectorFunction f = Elementwise.map(c.f());
    boolean[] decidedColumns = new boolean[n];
    NumericDifferentiator.ColumnDecider decider =
        NumericDifferentiator.ColumnDecider.aiming(
            tolerance.decisiveRelativeBar(),
            (j, cheap) -> {
              for (int i = 0; i < n; i++) {
                double analytic = i == j ? c.df().applyAsDouble(x[j]) : 0.0;
                if (!tolerance.acceptsDecisively(
                    analytic, cheap.values()[i], cheap.errors()[i], cheap.roundOff()[i])) {
                  return false;
                }
              }
              decidedColumns[j] = true;
              return true;
            });
    long[] evaluations = {0};
    int[] decided = {0};
    int[] bounded = {0};
    int[] decidedBounded = {0};
    double[] errors = new double[n];
    boolean[] rtolGoverns = new boolean[n];
    int[] all = java.util.stream.IntStream.range(0, n).toArray();
    NumericDifferentiator.defaults()
        .forEachColumn(
            f,
            x,
            all,
            decide ? decider : null,
            (j, d) -> {
              evaluations[0] += d.evaluations();
              boolean cheap = decidedColumns[j];
              double truth = c.df().applyAsDouble(x[j]);
              double error = Math.abs(d.values()[j] - truth);
              errors[j] = error / (Math.abs(truth) > 0 ? Math.abs(truth) : 1.0);
              boolean inside = error <= d.errors()[j];
              decided[0] += cheap ? 1 : 0;
              bounded[0] += inside ? 1 : 0;
              decidedBounded[0] += cheap && inside ? 1 : 0;
              rtolGoverns[j] = tolerance.rtol() * Math.abs(truth) >= tolerance.atol();
            });
    return new ColumnSweep(
        evaluations[0], decided[0], errors, bounded[0], decidedBounded[0], rtolGoverns);
  }

  /**
   * The relative errors of every sweep, all or only where rtol governs the verdict (as marked in
   * {@code marks}, sweep by sweep).
   */
  private static double[] errors(
      List<ColumnSweep> sweeps, List<ColumnSweep> marks, boolean onlyWhereRtolGoverns) {
    return java.util.stream.IntStream.range(0, sweeps.size())
        .boxed()
        .flatMapToDouble(
            k ->
                java.util.stream.IntStream.range(0, sweeps.get(k).relativeErrors().length)
                    .filter(j -> !onlyWhereRtolGoverns || marks.get(k).rtolGoverns()[j])
                    .mapToDouble(j -> sweeps.get(k).relativeErrors()[j]))
        .toArray();
  }

  /**
   * Issue 14's first target: FULL on the benchmark's functions, each applied elementwise to its 200
   * random sweep points (the same points: same seed, same order) and checked against its correct
   * diagonal Jacobian — today's engine beside the verdict-driven 5-point pair, and the checker's
   * own FULL run (every call of f, verdict).
   */
  static void fullCheck(StringBuilder out, List<Case> cases, int perCase, long seed) {
    Random random = new Random(seed);
    out.append("\n## FULL check on the benchmark's functions (each elementwise over its ")
        .append(perCase)
        .append(" sweep points, seed ")
        .append(seed)
        .append(", correct diagonal Jacobian)\n\n");
    out.append(
        "Evaluations per coordinate exclude the shared f(x); the checker column counts every call"
            + " of f (f(x), its nondeterminism re-run, kink searches, second opinions) over n.\n\n");
    out.append(
        "| function | today: evals/coord | pair: evals/coord | decided by pair | pair: median /"
            + " worst rel. error | pair: bar bounds truth | checker FULL: evals/coord, verdict |\n");
    out.append("|---|---:|---:|---:|---:|---:|---:|\n");
    List<ColumnSweep> todays = new ArrayList<>();
    List<ColumnSweep> pairs = new ArrayList<>();
    List<CheckReport> reports = new ArrayList<>();
    for (Case c : cases) {
      double[] x = new double[perCase];
      for (int s = 0; s < perCase; s++) {
        x[s] = c.lo() + (c.hi() - c.lo()) * random.nextDouble();
      }
      ColumnSweep today = columns(c, x, false);
      ColumnSweep pair = columns(c, x, true);
      CheckReport report =
          GradientChecker.builder()
              .mode(Mode.FULL)
              .build()
              .checkJacobian(
                  Elementwise.map(c.f()),
                  v -> {
                    DMatrixRMaj jac = new DMatrixRMaj(v.length, v.length);
                    for (int i = 0; i < v.length; i++) {
                      jac.set(i, i, c.df().applyAsDouble(v[i]));
                    }
                    return jac;
                  },
                  x);
      todays.add(today);
      pairs.add(pair);
      reports.add(report);
      out.append(
          String.format(
              Locale.ROOT,
              "| %s | %.2f | %.2f | %.1f %% | %.1e / %.1e | %.1f %% | %.2f, %s |%n",
              c.name(),
              (double) today.evaluations() / perCase,
              (double) pair.evaluations() / perCase,
              100.0 * pair.decided() / perCase,
              median(pair.relativeErrors()),
              max(pair.relativeErrors()),
              100.0 * pair.bounded() / perCase,
              (double) report.functionEvaluations() / perCase,
              report.passed() ? "passed" : "FAILED"));
    }
    int total = cases.size() * perCase;
    double[] today = errors(todays, pairs, false);
    double[] pair = errors(pairs, pairs, false);
    double[] todayRtol = errors(todays, pairs, true);
    double[] pairRtol = errors(pairs, pairs, true);
    long todayEvaluations = todays.stream().mapToLong(ColumnSweep::evaluations).sum();
    long pairEvaluations = pairs.stream().mapToLong(ColumnSweep::evaluations).sum();
    long checkerEvaluations = reports.stream().mapToLong(CheckReport::functionEvaluations).sum();
    long passed = reports.stream().filter(CheckReport::passed).count();
    int decided = pairs.stream().mapToInt(ColumnSweep::decided).sum();
    int decidedBounded = pairs.stream().mapToInt(ColumnSweep::decidedBounded).sum();
    int todayBounded = todays.stream().mapToInt(ColumnSweep::bounded).sum();
    int pairBounded = pairs.stream().mapToInt(ColumnSweep::bounded).sum();
    out.append(
        "\n| engine in FULL | evaluations per coordinate | columns decided by the pair |"
            + " median rel. error | worst rel. error | bar bounds truth |\n");
    out.append("|---|---:|---:|---:|---:|---:|\n");
    out.append(
        String.format(
            Locale.ROOT,
            "| today (adaptive 7-point) | %.2f | — | %.1e | %.1e | %.2f %% |%n",
            (double) todayEvaluations / total,
            median(today),
            max(today),
            100.0 * todayBounded / total));
    out.append(
        String.format(
            Locale.ROOT,
            "| verdict-driven 5-point pair | %.2f | %.1f %% | %.1e | %.1e | %.2f %% |%n",
            (double) pairEvaluations / total,
            100.0 * decided / total,
            median(pair),
            max(pair),
            100.0 * pairBounded / total));
    out.append(
        String.format(
            Locale.ROOT,
            "%nOn the %d of %d derivatives where rtol governs the verdict (rtol·|f'| ≥ atol, i.e."
                + " |f'| ≥ 1e-4; below it atol = 1e-12 decides, but the pair never lets atol stand"
                + " in for precision): median / worst rel. error today %.1e / %.1e, with"
                + " the pair %.1e / %.1e. The pair's bar bounds the truth on %d of its %d decided"
                + " columns (%.2f %%).%n",
            pairRtol.length,
            total,
            median(todayRtol),
            max(todayRtol),
            median(pairRtol),
            max(pairRtol),
            decidedBounded,
            decided,
            100.0 * decidedBounded / Math.max(1, decided)));
    out.append(
        String.format(
            Locale.ROOT,
            "%nThe checker's FULL run: %.2f calls of f per coordinate in all (f(x), re-run, kink"
                + " searches and second opinions included); %d of %d functions passed.%n",
            (double) checkerEvaluations / total,
            passed,
            cases.size()));
  }

  private static void summary(
      StringBuilder out,
      String[] names,
      double[][] errors,
      double[][] evaluations,
      int[] bounded,
      int n) {
    out.append(
        "| engine | median rel. error | worst rel. error | mean evaluations | estimate bounds truth |\n");
    out.append("|---|---:|---:|---:|---:|\n");
    for (int e = 0; e < names.length; e++) {
      out.append(
          String.format(
              Locale.ROOT,
              "| %s | %.1e | %.1e | %.1f | %.1f %% |%n",
              names[e],
              median(errors[e]),
              max(errors[e]),
              Arrays.stream(evaluations[e]).average().orElse(0),
              100.0 * bounded[e] / n));
    }
  }

  private static String fmt(double x) {
    return Math.abs(x) >= 1e4 || (Math.abs(x) < 1e-2 && x != 0)
        ? String.format(Locale.ROOT, "%.4g", x)
        : String.format(Locale.ROOT, "%.4g", x);
  }
}
