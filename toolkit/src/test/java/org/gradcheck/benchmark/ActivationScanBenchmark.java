package org.gradcheck.benchmark;

import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;
import org.gradcheck.CheckReport;
import org.gradcheck.Elementwise;
import org.gradcheck.GradientChecker;
import org.gradcheck.Mode;
import org.gradcheck.VectorFunction;
import org.gradcheck.VectorJacobianProduct;

/**
 * False failures of correct activations, and what a slip costs: for each of 12 activations applied
 * elementwise, {@code checks} FULL checks of {@code n} random inputs over a wide range (seeds
 * printed), once with the correct backward pass and once with ∂y₀/∂x₀ off by a relative 1e-6.
 * Prints, per activation, how many correct checks failed, how many slipped checks passed without
 * any finding (most are derivatives below atol, where a relative 1e-6 is no error by the rule), and
 * the calls of f per coordinate.
 *
 * <p>Run: {@code mvn -B -q -pl toolkit -am test-compile exec:java@activation-scan -Dexec.args="SEED
 * N CHECKS"} (defaults 1 50 40).
 */
public final class ActivationScanBenchmark {
  private ActivationScanBenchmark() {}

  private record Activation(
      String name, DoubleUnaryOperator f, DoubleUnaryOperator df, double lo, double hi) {}

  private static double sigmoid(double x) {
    return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
  }

  private static double softplus(double x) {
    return x > 30 ? x : Math.log1p(Math.exp(x));
  }

  private static final double GELU_C = 0.7978845608028654;

  private static double gelu(double x) {
    double u = GELU_C * (x + 0.044715 * x * x * x);
    return 0.5 * x * (1 + Math.tanh(u));
  }

  private static double geluPrime(double x) {
    double u = GELU_C * (x + 0.044715 * x * x * x);
    double t = Math.tanh(u);
    return 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * GELU_C * (1 + 3 * 0.044715 * x * x);
  }

  private static final List<Activation> ACTIVATIONS =
      List.of(
          new Activation(
              "sigmoid",
              ActivationScanBenchmark::sigmoid,
              x -> sigmoid(x) * (1 - sigmoid(x)),
              -30,
              30),
          new Activation("tanh", Math::tanh, x -> 1 - Math.tanh(x) * Math.tanh(x), -20, 20),
          new Activation(
              "softplus",
              ActivationScanBenchmark::softplus,
              ActivationScanBenchmark::sigmoid,
              -40,
              40),
          new Activation(
              "naive softplus",
              x -> Math.log(1 + Math.exp(x)),
              ActivationScanBenchmark::sigmoid,
              -36,
              30),
          new Activation(
              "swish",
              x -> x * sigmoid(x),
              x -> sigmoid(x) + x * sigmoid(x) * (1 - sigmoid(x)),
              -30,
              30),
          new Activation(
              "elu", x -> x > 0 ? x : Math.expm1(x), x -> x > 0 ? 1 : Math.exp(x), -20, 20),
          new Activation(
              "log-sigmoid",
              x -> -(x > 30 ? 0 : Math.log1p(Math.exp(-x))),
              x -> 1 - sigmoid(x),
              -40,
              40),
          new Activation(
              "gelu (tanh form)",
              ActivationScanBenchmark::gelu,
              ActivationScanBenchmark::geluPrime,
              -8,
              8),
          new Activation("exp", Math::exp, Math::exp, -50, 50),
          new Activation("log", Math::log, x -> 1 / x, 1e-6, 1e6),
          new Activation(
              "x·tanh x",
              x -> x * Math.tanh(x),
              x -> Math.tanh(x) + x * (1 - Math.tanh(x) * Math.tanh(x)),
              -20,
              20),
          new Activation(
              "mish",
              x -> x * Math.tanh(softplus(x)),
              x -> {
                double t = Math.tanh(softplus(x));
                return t + x * (1 - t * t) * sigmoid(x);
              },
              -20,
              20));

  public static void main(String[] args) {
    long seed = args.length > 0 ? Long.parseLong(args[0]) : 1;
    int n = args.length > 1 ? Integer.parseInt(args[1]) : 50;
    int checks = args.length > 2 ? Integer.parseInt(args[2]) : 40;
    Random random = new Random(seed);
    GradientChecker full = GradientChecker.builder().mode(Mode.FULL).build();
    System.out.printf(
        Locale.ROOT,
        "Activation scan: seed %d, %d FULL checks of %d inputs per activation%n%n",
        seed,
        checks,
        n);
    System.out.println(
        "| activation | range | correct checks failed | 1e-6 slips passed without a finding |"
            + " calls of f per coordinate |");
    System.out.println("|---|---|---:|---:|---:|");
    long calls = 0;
    int failed = 0;
    for (Activation act : ACTIVATIONS) {
      int falseFailures = 0;
      int silent = 0;
      long actCalls = 0;
      for (int c = 0; c < checks; c++) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
          x[i] = act.lo() + (act.hi() - act.lo()) * random.nextDouble();
        }
        VectorFunction f = Elementwise.map(act.f());
        for (double slip : new double[] {0, 1e-6}) {
          VectorJacobianProduct vjp = Elementwise.backward(act.df(), 0, 1 + slip);
          CheckReport report = full.checkVjp(f, vjp, x);
          if (slip == 0) {
            actCalls += report.functionEvaluations();
            falseFailures += report.passed() ? 0 : 1;
          } else if (report.passed() && report.findings().isEmpty()) {
            silent++;
          }
        }
      }
      calls += actCalls;
      failed += falseFailures;
      System.out.printf(
          Locale.ROOT,
          "| %s | [%s, %s] | %d of %d | %d of %d | %.2f |%n",
          act.name(),
          fmt(act.lo()),
          fmt(act.hi()),
          falseFailures,
          checks,
          silent,
          checks,
          actCalls / (double) ((long) n * checks));
    }
    System.out.printf(
        Locale.ROOT,
        "%nIn all: %d of %d correct checks failed; %.2f calls of f per coordinate.%n",
        failed,
        ACTIVATIONS.size() * checks,
        calls / (double) ((long) n * checks * ACTIVATIONS.size()));
  }

  private static String fmt(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e4
        ? String.valueOf((long) v)
        : String.format(Locale.ROOT, "%.0e", v);
  }
}
