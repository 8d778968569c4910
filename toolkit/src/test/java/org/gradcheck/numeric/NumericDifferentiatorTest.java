package org.gradcheck.numeric;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;
import org.ejml.data.DMatrixRMaj;
import org.gradcheck.VectorFunction;
import org.junit.jupiter.api.Test;

class NumericDifferentiatorTest {

  /** A smooth function with a closed-form derivative and a range of sensible points. */
  record Smooth(String name, DoubleUnaryOperator f, DoubleUnaryOperator df, double lo, double hi) {}

  static final List<Smooth> SMOOTH =
      List.of(
          new Smooth("exp", Math::exp, Math::exp, -5, 5),
          new Smooth("sin", Math::sin, Math::cos, -10, 10),
          new Smooth("log", Math::log, x -> 1 / x, 0.05, 50),
          new Smooth("tanh", Math::tanh, x -> 1 - Math.tanh(x) * Math.tanh(x), -3, 3),
          new Smooth("softplus", x -> Math.log1p(Math.exp(x)), x -> 1 / (1 + Math.exp(-x)), -5, 5),
          new Smooth("rational", x -> 1 / (1 + x * x), x -> -2 * x / Math.pow(1 + x * x, 2), -4, 4),
          new Smooth("1e8 x^2", x -> 1e8 * x * x, x -> 2e8 * x, 0.1, 3),
          new Smooth("1e-20 cos", x -> 1e-20 * Math.cos(x), x -> -1e-20 * Math.sin(x), 0.2, 3));

  @Test
  void errorEstimatesAreHonestOverSeededRandomPoints() {
    long seed = 424242L;
    for (NumericDifferentiator engine :
        List.of(NumericDifferentiator.defaults(), NumericDifferentiator.richardson())) {
      Random random = new Random(seed);
      int cases = 0;
      int bounded = 0;
      double[] relative = new double[SMOOTH.size() * 25];
      for (Smooth s : SMOOTH) {
        for (int k = 0; k < 25; k++) {
          double x = s.lo() + (s.hi() - s.lo()) * random.nextDouble();
          Derivative d = engine.derivative(s.f(), x);
          double truth = s.df().applyAsDouble(x);
          double error = Math.abs(d.value() - truth);
          relative[cases++] = error / Math.abs(truth);
          bounded += error <= d.error() ? 1 : 0;
          assertTrue(
              error <= 10 * d.error() + 1e-300,
              "seed "
                  + seed
                  + ": "
                  + s.name()
                  + " at x = "
                  + x
                  + ": error "
                  + error
                  + " exceeds 10× the estimate "
                  + d.error());
        }
      }
      Arrays.sort(relative);
      assertTrue(
          bounded >= 0.95 * cases,
          "seed " + seed + ": estimate bounded the error in only " + bounded + " of " + cases);
      assertTrue(
          relative[cases / 2] <= 1e-12,
          "seed " + seed + ": median relative error " + relative[cases / 2]);
    }
  }

  @Test
  void defaultEngineIsCheapOnSmoothFunctions() {
    Derivative d = NumericDifferentiator.defaults().derivative(Math::exp, 0.3);
    assertEquals(7, d.evaluations(), "6 stencil points + f(x)");
    assertEquals(Math.exp(0.3), d.value(), 5e-13);
    assertTrue(Math.abs(d.value() - Math.exp(0.3)) <= d.error());
  }

  @Test
  void everyColumnCarriesTheRoundOffPartOfItsErrorBar() {
    // f = 1e4 + sin: the round-off part is 2ε·|f|·Σ|c|/h (Σ|c| = 11/6 for 7 points) of the
    // output that is 1e4 in size, and never more than the whole error bar
    VectorFunction f = v -> new double[] {1e4 + Math.sin(v[0]), Math.sin(v[0])};
    DirectionalDerivative d = NumericDifferentiator.defaults().partial(f, new double[] {0.4}, 0);
    double expected = 2 * Math.ulp(1.0) * Math.abs(1e4 + Math.sin(0.4)) * (11.0 / 6) / d.steps()[0];
    assertEquals(expected, d.roundOff()[0], 0.05 * expected);
    assertTrue(d.roundOff()[0] <= d.errors()[0]);
    assertTrue(d.roundOff()[1] > 0 && d.roundOff()[1] < 1e-3 * d.roundOff()[0]);
    // estimates made without it say so: NaN, not a made-up zero
    DirectionalDerivative unknown =
        new DirectionalDerivative(new double[] {1}, new double[] {0}, 1);
    assertTrue(Double.isNaN(unknown.roundOff()[0]) && Double.isNaN(unknown.steps()[0]));
    assertTrue(
        Double.isNaN(
            new DirectionalDerivative(new double[] {1}, new double[] {0}, 1, new double[] {0.1})
                .roundOff()[0]));
  }

  @Test
  void classicReproducesTheFixedStepCentralDifference() {
    double h = 1e-6;
    Derivative d = NumericDifferentiator.classic().derivative(Math::exp, 0.0);
    assertEquals((Math.exp(h) - Math.exp(-h)) / (2 * h), d.value(), 1e-15);
    assertEquals(5, d.evaluations(), "±h, ±2h for the error estimate, f(x)");
    assertTrue(Math.abs(d.value() - 1.0) <= d.error());
    assertEquals(StepSize.fixed(1e-6), NumericDifferentiator.classic().stepSize());
  }

  @Test
  void stencilsUseTheOffsetsActuallyTaken() {
    // x + 1e-6 is not exactly 1e-6 away from x = 0.1: the naive quotient of a linear function is
    // off by ~1e-11, the realised-offset stencil is exact to rounding
    double x = 0.1;
    double h = 1e-6;
    double naive = (4 * (x + h) - 4 * (x - h)) / (2 * h);
    assertTrue(Math.abs(naive - 4) > 1e-12, "naive " + naive);
    Derivative d = NumericDifferentiator.classic().derivative(t -> 4 * t, x);
    assertEquals(4.0, d.value(), 1e-15);
    // a power-of-two step crossing a binade: x + 3h passes 2.0
    Derivative crossing =
        NumericDifferentiator.defaults()
            .withStep(StepSize.fixed(0x1p-9))
            .derivative(t -> t * t, 2.0 - 0x1p-52);
    assertEquals(2 * (2.0 - 0x1p-52), crossing.value(), 1e-12);
  }

  @Test
  void badlyScaledTinyAndFarAwayFunctionsStayAccurate() {
    NumericDifferentiator engine = NumericDifferentiator.defaults();
    assertRelative(engine.derivative(x -> 1e8 * x * x, 0.37), 2e8 * 0.37, 1e-12);
    assertRelative(engine.derivative(x -> 1e-20 * Math.sin(x), 1.1), 1e-20 * Math.cos(1.1), 1e-12);
    assertRelative(engine.derivative(Math::sin, 1e5 + 0.3), Math.cos(1e5 + 0.3), 1e-11);
    assertRelative(engine.derivative(Math::log, 3e6), 1 / 3e6, 1e-11);
    assertRelative(engine.derivative(Math::exp, 40), Math.exp(40), 1e-11);
    // near a singularity of log, without a declared domain: the step backs off
    assertRelative(engine.derivative(Math::log, 1e-3), 1e3, 1e-11);
  }

  private static void assertRelative(Derivative d, double truth, double tolerance) {
    double error = Math.abs(d.value() - truth);
    assertTrue(error <= tolerance * Math.abs(truth), d + " vs " + truth);
    assertTrue(error <= d.error(), "estimate " + d.error() + " < error " + error);
  }

  @Test
  void secondDerivativesAndSecondDirectional() {
    NumericDifferentiator engine = NumericDifferentiator.defaults();
    Derivative d = engine.secondDerivative(Math::sin, 0.7);
    assertEquals(-Math.sin(0.7), d.value(), 1e-9);
    assertTrue(Math.abs(d.value() + Math.sin(0.7)) <= d.error());
    // f(x) = x0² x1 + sin(x1): u^T H u with H = [[2 x1, 2 x0], [2 x0, -sin x1]]
    VectorFunction f = x -> new double[] {x[0] * x[0] * x[1] + Math.sin(x[1])};
    double[] x = {0.4, 1.3};
    double[] u = {0.6, -0.8};
    double expected =
        u[0] * u[0] * 2 * x[1] + 2 * u[0] * u[1] * 2 * x[0] - u[1] * u[1] * Math.sin(x[1]);
    DirectionalDerivative dd = engine.secondDirectional(f, x, u);
    assertEquals(expected, dd.values()[0], 1e-8);
    assertTrue(Math.abs(dd.values()[0] - expected) <= dd.errors()[0]);
    Derivative r = NumericDifferentiator.richardson().secondDerivative(Math::exp, 1.0);
    assertEquals(Math.exp(1.0), r.value(), 1e-9);
  }

  static final VectorFunction CROSS =
      x -> {
        int n = x.length;
        double[] y = new double[n + 1];
        double sum = 0;
        for (int i = 0; i < n; i++) {
          y[i] = Math.sin(x[i]) * x[(i + 1) % n] + Math.exp(0.1 * x[i]);
          sum += x[i] * x[i];
        }
        y[n] = Math.log1p(sum);
        return y;
      };

  static double crossPartial(double[] x, int i, int j) {
    int n = x.length;
    if (i == n) {
      double sum = 0;
      for (double v : x) {
        sum += v * v;
      }
      return 2 * x[j] / (1 + sum);
    }
    double d = 0;
    if (j == i) {
      d += Math.cos(x[i]) * x[(i + 1) % n] + 0.1 * Math.exp(0.1 * x[i]);
    }
    if (j == (i + 1) % n) {
      d += Math.sin(x[i]);
    }
    return d;
  }

  @Test
  void jacobianMatchesTheClosedFormWithHonestErrorBars() {
    double[] x = {0.3, -1.2, 2.0, 0.7};
    double[] copy = x.clone();
    NumericJacobian j = NumericDifferentiator.defaults().jacobian(CROSS, x);
    assertArrayEquals(copy, x, 0.0, "x must not be modified");
    assertEquals(5, j.values().numRows);
    assertEquals(4, j.values().numCols);
    for (int r = 0; r < 5; r++) {
      for (int c = 0; c < 4; c++) {
        double truth = crossPartial(x, r, c);
        double error = Math.abs(j.values().get(r, c) - truth);
        assertTrue(error <= 1e-11 * Math.max(1, Math.abs(truth)), "J[" + r + "," + c + "]");
        assertTrue(error <= j.errors().get(r, c), "error bar of J[" + r + "," + c + "]");
      }
    }
    assertEquals(1 + 4 * 6, j.evaluations());
  }

  @Test
  void directionalDerivativeIsJTimesUWithOneStencil() {
    double[] x = {0.3, -1.2, 2.0, 0.7};
    double[] u = {0.5, -1.0, 0.25, 2.0};
    DirectionalDerivative d = NumericDifferentiator.defaults().directional(CROSS, x, u);
    for (int r = 0; r < 5; r++) {
      double truth = 0;
      for (int c = 0; c < 4; c++) {
        truth += crossPartial(x, r, c) * u[c];
      }
      assertEquals(truth, d.values()[r], 1e-11 * Math.max(1, Math.abs(truth)), "row " + r);
      assertTrue(Math.abs(d.values()[r] - truth) <= d.errors()[r], "error bar of row " + r);
    }
    assertEquals(7, d.evaluations());
    DirectionalDerivative p = NumericDifferentiator.defaults().partial(CROSS, x, 2);
    assertEquals(crossPartial(x, 1, 2), p.values()[1], 1e-12);
  }

  @Test
  void parallelColumnsAreBitwiseIdenticalAndNeverShareArrays() {
    Random random = new Random(7L);
    double[] x = new double[40];
    for (int i = 0; i < x.length; i++) {
      x[i] = random.nextGaussian();
    }
    List<double[]> seen = java.util.Collections.synchronizedList(new ArrayList<>());
    java.util.Map<double[], Thread> owner = new java.util.IdentityHashMap<>();
    VectorFunction watched =
        v -> {
          synchronized (owner) {
            Thread previous = owner.putIfAbsent(v, Thread.currentThread());
            assertTrue(
                previous == null || previous == Thread.currentThread(),
                "seed 7: an input array was handed to two threads");
          }
          seen.add(v);
          return CROSS.apply(v);
        };
    NumericJacobian sequential = NumericDifferentiator.defaults().jacobian(CROSS, x);
    NumericJacobian parallel = NumericDifferentiator.defaults().withThreads(4).jacobian(watched, x);
    assertArrayEquals(sequential.values().data, parallel.values().data, 0.0, "seed 7");
    assertArrayEquals(sequential.errors().data, parallel.errors().data, 0.0, "seed 7");
    assertEquals(sequential.evaluations(), parallel.evaluations());
    assertTrue(owner.size() > 4, "seed 7: work was spread over several column arrays");

    int[] columns = {5, 2, 39, 2};
    List<Integer> order = new ArrayList<>();
    List<DirectionalDerivative> delivered = new ArrayList<>();
    NumericDifferentiator.defaults()
        .withThreads(3)
        .forEachColumn(
            CROSS,
            x,
            columns,
            (c, d) -> {
              order.add(c);
              delivered.add(d);
            });
    assertEquals(List.of(5, 2, 39, 2), order);
    // with a decider taking the cheap 5-point estimate of some columns: the same on 4 threads
    NumericDifferentiator.ColumnDecider decider = (c, d) -> c % 3 != 0;
    List<DirectionalDerivative> cheapSequential = new ArrayList<>();
    List<DirectionalDerivative> cheapParallel =
        java.util.Collections.synchronizedList(new ArrayList<>());
    int[] all = java.util.stream.IntStream.range(0, x.length).toArray();
    NumericDifferentiator.defaults()
        .forEachColumn(CROSS, x, all, decider, (c, d) -> cheapSequential.add(d));
    NumericDifferentiator.defaults()
        .withThreads(4)
        .forEachColumn(watched, x, all, decider, (c, d) -> cheapParallel.add(d));
    for (int k = 0; k < all.length; k++) {
      assertArrayEquals(cheapSequential.get(k).values(), cheapParallel.get(k).values(), 0.0);
      assertArrayEquals(cheapSequential.get(k).errors(), cheapParallel.get(k).errors(), 0.0);
      // column 0 (pair at an eighth of the start step, then the 7-point) is declined, so the
      // others start their pairs at the start step, whose points the 7-point stencil reuses
      assertEquals(
          k == 0 ? 4 + 6 : k % 3 != 0 ? 4 : 6, cheapParallel.get(k).evaluations(), "column " + k);
    }
    DMatrixRMaj values = sequential.values();
    for (int k = 0; k < columns.length; k++) {
      for (int r = 0; r < values.numRows; r++) {
        assertEquals(values.get(r, columns[k]), delivered.get(k).values()[r], 0.0);
      }
    }
  }

  @Test
  void coordinateColumnsStayExactWhenTheFunctionScribblesOnItsInput() {
    // the engine reuses one scratch copy of x per thread; a function that breaks its contract and
    // writes to its input must still see x + t·e_j at every evaluation
    long seed = 11L;
    Random random = new Random(seed);
    double[] x = new double[12];
    for (int i = 0; i < x.length; i++) {
      x[i] = random.nextGaussian();
    }
    VectorFunction scribbler =
        v -> {
          double[] y = CROSS.apply(v);
          Arrays.fill(v, 1e3);
          return y;
        };
    NumericJacobian clean = NumericDifferentiator.defaults().jacobian(CROSS, x);
    NumericJacobian scribbled = NumericDifferentiator.defaults().jacobian(scribbler, x);
    assertArrayEquals(clean.values().data, scribbled.values().data, 0.0, "seed " + seed);
    assertArrayEquals(clean.errors().data, scribbled.errors().data, 0.0, "seed " + seed);
  }

  @Test
  void directionalDerivativesStayExactWhenTheFunctionScribblesOnItsInput() {
    // along a u without zero entries every move rewrites all of the scratch array, so it is not
    // restored after each evaluation; along a u with zeros it is: both must see x + t·u every time
    long seed = 12L;
    Random random = new Random(seed);
    double[] x = new double[12];
    double[] dense = new double[12];
    for (int i = 0; i < x.length; i++) {
      x[i] = random.nextGaussian();
      dense[i] = random.nextGaussian();
    }
    double[] sparse = dense.clone();
    sparse[3] = 0;
    sparse[7] = 0;
    VectorFunction scribbler =
        v -> {
          double[] y = CROSS.apply(v);
          Arrays.fill(v, 1e3);
          return y;
        };
    for (double[] u : new double[][] {dense, sparse}) {
      DirectionalDerivative clean = NumericDifferentiator.defaults().directional(CROSS, x, u);
      DirectionalDerivative scribbled =
          NumericDifferentiator.defaults().directional(scribbler, x, u);
      assertArrayEquals(clean.values(), scribbled.values(), 0.0, "seed " + seed);
      assertArrayEquals(clean.errors(), scribbled.errors(), 0.0, "seed " + seed);
      assertEquals(clean.evaluations(), scribbled.evaluations());
    }
  }

  @Test
  void columnsCrossingABinadeMatchTheClosedForm() {
    // x_j just below a power of two: x_j + g·h rounds, so the weights come from the realised
    // offsets
    long seed = 99L;
    Random random = new Random(seed);
    int n = 64;
    double[] x = new double[n];
    for (int j = 0; j < n; j++) {
      double p = Math.scalb(1.0, random.nextInt(8) - 4);
      // an odd number of half-ulps below p: the last bit is lost when x + g·h passes p
      x[j] = (random.nextBoolean() ? 1 : -1) * (p - Math.ulp(p) / 2 * (1 + 2 * random.nextInt(5)));
    }
    VectorFunction f =
        v -> {
          double[] y = new double[3];
          for (int j = 0; j < v.length; j++) {
            y[0] += Math.sin(v[j]);
            y[1] += v[j] * v[j] * v[j];
            y[2] += Math.exp(0.1 * v[j]);
          }
          return y;
        };
    int[] columns = java.util.stream.IntStream.range(0, n).toArray();
    NumericDifferentiator.defaults()
        .forEachColumn(
            f,
            x,
            columns,
            (j, d) -> {
              double[] truth = {Math.cos(x[j]), 3 * x[j] * x[j], 0.1 * Math.exp(0.1 * x[j])};
              for (int r = 0; r < 3; r++) {
                double error = Math.abs(d.values()[r] - truth[r]);
                assertTrue(
                    error <= 1e-10 * Math.abs(truth[r]) && error <= d.errors()[r],
                    "seed "
                        + seed
                        + ", x["
                        + j
                        + "] = "
                        + x[j]
                        + ", row "
                        + r
                        + ": error "
                        + error
                        + ", estimate "
                        + d.errors()[r]);
              }
            });
  }

  @Test
  void aLooserRelativeTargetSavesStencilsAndStaysHonest() {
    // f = 1e3 + sin: round-off from |f| is large against f' = cos, so the default target (1e-10)
    // grows the step; a caller that needs 1e-8 stops after the first stencil
    DoubleUnaryOperator shifted = t -> 1e3 + Math.sin(t);
    double truth = Math.cos(2.0);
    Derivative tight = NumericDifferentiator.defaults().derivative(shifted, 2.0);
    StepSize.Adaptive loose = new StepSize.Adaptive(4).withRelativeTarget(1e-8);
    Derivative cheap = NumericDifferentiator.defaults().withStep(loose).derivative(shifted, 2.0);
    assertTrue(tight.evaluations() > 7, "default target: " + tight);
    assertEquals(7, cheap.evaluations(), "target 1e-8: " + cheap);
    for (Derivative d : List.of(tight, cheap)) {
      assertTrue(Math.abs(d.value() - truth) <= d.error(), d + " vs " + truth);
      assertTrue(d.error() <= 1e-8 * Math.abs(truth) * 4, d.toString());
    }
    assertEquals(StepSize.adaptive(), new StepSize.Adaptive(4));
    assertEquals(1e-10, new StepSize.Adaptive(4).relativeTarget());
    for (double bad : new double[] {0.0, 1e-16, 0.5, Double.NaN, Double.POSITIVE_INFINITY}) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> new StepSize.Adaptive(4, bad));
      assertTrue(e.getMessage().contains("relativeTarget"), e.getMessage());
    }
  }

  @Test
  void richardsonAndAlternativeStepsAgree() {
    double truth = Math.cos(2.0);
    for (NumericDifferentiator engine :
        List.of(
            NumericDifferentiator.richardson(),
            NumericDifferentiator.defaults().withStep(StepSize.scaled(1e-3)),
            NumericDifferentiator.defaults().withStep(new StepSize.Adaptive(1)),
            NumericDifferentiator.defaults()
                .withMethod(FiniteDifferenceMethod.central(9, 1))
                .withRichardson(new RichardsonExtrapolation(1.4, 8, 2.0)),
            NumericDifferentiator.defaults()
                .withMethod(FiniteDifferenceMethod.forward(5, 1))
                .withMethod(FiniteDifferenceMethod.forward(6, 2)))) {
      Derivative d = engine.derivative(Math::sin, 2.0);
      assertEquals(truth, d.value(), 1e-10, engine.method().toString());
      assertTrue(Math.abs(d.value() - truth) <= d.error(), engine.method().toString());
    }
    NumericDifferentiator r = NumericDifferentiator.richardson();
    assertTrue(r.richardsonExtrapolation().isPresent());
    assertTrue(r.withoutRichardson().richardsonExtrapolation().isEmpty());
    assertEquals(FiniteDifferenceMethod.central(7, 2), r.secondDerivativeMethod());
    assertEquals(Domain.unbounded(), r.domain());
  }
}
