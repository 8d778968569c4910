package org.gradcheck.reference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.ejml.data.DMatrixRMaj;
import org.gradcheck.Signature;
import org.gradcheck.VectorFunction;
import org.gradcheck.generate.Generator;
import org.gradcheck.numeric.NumericDifferentiator;
import org.gradcheck.numeric.NumericJacobian;
import org.gradcheck.registry.GradientRule;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The reference math checked directly, independently of the checker: analytic Jacobians against the
 * numeric engine (typical inputs) and against a fixed small-step Richardson difference (all inputs,
 * extreme logits included), VJP and JVP against the analytic Jacobian, and no NaN anywhere.
 */
class ReferenceRulesTest {
  private static final long SEED = 20261124L;
  private static final int POINTS = 4;

  @Test
  void namesAreUniqueAndEveryRuleHasAllThreeFormsAndAGenerator() {
    Set<String> names = new HashSet<>();
    for (GradientRule rule : ReferenceRules.all()) {
      assertTrue(names.add(rule.name()), "duplicate " + rule.name());
      assertTrue(rule.jacobian().isPresent() && rule.vjp().isPresent() && rule.jvp().isPresent());
      assertTrue(!rule.generators().isEmpty(), rule.name() + " has no generator");
    }
    assertEquals(18, names.size());
  }

  @TestFactory
  Stream<DynamicTest> analyticJacobianMatchesTheNumericEngineWithinItsErrorEstimate() {
    return forEachRule(ReferenceRulesTest::checkAgainstEngine);
  }

  @TestFactory
  Stream<DynamicTest> analyticJacobianMatchesSmallStepDifferencesIncludingExtremeLogits() {
    return forEachRule(ReferenceRulesTest::checkAgainstSmallSteps);
  }

  @TestFactory
  Stream<DynamicTest> vjpAndJvpAgreeWithTheAnalyticJacobian() {
    return forEachRule(ReferenceRulesTest::checkProducts);
  }

  @TestFactory
  Stream<DynamicTest> everythingIsFiniteAtLogitsOfPlusMinusThousand() {
    return forEachRule(ReferenceRulesTest::checkFiniteAtExtremes);
  }

  @Test
  void softmaxJacobianIsSymmetricWithRowsSummingToZero() {
    double[] a = {0.3, -1.2, 2.5, 0.0};
    DMatrixRMaj j = ReferenceRules.softmax(4).jacobian().orElseThrow().jacobian(a);
    double[] y = ReferenceRules.softmax(4).forward().apply(a);
    for (int r = 0; r < 4; r++) {
      double rowSum = 0;
      for (int c = 0; c < 4; c++) {
        assertEquals(j.get(r, c), j.get(c, r), 1e-17);
        rowSum += j.get(r, c);
      }
      assertEquals(0.0, rowSum, 1e-16);
      assertEquals(y[r] * (1 - y[r]), j.get(r, r), 1e-16);
    }
  }

  @Test
  void logSoftmaxJacobianIsNotSymmetric() {
    double[] a = {0.3, -1.2, 2.5, 0.0};
    DMatrixRMaj j = ReferenceRules.logSoftmax(4).jacobian().orElseThrow().jacobian(a);
    assertNotEquals(j.get(0, 2), j.get(2, 0), 1e-3);
  }

  @Test
  void generalCrossEntropyGradientDiffersFromQMinusPWhenLabelsDoNotSumToOne() {
    double[] x = {1.0, -0.5, 2.0, 0.3, 0.9, 0.1}; // z = (1, -0.5, 2), p = (0.3, 0.9, 0.1), Σp = 1.3
    double[] general = ReferenceRules.crossEntropyGradient(x, 3, 1.0, true);
    double[] qMinusP = ReferenceRules.crossEntropyGradient(x, 3, 1.0, false);
    double[] q = StableMath.softmax(x, 0, 3);
    for (int i = 0; i < 3; i++) {
      assertEquals(q[i] * 1.3 - x[3 + i], general[i], 1e-15);
      assertEquals(0.3 * q[i], general[i] - qMinusP[i], 1e-15);
    }
    // shifting every logit leaves L unchanged, so the true gradient sums to 0; q − p sums to 1 − Σp
    assertEquals(0.0, general[0] + general[1] + general[2], 1e-15);
    assertEquals(-0.3, qMinusP[0] + qMinusP[1] + qMinusP[2], 1e-15);
  }

  @Test
  void crossEntropyAtExtremeLogitsIsExactAndFinite() {
    double[] x = {1000, -1000, 0, 999, 1, 0, 0, 0};
    double loss = ReferenceRules.crossEntropyOneHot(4).forward().apply(x)[0];
    double expected = Math.log1p(Math.exp(-1.0)); // −log(e^1000 / (e^1000 + e^999))
    assertEquals(expected, loss, 1e-12);
    double[] softmax =
        ReferenceRules.softmax(4).forward().apply(new double[] {1000, -1000, 0, 999});
    assertEquals(0.0, softmax[1]);
    assertEquals(1.0, softmax[0] + softmax[3], 1e-15);
  }

  private static Stream<DynamicTest> forEachRule(java.util.function.Consumer<GradientRule> check) {
    return ReferenceRules.all().stream()
        .map(rule -> DynamicTest.dynamicTest(rule.name(), () -> check.accept(rule)));
  }

  private static List<double[]> points(GradientRule rule) {
    List<double[]> out = new java.util.ArrayList<>();
    int g = 0;
    for (Generator<double[]> generator : rule.generators()) {
      SplittableRandom random = new SplittableRandom(SEED + g++);
      for (int p = 0; p < POINTS; p++) {
        out.add(generator.generate(random));
      }
    }
    return out;
  }

  private static String where(GradientRule rule, int point) {
    return rule.name() + " point " + point + " (seed " + SEED + ")";
  }

  private static void checkAgainstEngine(GradientRule rule) {
    Signature sig = rule.signature();
    NumericDifferentiator engine = NumericDifferentiator.defaults();
    List<double[]> points = points(rule);
    for (int p = 0; p < points.size(); p++) {
      double[] x = points.get(p);
      DMatrixRMaj analytic = rule.jacobian().orElseThrow().jacobian(x);
      NumericJacobian numeric = engine.jacobian(rule.forward(), x);
      assertEquals(sig.outputSize(), analytic.numRows, where(rule, p));
      assertEquals(sig.inputSize(), analytic.numCols, where(rule, p));
      for (int i = 0; i < sig.outputSize(); i++) {
        for (int j : sig.differentiableInputIndices()) {
          double a = analytic.get(i, j);
          double n = numeric.values().get(i, j);
          double err = numeric.errors().get(i, j);
          if (!(Math.abs(a - n) <= 1e-12 + 1e-8 * Math.abs(n) + 4 * err)) {
            fail(
                where(rule, p)
                    + ": "
                    + sig.entryLabel(i, j)
                    + " analytic "
                    + a
                    + ", numeric "
                    + n
                    + " ± "
                    + err);
          }
        }
      }
    }
  }

  /** Richardson-extrapolated central difference with h = 1e-3: error O(h⁴), round-off ~1e-10. */
  private static double[] smallStepColumn(VectorFunction f, double[] x, int j) {
    double h = 1e-3;
    double[] d1 = central(f, x, j, h);
    double[] d2 = central(f, x, j, h / 2);
    double[] out = new double[d1.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = (4 * d2[i] - d1[i]) / 3;
    }
    return out;
  }

  private static double[] central(VectorFunction f, double[] x, int j, double h) {
    double[] plus = x.clone();
    double[] minus = x.clone();
    plus[j] += h;
    minus[j] -= h;
    double[] fp = f.apply(plus);
    double[] fm = f.apply(minus);
    double[] d = new double[fp.length];
    for (int i = 0; i < d.length; i++) {
      d[i] = (fp[i] - fm[i]) / ((plus[j] - minus[j]));
    }
    return d;
  }

  private static void checkAgainstSmallSteps(GradientRule rule) {
    Signature sig = rule.signature();
    List<double[]> points = points(rule);
    for (int p = 0; p < points.size(); p++) {
      double[] x = points.get(p);
      DMatrixRMaj analytic = rule.jacobian().orElseThrow().jacobian(x);
      for (int j : sig.differentiableInputIndices()) {
        double[] column = smallStepColumn(rule.forward(), x, j);
        for (int i = 0; i < column.length; i++) {
          double a = analytic.get(i, j);
          if (!(Math.abs(a - column[i]) <= 1e-7 * (1 + Math.abs(column[i])))) {
            fail(
                where(rule, p)
                    + ": "
                    + sig.entryLabel(i, j)
                    + " analytic "
                    + a
                    + ", small-step "
                    + column[i]);
          }
        }
      }
    }
  }

  private static void checkProducts(GradientRule rule) {
    Signature sig = rule.signature();
    SplittableRandom random = new SplittableRandom(SEED);
    List<double[]> points = points(rule);
    for (int p = 0; p < points.size(); p++) {
      double[] x = points.get(p);
      DMatrixRMaj j = rule.jacobian().orElseThrow().jacobian(x);
      double[] g = random.doubles(sig.outputSize(), -1, 1).toArray();
      double[] u = random.doubles(sig.inputSize(), -1, 1).toArray();
      for (int c = 0; c < u.length; c++) {
        if (sig.isConstantInput(c)) {
          u[c] = 0;
        }
      }
      double[] vjp = rule.vjp().orElseThrow().apply(x, g);
      double[] jvp = rule.jvp().orElseThrow().apply(x, u);
      double[] jtg = new double[sig.inputSize()];
      double[] ju = new double[sig.outputSize()];
      for (int r = 0; r < sig.outputSize(); r++) {
        for (int c = 0; c < sig.inputSize(); c++) {
          jtg[c] += j.get(r, c) * g[r];
          ju[r] += j.get(r, c) * u[c];
        }
      }
      for (int c : sig.differentiableInputIndices()) {
        assertEquals(
            jtg[c],
            vjp[c],
            1e-12 * (1 + Math.abs(jtg[c])),
            where(rule, p) + " VJP " + sig.inputLabel(c));
      }
      assertArrayEquals(ju, jvp, 1e-11, where(rule, p) + " JVP");
    }
  }

  private static void checkFiniteAtExtremes(GradientRule rule) {
    Signature sig = rule.signature();
    double[][] extremes = new double[3][sig.inputSize()];
    for (int i = 0; i < sig.inputSize(); i++) {
      extremes[0][i] = (i % 2 == 0 ? 1000 : -1000) - i;
      extremes[1][i] = i % 3 == 0 ? 1000 : (i % 3 == 1 ? -1000 : 0.5);
      extremes[2][i] = -1000 + 0.25 * i;
    }
    for (double[] x : extremes) {
      for (int i = 0; i < sig.inputSize(); i++) {
        if (sig.isConstantInput(i)) {
          x[i] = 0.5; // labels and targets stay in [0, 1]
        }
      }
      String where = rule.name() + " at " + java.util.Arrays.toString(x);
      assertFinite(rule.forward().apply(x), where + " forward");
      assertFinite(rule.jacobian().orElseThrow().jacobian(x).data, where + " Jacobian");
      double[] ones = new double[sig.outputSize()];
      java.util.Arrays.fill(ones, 1.0);
      assertFinite(rule.vjp().orElseThrow().apply(x, ones), where + " VJP");
      double[] tangent = new double[sig.inputSize()];
      java.util.Arrays.fill(tangent, 1.0);
      assertFinite(rule.jvp().orElseThrow().apply(x, tangent), where + " JVP");
    }
  }

  private static void assertFinite(double[] v, String where) {
    for (int i = 0; i < v.length; i++) {
      assertTrue(Double.isFinite(v[i]), where + ": [" + i + "] = " + v[i]);
    }
  }
}
