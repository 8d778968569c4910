package org.gradcheck.robust;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.ejml.data.DMatrixRMaj;
import org.gradcheck.CheckReport;
import org.gradcheck.GradientCheckException;
import org.gradcheck.GradientChecker;
import org.gradcheck.GradientFunction;
import org.gradcheck.HessianFunction;
import org.gradcheck.HessianVectorProduct;
import org.gradcheck.JacobianFunction;
import org.gradcheck.JacobianVectorProduct;
import org.gradcheck.KinkPolicy;
import org.gradcheck.Mode;
import org.gradcheck.Robustness;
import org.gradcheck.ScalarFunction;
import org.gradcheck.Signature;
import org.gradcheck.Tolerance;
import org.gradcheck.VectorFunction;
import org.gradcheck.VectorJacobianProduct;
import org.junit.jupiter.api.Test;

/**
 * Throws 10 000 seeded random malformed or adversarial cases at {@link GradientChecker}: nulls,
 * wrong lengths, NaN/Inf and extreme magnitudes in x, non-finite tolerances, empty input, throwing
 * functions and derivatives, wrong-dimension Jacobians, mutation, aliasing, nondeterminism, kinks,
 * wrong derivatives. Each must end in a pass, a failing report, or an exception of the one
 * documented family ({@link org.gradcheck.GradientCheckException}; an out-of-range builder value is
 * an IllegalArgumentException), each with a message — never anything else, never a hang. Clean
 * cases must pass and grossly wrong derivatives must fail.
 */
class CheckerFuzzTest {
  private static final long SEED = 0xF022L;
  private static final int CASES = 10_000;

  /**
   * One builder for all cases, every knob reset per case: a fresh builder sets up the numeric
   * engine's stencils, which costs about 1 ms. Cases run one after the other.
   */
  private static final GradientChecker.Builder BUILDER = GradientChecker.builder();

  /** What was done to one case. */
  private record Case(
      String description, boolean clean, boolean grosslyWrong, Callable<CheckReport> run) {}

  @Test
  void everyAdversarialCaseEndsInAVerdictOrADocumentedException() {
    Map<String, Integer> outcomes = new TreeMap<>();
    Map<String, Double> millis = new TreeMap<>();
    long loopStart = System.nanoTime();
    long[] slowest = {0, -1};
    assertTimeoutPreemptively(
        Duration.ofSeconds(120),
        () -> {
          Random master = new Random(SEED);
          for (int k = 0; k < CASES; k++) {
            long caseSeed = master.nextLong();
            Case c = generate(new Random(caseSeed));
            String where =
                "case " + k + " (seed " + SEED + ", case seed " + caseSeed + "): " + c.description;
            long t0 = System.nanoTime();
            String outcome = outcome(c, where, k % 16 == 0);
            long nanos = System.nanoTime() - t0;
            if (nanos > slowest[0]) {
              slowest[0] = nanos;
              slowest[1] = k;
            }
            outcomes.merge(outcome, 1, Integer::sum);
            millis.merge(outcome, nanos / 1e6, Double::sum);
          }
        },
        () -> "the fuzz run did not finish in 120 s (seed " + SEED + ")");
    int total = outcomes.values().stream().mapToInt(Integer::intValue).sum();
    double loopSeconds = (System.nanoTime() - loopStart) / 1e9;
    System.out.printf(
        "fuzz (seed %d): %d cases in %.1f s, slowest case %d took %.1f ms%n",
        SEED, total, loopSeconds, slowest[1], slowest[0] / 1e6);
    outcomes.forEach(
        (o, count) ->
            System.out.printf("  %-32s %6d cases %9.1f ms in all%n", o, count, millis.get(o)));
    assertTrue(total >= 10_000);
    assertTrue(outcomes.getOrDefault("pass", 0) > 500, outcomes::toString);
    assertTrue(outcomes.getOrDefault("fail with report", 0) > 500, outcomes::toString);
  }

  /** Runs one case; {@code format} also renders the report as a table and as JSON. */
  private static String outcome(Case c, String where, boolean format) {
    CheckReport report;
    try {
      report = c.run.call();
    } catch (IllegalArgumentException e) {
      // builder values out of range are the one documented exception outside the family
      assertTrue(
          c.description().endsWith("config:" + c.description().replaceAll(".*config:", ""))
              && !c.description().endsWith("config:NONE"),
          () -> where + ": IllegalArgumentException outside the builder: " + e);
      return e.getClass().getSimpleName();
    } catch (GradientCheckException e) {
      String message = e.getMessage();
      assertTrue(
          message != null && !message.isBlank(),
          () -> where + ": exception without a message: " + e);
      assertFalse(c.clean, () -> where + ": a clean case threw " + e);
      return e.getClass().getSimpleName();
    } catch (Throwable t) {
      fail(where + ": undocumented outcome " + t, t);
      return "unreachable";
    }
    assertNotNull(report, () -> where + ": null report");
    if (format) {
      String json = report.toJson();
      assertTrue(json.startsWith("{"), () -> where + ": no JSON report");
    }
    if (c.clean) {
      assertTrue(report.passed(), () -> where + ": a clean case failed\n" + report);
    }
    if (c.grosslyWrong) {
      assertFalse(report.passed(), () -> where + ": a grossly wrong derivative passed\n" + report);
    }
    if (!report.passed()) {
      assertTrue(
          report.failedCount() > 0 || !report.findings().isEmpty(),
          () -> where + ": failing report without a failed entry or a finding\n" + report);
      if (format) {
        String table = report.toString();
        assertTrue(
            table.contains("FAILED"), () -> where + ": failing report without FAILED\n" + table);
      }
      return "fail with report";
    }
    return "pass";
  }

  // ---------------------------------------------------------------- the generator

  private enum Check {
    JACOBIAN,
    VJP,
    JVP,
    GRADIENT,
    HESSIAN,
    HVP
  }

  private enum FunctionFault {
    NONE,
    NULL,
    THROWS,
    RETURNS_NULL,
    RETURNS_EMPTY,
    LENGTH_CHANGES,
    NAN_AT_X,
    NAN_NEAR_X,
    MUTATES_X,
    RETURNS_X,
    NONDETERMINISTIC,
    KINK,
    REUSES_BUFFER
  }

  private enum DerivativeFault {
    NONE,
    NULL,
    THROWS,
    RETURNS_NULL,
    WRONG_LENGTH,
    SIGN,
    FACTOR,
    ONE_ENTRY,
    NAN,
    MUTATES_X,
    MUTATES_ARGUMENT,
    RETURNS_ARGUMENT,
    WRONG_DIMENSIONS
  }

  private enum InputFault {
    NONE,
    NULL,
    EMPTY,
    NAN,
    INFINITE,
    HUGE,
    TINY,
    WRONG_SIGNATURE
  }

  private enum ConfigFault {
    NONE,
    NAN_ATOL,
    INFINITE_RTOL,
    NEGATIVE_K,
    ZERO_PROBES,
    ZERO_THREADS
  }

  private static <E extends Enum<E>> E pick(Random r, E[] values, double cleanBias) {
    return r.nextDouble() < cleanBias ? values[0] : values[r.nextInt(values.length)];
  }

  private static Case generate(Random r) {
    Check check = Check.values()[r.nextInt(Check.values().length)];
    boolean scalar = check == Check.GRADIENT || check == Check.HESSIAN || check == Check.HVP;
    int n = 1 + r.nextInt(3);
    int m = scalar ? 1 : 1 + r.nextInt(2);
    FunctionFault ff = pick(r, FunctionFault.values(), 0.5);
    DerivativeFault df = pick(r, DerivativeFault.values(), 0.4);
    InputFault inf = pick(r, InputFault.values(), 0.7);
    ConfigFault cf = pick(r, ConfigFault.values(), 0.9);
    double modeDraw = r.nextDouble(); // FAST costs several times FULL: drawn less often
    Mode mode =
        modeDraw < 0.55
            ? Mode.FULL
            : modeDraw < 0.75 ? Mode.SAMPLED : modeDraw < 0.9 ? Mode.AUTO : Mode.FAST;
    double[][] a = new double[m][n];
    double[] w = new double[n];
    for (int j = 0; j < n; j++) {
      w[j] = 0.5 + r.nextDouble();
      for (int i = 0; i < m; i++) {
        a[i][j] = (r.nextBoolean() ? 1 : -1) * (0.3 + r.nextDouble());
      }
    }
    double[] x = new double[n];
    for (int j = 0; j < n; j++) {
      x[j] = r.nextGaussian();
    }
    Signature signature = null;
    switch (inf) {
      case NULL -> x = null;
      case EMPTY -> x = new double[0];
      case NAN -> x[r.nextInt(n)] = Double.NaN;
      case INFINITE ->
          x[r.nextInt(n)] = r.nextBoolean() ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
      case HUGE -> x[r.nextInt(n)] *= 1e300;
      case TINY -> {
        for (int j = 0; j < n; j++) {
          x[j] *= 1e-300;
        }
      }
      case WRONG_SIGNATURE -> signature = Signature.anonymous(n + 1, m);
      default -> {}
    }
    GradientChecker.Builder builder =
        BUILDER
            .atol(Tolerance.DEFAULT_ATOL)
            .rtol(Tolerance.DEFAULT_RTOL)
            .errorBoundFactor(Tolerance.DEFAULT_ERROR_BOUND_FACTOR)
            .threads(1)
            .mode(mode)
            .seed(r.nextLong())
            .probes(1 + r.nextInt(4))
            .sampleSize(1 + r.nextInt(3))
            .robustness(
                Robustness.defaults()
                    .withKinkPolicy(r.nextBoolean() ? KinkPolicy.SKIP : KinkPolicy.FAIL)
                    .withNonFinitePolicy(
                        r.nextBoolean()
                            ? NonFinitePolicy.FAIL
                            : NonFinitePolicy.COMPARE_POSITIONS));
    switch (cf) {
      case NAN_ATOL -> builder.atol(Double.NaN);
      case INFINITE_RTOL -> builder.rtol(Double.POSITIVE_INFINITY);
      case NEGATIVE_K -> builder.errorBoundFactor(-1);
      case ZERO_PROBES -> builder.probes(0);
      case ZERO_THREADS -> builder.threads(0);
      default -> {}
    }
    boolean clean =
        ff == FunctionFault.NONE
            && df == DerivativeFault.NONE
            && inf == InputFault.NONE
            && cf == ConfigFault.NONE;
    boolean grosslyWrong =
        ff == FunctionFault.NONE
            && inf == InputFault.NONE
            && cf == ConfigFault.NONE
            && (df == DerivativeFault.SIGN || df == DerivativeFault.FACTOR);
    Random noise = new Random(r.nextLong());
    double kinkAt = x != null && x.length > 0 ? x[0] : 0;
    double[] buffer = new double[m];
    int[] calls = {0};
    String description =
        check
            + " n="
            + n
            + " m="
            + m
            + " mode="
            + mode
            + " f:"
            + ff
            + " d:"
            + df
            + " x:"
            + inf
            + " config:"
            + cf;
    final double[] point = x;
    final Signature sig = signature;
    Callable<CheckReport> run =
        () -> {
          GradientChecker checker = builder.build();
          return switch (check) {
            case JACOBIAN ->
                checker.checkJacobian(
                    vector(ff, a, m, noise, kinkAt, buffer, calls),
                    df == DerivativeFault.NULL ? null : jacobian(df, a, m, n),
                    point,
                    sig);
            case VJP ->
                checker.checkVjp(
                    vector(ff, a, m, noise, kinkAt, buffer, calls),
                    df == DerivativeFault.NULL ? null : vjp(df, a, m, n),
                    point,
                    sig);
            case JVP ->
                checker.checkJvp(
                    vector(ff, a, m, noise, kinkAt, buffer, calls),
                    df == DerivativeFault.NULL ? null : jvp(df, a, m, n),
                    point,
                    sig);
            case GRADIENT ->
                checker.checkGradient(
                    scalarFunction(ff, w, noise, kinkAt),
                    df == DerivativeFault.NULL ? null : gradient(df, w),
                    point,
                    sig == null
                        ? null
                        : Signature.builder().input("x", sig.inputSize()).output("f").build());
            case HESSIAN ->
                checker.checkHessian(
                    gradientUnderTest(ff, w, noise, kinkAt, buffer, calls),
                    df == DerivativeFault.NULL ? null : hessian(df, w),
                    point);
            case HVP ->
                checker.checkHessianVectorProduct(
                    gradientUnderTest(ff, w, noise, kinkAt, buffer, calls),
                    df == DerivativeFault.NULL ? null : hvp(df, w),
                    point);
          };
        };
    return new Case(description, clean, grosslyWrong, run);
  }

  // ---------------------------------------------------------------- functions: y_i = sin(a_i·x) +
  // x_{i mod n}²/2

  private static double[] vectorValue(double[][] a, int m, double[] x) {
    double[] y = new double[m];
    for (int i = 0; i < m; i++) {
      double s = 0;
      for (int j = 0; j < x.length && j < a[i].length; j++) {
        s += a[i][j] * x[j];
      }
      double xi = x.length == 0 ? 0 : x[i % x.length];
      y[i] = Math.sin(s) + 0.5 * xi * xi;
    }
    return y;
  }

  private static double[][] vectorJacobian(double[][] a, int m, int n, double[] x) {
    double[][] j = new double[m][n];
    for (int i = 0; i < m; i++) {
      double s = 0;
      for (int k = 0; k < n; k++) {
        s += a[i][k] * x[k];
      }
      for (int k = 0; k < n; k++) {
        j[i][k] = Math.cos(s) * a[i][k] + (k == i % n ? x[k] : 0);
      }
    }
    return j;
  }

  private static VectorFunction vector(
      FunctionFault fault,
      double[][] a,
      int m,
      Random noise,
      double kinkAt,
      double[] buffer,
      int[] calls) {
    return switch (fault) {
      case NULL -> null;
      case THROWS ->
          x -> {
            throw new ArithmeticException("division by zero in the forward pass");
          };
      case RETURNS_NULL -> x -> null;
      case RETURNS_EMPTY -> x -> new double[0];
      case LENGTH_CHANGES -> x -> new double[calls[0]++ == 0 ? m : m + 1];
      case NAN_AT_X ->
          x -> {
            double[] y = vectorValue(a, m, x);
            y[0] = Double.NaN;
            return y;
          };
      case NAN_NEAR_X ->
          x -> {
            double[] y = vectorValue(a, m, x);
            if (x.length > 0 && x[0] > kinkAt) {
              y[0] = Double.NaN;
            }
            return y;
          };
      case MUTATES_X ->
          x -> {
            double[] y = vectorValue(a, m, x);
            if (x.length > 0) {
              x[x.length - 1] += 1e-3;
            }
            return y;
          };
      case RETURNS_X ->
          x -> {
            double[] y = vectorValue(a, m, x);
            if (y.length == x.length) {
              System.arraycopy(y, 0, x, 0, y.length);
              return x;
            }
            return y;
          };
      case NONDETERMINISTIC ->
          x -> {
            double[] y = vectorValue(a, m, x);
            y[m - 1] += 1e-10 * noise.nextGaussian();
            return y;
          };
      case KINK ->
          x -> {
            double[] y = vectorValue(a, m, x);
            if (x.length > 0) {
              y[0] += Math.abs(x[0] - kinkAt);
            }
            return y;
          };
      case REUSES_BUFFER ->
          x -> {
            System.arraycopy(vectorValue(a, m, x), 0, buffer, 0, m);
            return buffer;
          };
      case NONE -> x -> vectorValue(a, m, x);
    };
  }

  private static double[] corrupt(
      DerivativeFault fault, double[] v, double[] x, double[] argument) {
    switch (fault) {
      case THROWS -> throw new UnsupportedOperationException("backward not implemented");
      case RETURNS_NULL -> {
        return null;
      }
      case WRONG_LENGTH -> {
        return new double[v.length + 1];
      }
      case SIGN -> {
        for (int k = 0; k < v.length; k++) {
          v[k] = -v[k];
        }
      }
      case FACTOR -> {
        for (int k = 0; k < v.length; k++) {
          v[k] *= 2;
        }
      }
      case ONE_ENTRY -> v[v.length - 1] += 0.25;
      case NAN -> v[0] = Double.NaN;
      case MUTATES_X -> x[0] += 1;
      case MUTATES_ARGUMENT -> {
        if (argument != null) {
          argument[argument.length - 1] *= 3;
        }
      }
      case RETURNS_ARGUMENT -> {
        if (argument != null && argument.length == v.length) {
          System.arraycopy(v, 0, argument, 0, v.length);
          return argument;
        }
      }
      default -> {}
    }
    return v;
  }

  private static JacobianFunction jacobian(DerivativeFault fault, double[][] a, int m, int n) {
    return x -> {
      double[][] j = vectorJacobian(a, m, n, x);
      if (fault == DerivativeFault.WRONG_DIMENSIONS) {
        return new DMatrixRMaj(n, m + 1);
      }
      DMatrixRMaj out = new DMatrixRMaj(j);
      double[] data = corrupt(fault, out.data, x, null);
      return data == null ? null : data.length != m * n ? new DMatrixRMaj(1, data.length) : out;
    };
  }

  private static VectorJacobianProduct vjp(DerivativeFault fault, double[][] a, int m, int n) {
    return (x, g) -> {
      double[][] j = vectorJacobian(a, m, n, x);
      double[] out = new double[n];
      for (int i = 0; i < m; i++) {
        for (int k = 0; k < n; k++) {
          out[k] += j[i][k] * g[i];
        }
      }
      if (fault == DerivativeFault.WRONG_DIMENSIONS) {
        return new double[Math.max(0, n - 1)];
      }
      return corrupt(fault, out, x, g);
    };
  }

  private static JacobianVectorProduct jvp(DerivativeFault fault, double[][] a, int m, int n) {
    return (x, u) -> {
      double[][] j = vectorJacobian(a, m, n, x);
      double[] out = new double[m];
      for (int i = 0; i < m; i++) {
        for (int k = 0; k < n; k++) {
          out[i] += j[i][k] * u[k];
        }
      }
      if (fault == DerivativeFault.WRONG_DIMENSIONS) {
        return new double[m + 2];
      }
      return corrupt(fault, out, x, u);
    };
  }

  // ---------------------------------------------------------------- scalar: F = Σ sin(w_j x_j) +
  // (Σx)²/2

  private static double scalarValue(double[] w, double[] x) {
    double f = 0;
    double s = 0;
    for (int j = 0; j < x.length; j++) {
      f += Math.sin(w[j % w.length] * x[j]);
      s += x[j];
    }
    return f + 0.5 * s * s;
  }

  private static double[] scalarGradient(double[] w, double[] x) {
    double s = 0;
    for (double v : x) {
      s += v;
    }
    double[] g = new double[x.length];
    for (int j = 0; j < x.length; j++) {
      g[j] = w[j % w.length] * Math.cos(w[j % w.length] * x[j]) + s;
    }
    return g;
  }

  private static ScalarFunction scalarFunction(
      FunctionFault fault, double[] w, Random noise, double kinkAt) {
    return switch (fault) {
      case NULL -> null;
      case THROWS, RETURNS_NULL, RETURNS_EMPTY, LENGTH_CHANGES, REUSES_BUFFER, RETURNS_X ->
          x -> {
            throw new IllegalStateException("loss not available");
          };
      case NAN_AT_X -> x -> Double.NaN;
      case NAN_NEAR_X -> x -> x.length > 0 && x[0] > kinkAt ? Double.NaN : scalarValue(w, x);
      case MUTATES_X ->
          x -> {
            double f = scalarValue(w, x);
            if (x.length > 0) {
              x[0] = -x[0];
            }
            return f;
          };
      case NONDETERMINISTIC -> x -> scalarValue(w, x) + 1e-10 * noise.nextGaussian();
      case KINK -> x -> scalarValue(w, x) + (x.length > 0 ? Math.abs(x[0] - kinkAt) : 0);
      case NONE -> x -> scalarValue(w, x);
    };
  }

  private static GradientFunction gradient(DerivativeFault fault, double[] w) {
    return x -> {
      if (fault == DerivativeFault.WRONG_DIMENSIONS) {
        return new double[x.length + 1];
      }
      return corrupt(fault, scalarGradient(w, x), x, null);
    };
  }

  /** The gradient as the function under test of a second-order check. */
  private static GradientFunction gradientUnderTest(
      FunctionFault fault, double[] w, Random noise, double kinkAt, double[] buffer, int[] calls) {
    VectorFunction base =
        switch (fault) {
          case NULL -> null;
          case THROWS ->
              x -> {
                throw new ArithmeticException("gradient failed");
              };
          case RETURNS_NULL -> x -> null;
          case RETURNS_EMPTY -> x -> new double[0];
          case LENGTH_CHANGES -> x -> new double[calls[0]++ == 0 ? x.length : x.length + 1];
          case NAN_AT_X ->
              x -> {
                double[] g = scalarGradient(w, x);
                g[0] = Double.NaN;
                return g;
              };
          case NAN_NEAR_X ->
              x -> {
                double[] g = scalarGradient(w, x);
                if (x.length > 0 && x[0] > kinkAt) {
                  g[0] = Double.POSITIVE_INFINITY;
                }
                return g;
              };
          case MUTATES_X ->
              x -> {
                double[] g = scalarGradient(w, x);
                x[0] *= 0.5;
                return g;
              };
          case RETURNS_X ->
              x -> {
                double[] g = scalarGradient(w, x);
                System.arraycopy(g, 0, x, 0, g.length);
                return x;
              };
          case NONDETERMINISTIC ->
              x -> {
                double[] g = scalarGradient(w, x);
                g[0] += 1e-10 * noise.nextGaussian();
                return g;
              };
          case KINK ->
              x -> {
                double[] g = scalarGradient(w, x);
                g[0] += Math.abs(x[0] - kinkAt);
                return g;
              };
          case REUSES_BUFFER ->
              x -> {
                double[] g = scalarGradient(w, x);
                double[] out = buffer.length == g.length ? buffer : g;
                System.arraycopy(g, 0, out, 0, g.length);
                return out;
              };
          case NONE -> x -> scalarGradient(w, x);
        };
    return base == null ? null : base::apply;
  }

  private static double[][] scalarHessian(double[] w, double[] x) {
    int n = x.length;
    double[][] h = new double[n][n];
    for (int j = 0; j < n; j++) {
      for (int k = 0; k < n; k++) {
        h[j][k] = 1;
      }
      double wj = w[j % w.length];
      h[j][j] += -wj * wj * Math.sin(wj * x[j]);
    }
    return h;
  }

  private static HessianFunction hessian(DerivativeFault fault, double[] w) {
    return x -> {
      if (fault == DerivativeFault.WRONG_DIMENSIONS) {
        return new DMatrixRMaj(x.length + 1, x.length);
      }
      DMatrixRMaj h = new DMatrixRMaj(scalarHessian(w, x));
      double[] data = corrupt(fault, h.data, x, null);
      return data == null
          ? null
          : data.length != h.data.length ? new DMatrixRMaj(1, data.length) : h;
    };
  }

  private static HessianVectorProduct hvp(DerivativeFault fault, double[] w) {
    return (x, v) -> {
      double[][] h = scalarHessian(w, x);
      double[] out = new double[x.length];
      for (int j = 0; j < x.length; j++) {
        for (int k = 0; k < x.length; k++) {
          out[j] += h[j][k] * v[k];
        }
      }
      if (fault == DerivativeFault.WRONG_DIMENSIONS) {
        return new double[x.length + 3];
      }
      return corrupt(fault, out, x, v);
    };
  }
}
