package org.gradcheck.numeric;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.gradcheck.VectorFunction;
import org.junit.jupiter.api.Test;

/**
 * The embedded 5-point pair of {@link NumericDifferentiator#forEachColumn(
 * java.util.function.UnaryOperator, double[], int[], NumericDifferentiator.ColumnDecider,
 * NumericDifferentiator.ColumnConsumer)}: an accepted column costs the 4 inner points and is the
 * 5-point value with its 4th-difference bar; a declined one is exactly today's column, at today's
 * cost plus the pair's points; engines other than the default never offer it.
 */
class EmbeddedPairTest {
  /** y_i = sin(x_i) + 0.5·x_{i+1}² (cyclic). */
  private static final VectorFunction F =
      v -> {
        double[] y = new double[v.length];
        for (int i = 0; i < v.length; i++) {
          y[i] = Math.sin(v[i]) + 0.5 * v[(i + 1) % v.length] * v[(i + 1) % v.length];
        }
        return y;
      };

  private static final double[] X = {0.3, -1.2, 2.0, 0.7, 1.9};

  private static final int[] ALL = {0, 1, 2, 3, 4};

  private static List<DirectionalDerivative> sweep(
      NumericDifferentiator engine,
      VectorFunction f,
      double[] x,
      int[] columns,
      NumericDifferentiator.ColumnDecider decider) {
    List<DirectionalDerivative> out = new ArrayList<>();
    engine.forEachColumn(f, x, columns, decider, (j, d) -> out.add(d));
    return out;
  }

  @Test
  void anAcceptedColumnIsTheFivePointValueOnFourEvaluationsWithAnHonestBar() {
    List<DirectionalDerivative> cheap =
        sweep(NumericDifferentiator.defaults(), F, X, ALL, (j, d) -> true);
    for (int j = 0; j < X.length; j++) {
      DirectionalDerivative d = cheap.get(j);
      assertEquals(4, d.evaluations(), "column " + j);
      double h = d.steps()[j];
      double s = Math.max(1, Math.abs(X[j]));
      assertTrue(
          h >= 0x1p-14 * s && h <= 0x1p-11 * s, "an eighth of the engine's start step: " + h);
      int column = j;
      java.util.function.DoubleUnaryOperator g =
          t -> {
            double[] z = X.clone();
            z[column] += t;
            return F.apply(z)[column];
          };
      double d5 =
          (g.applyAsDouble(-2 * h)
                  - 8 * g.applyAsDouble(-h)
                  + 8 * g.applyAsDouble(h)
                  - g.applyAsDouble(2 * h))
              / (12 * h);
      assertEquals(d5, d.values()[j], d.roundOff()[j], "column " + j + ", up to rounding");
      assertEquals(Math.cos(X[j]), d.values()[j], d.errors()[j], "the bar bounds the truth");
      assertTrue(d.roundOff()[j] > 0 && d.roundOff()[j] <= d.errors()[j]);
      // the row of x_{j-1}² is a parabola: no 4th difference, only round-off
      int parabola = (j + X.length - 1) % X.length;
      assertEquals(X[j], d.values()[parabola], 1e-12);
      assertEquals(d.roundOff()[parabola], d.errors()[parabola], 0.1 * d.roundOff()[parabola]);
    }
  }

  @Test
  void aDeclinedColumnIsTodaysColumnAtTodaysCostPlusThePairsPoints() {
    NumericDifferentiator engine = NumericDifferentiator.defaults();
    List<DirectionalDerivative> today = sweep(engine, F, X, ALL, null);
    int[] offers = new int[X.length];
    List<DirectionalDerivative> declined =
        sweep(
            engine,
            F,
            X,
            ALL,
            (j, d) -> {
              offers[j]++;
              return false;
            });
    for (int j = 0; j < X.length; j++) {
      assertArrayEquals(today.get(j).values(), declined.get(j).values(), 0.0);
      assertArrayEquals(today.get(j).errors(), declined.get(j).errors(), 0.0);
      assertArrayEquals(today.get(j).roundOff(), declined.get(j).roundOff(), 0.0);
      assertEquals(6, today.get(j).evaluations(), "column " + j);
      assertTrue(offers[j] >= 1 && offers[j] <= 3, "at most 3 pairs: " + offers[j]);
    }
    // the first column's pair, at an eighth of the start step, is off the 7-point grid; its bars
    // predict a decision there already, so no other step is tried
    assertEquals(1, offers[0]);
    assertEquals(6 + 4, declined.get(0).evaluations());
    // it was not decided, so the others start at the start step, whose 4 points the 7-point
    // stencil reuses: each further pair tried costs at most 4 (fewer where its points were
    // evaluated already: a pair at h/2 shares ±h)
    int further = 0;
    for (int j = 1; j < X.length; j++) {
      long extra = declined.get(j).evaluations() - 6;
      assertTrue(extra >= 0 && extra <= 4L * (offers[j] - 1), "column " + j + ": " + extra);
      further += offers[j] - 1;
    }
    assertTrue(further > 0, "some declined column was tried at another step");
  }

  @Test
  void aKinkGetsABarOfAThirdOfItsValueSoNoSensibleDeciderTakesIt() {
    VectorFunction relu = v -> new double[] {Math.max(0, v[0]), Math.max(0, v[1])};
    List<DirectionalDerivative> d =
        sweep(
            NumericDifferentiator.defaults(),
            relu,
            new double[] {0.0, 0.8},
            new int[] {0, 1},
            (j, c) -> true);
    assertEquals(0.5, d.get(0).values()[0], 0.0, "the symmetric quotient at the kink");
    assertEquals(0.5 / 3, d.get(0).errors()[0], 1e-12);
    assertEquals(1.0, d.get(1).values()[1], 1e-15);
    assertEquals(d.get(1).roundOff()[1], d.get(1).errors()[1], 0.0, "relu away from 0 is linear");
  }

  @Test
  void otherEnginesAndColumnsThePairCannotTakeNeverAskTheDecider() {
    AtomicInteger offered = new AtomicInteger();
    NumericDifferentiator.ColumnDecider counting =
        (j, d) -> {
          offered.incrementAndGet();
          return true;
        };
    for (NumericDifferentiator engine :
        List.of(
            NumericDifferentiator.classic(),
            NumericDifferentiator.richardson(),
            NumericDifferentiator.defaults().withStep(StepSize.scaled(1e-3)),
            NumericDifferentiator.defaults().withMethod(FiniteDifferenceMethod.central(5, 1)),
            NumericDifferentiator.defaults().withMethod(FiniteDifferenceMethod.forward(7, 1)))) {
      List<DirectionalDerivative> with = sweep(engine, F, X, ALL, counting);
      List<DirectionalDerivative> without = sweep(engine, F, X, ALL, null);
      for (int j = 0; j < X.length; j++) {
        assertArrayEquals(without.get(j).values(), with.get(j).values(), 0.0, engine.toString());
      }
    }
    // at a domain bound the central stencil does not fit: one-sided, no pair
    NumericDifferentiator bounded =
        NumericDifferentiator.defaults().withDomain(Domain.allAtLeast(0.3));
    sweep(bounded, F, new double[] {0.3, 1, 1, 1, 1}, new int[] {0}, counting);
    assertEquals(0, offered.get());
  }

  @Test
  void aPointWhereFIsNotFiniteDeclinesThePairWithoutCostingAnExtraEvaluation() {
    // log(x) at x = 3·2⁻¹⁴ with the pair's step 2⁻¹³ (the start step 2⁻¹⁰ / 8): x − 2h < 0, so
    // the pair's f₋₂ is NaN; when the adaptive engine backs off to that step, its 7-point stencil
    // is then known to fail without evaluating its f₋₃ (NaN too), so the column costs what it
    // costs without the pair
    VectorFunction log = v -> new double[] {Math.log(v[0])};
    double[] x = {3 * 0x1p-14};
    AtomicInteger offered = new AtomicInteger();
    List<DirectionalDerivative> with =
        sweep(
            NumericDifferentiator.defaults(),
            log,
            x,
            new int[] {0},
            (j, d) -> offered.incrementAndGet() > 0);
    List<DirectionalDerivative> without =
        sweep(NumericDifferentiator.defaults(), log, x, new int[] {0}, null);
    assertEquals(0, offered.get());
    assertEquals(without.get(0).evaluations(), with.get(0).evaluations());
    assertEquals(without.get(0).values()[0], with.get(0).values()[0], 0.0);
    assertEquals(1 / x[0], with.get(0).values()[0], with.get(0).errors()[0]);
  }

  @Test
  void decisionsFromSeveralThreadsGiveTheSequentialResults() {
    double[] x = new double[60];
    for (int i = 0; i < x.length; i++) {
      x[i] = Math.sin(0.7 * i) * (i % 7 == 0 ? 300 : 1.5); // some columns need another step
    }
    int[] columns = new int[x.length];
    for (int j = 0; j < x.length; j++) {
      columns[j] = j;
    }
    NumericDifferentiator.ColumnDecider tight =
        (j, d) -> d.errors()[j] <= 1e-10 * Math.abs(d.values()[j]);
    List<DirectionalDerivative> sequential =
        sweep(NumericDifferentiator.defaults(), F, x, columns, tight);
    List<DirectionalDerivative> parallel =
        sweep(NumericDifferentiator.defaults().withThreads(4), F, x, columns, tight);
    int cheap = 0;
    for (int j = 0; j < x.length; j++) {
      assertArrayEquals(sequential.get(j).values(), parallel.get(j).values(), 0.0);
      assertArrayEquals(sequential.get(j).errors(), parallel.get(j).errors(), 0.0);
      assertEquals(sequential.get(j).evaluations(), parallel.get(j).evaluations());
      cheap += sequential.get(j).evaluations() == 4 ? 1 : 0;
    }
    assertTrue(cheap > 0 && cheap < x.length, "both kinds of column: " + cheap);
    assertFalse(sequential.isEmpty());
  }

  @Test
  void aDeciderSaysWhatBarItAcceptsSoThatASecondPairAimsThere() {
    NumericDifferentiator.ColumnDecider plain = (j, d) -> j == 1;
    assertEquals(StepSize.Adaptive.DEFAULT_RELATIVE_TARGET, plain.relativeTarget());
    NumericDifferentiator.ColumnDecider aimed =
        NumericDifferentiator.ColumnDecider.aiming(2.5e-9, plain);
    assertEquals(2.5e-9, aimed.relativeTarget());
    assertTrue(aimed.decides(1, null));
    assertFalse(aimed.decides(2, null));
    for (double bad : new double[] {0, -1e-9, 1, Double.NaN}) {
      IllegalArgumentException e =
          org.junit.jupiter.api.Assertions.assertThrows(
              IllegalArgumentException.class,
              () -> NumericDifferentiator.ColumnDecider.aiming(bad, plain));
      assertTrue(e.getMessage().contains("relativeTarget = " + bad), e.getMessage());
    }
    org.junit.jupiter.api.Assertions.assertThrows(
        NullPointerException.class, () -> NumericDifferentiator.ColumnDecider.aiming(1e-9, null));
  }
}
