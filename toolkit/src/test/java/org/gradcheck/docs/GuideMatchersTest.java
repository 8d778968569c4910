package org.gradcheck.docs;

import static org.gradcheck.hamcrest.GradientMatchers.elementsCloseTo;
import static org.gradcheck.hamcrest.GradientMatchers.failsGradientCheckWith;
import static org.gradcheck.hamcrest.GradientMatchers.matchesNumericGradientOf;
import static org.gradcheck.hamcrest.GradientMatchers.matchesNumericJacobianOf;
import static org.gradcheck.hamcrest.GradientMatchers.matchesNumericJvpOf;
import static org.gradcheck.hamcrest.GradientMatchers.matchesNumericVjpOf;
import static org.gradcheck.hamcrest.GradientMatchers.passedVerification;
import static org.gradcheck.hamcrest.GradientMatchers.passesGradientCheck;
import static org.gradcheck.hamcrest.GradientMatchers.passesVerification;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.not;

import org.ejml.data.DMatrixRMaj;
import org.gradcheck.Finding;
import org.gradcheck.GradientChecker;
import org.gradcheck.VectorFunction;
import org.gradcheck.VectorJacobianProduct;
import org.gradcheck.reference.ReferenceRules;
import org.gradcheck.registry.GradientRegistry;
import org.gradcheck.registry.GradientRule;
import org.gradcheck.registry.VerificationConfig;
import org.junit.jupiter.api.Test;

/** The user guide's Hamcrest section, as the guide shows it, and each matcher's other side. */
class GuideMatchersTest {
  /** y = tanh(x) elementwise, with every derivative form a layer may have. */
  static final class TanhLayer {
    double[] forward(double[] x) {
      double[] y = new double[x.length];
      for (int i = 0; i < x.length; i++) {
        y[i] = Math.tanh(x[i]);
      }
      return y;
    }

    DMatrixRMaj jacobian(double[] x) {
      DMatrixRMaj j = new DMatrixRMaj(x.length, x.length);
      double[] y = forward(x);
      for (int i = 0; i < x.length; i++) {
        j.set(i, i, 1 - y[i] * y[i]);
      }
      return j;
    }

    double[] backward(double[] x, double[] g) {
      double[] y = forward(x);
      for (int i = 0; i < x.length; i++) {
        y[i] = (1 - y[i] * y[i]) * g[i];
      }
      return y;
    }

    double[] jvp(double[] x, double[] u) {
      return backward(x, u); // the Jacobian is diagonal
    }
  }

  /** L = log Σ exp(xᵢ), ∇L = softmax(x). */
  static final class LogSumExp {
    double value(double[] x) {
      double s = 0;
      for (double v : x) {
        s += Math.exp(v);
      }
      return Math.log(s);
    }

    double[] gradient(double[] x) {
      double s = Math.exp(value(x));
      double[] g = new double[x.length];
      for (int i = 0; i < x.length; i++) {
        g[i] = Math.exp(x[i]) / s;
      }
      return g;
    }
  }

  private final TanhLayer layer = new TanhLayer();
  private final LogSumExp loss = new LogSumExp();
  private final GradientChecker checker = GradientChecker.defaults();
  private final double[] x = {0.3, -1.1, 0.8};
  private final double[] g = {1.0, -0.5, 2.0};
  private final double[] u = {0.2, 0.4, -1.0};

  @Test
  void everyMatcherOfTheGuideMatches() {
    double[] analyticGrad = loss.gradient(x);
    double[] expected = loss.gradient(x.clone());
    VectorFunction f = layer::forward;
    VectorJacobianProduct vjp = layer::backward;
    VectorJacobianProduct buggy = (v, w) -> negated(layer.backward(v, w));
    GradientRule rule = ReferenceRules.softmax(5);
    VerificationConfig config = VerificationConfig.builder().seed(7).pointsPerRule(3).build();
    // docs: hamcrest
    assertThat(analyticGrad, elementsCloseTo(expected, 1e-12)); // double[] or DMatrixRMaj
    assertThat(loss.gradient(x), matchesNumericGradientOf(loss::value).at(x));
    assertThat(layer.jacobian(x), matchesNumericJacobianOf(layer::forward).at(x));
    assertThat(layer.backward(x, g), matchesNumericVjpOf(layer::forward).at(x, g)); // Jᵀg
    assertThat(layer.jvp(x, u), matchesNumericJvpOf(layer::forward).at(x, u)); // J·u
    assertThat(checker.checkVjp(f, vjp, x), passesGradientCheck()); // Matcher<CheckReport>
    assertThat(checker.checkVjp(f, buggy, x), failsGradientCheckWith(Finding.Kind.SIGN_FLIPPED));
    assertThat(ReferenceRules.softmax(5), passesVerification()); // Matcher<GradientRule>
    assertThat(GradientRegistry.verify(rule, config), passedVerification()); // Matcher<RuleReport>
    // docs: end
  }

  @Test
  void theSameMatchersRejectWrongDerivatives() {
    assertThat(negated(loss.gradient(x)), not(matchesNumericGradientOf(loss::value).at(x)));
    assertThat(negated(layer.backward(x, g)), not(matchesNumericVjpOf(layer::forward).at(x, g)));
    assertThat(negated(layer.jvp(x, u)), not(matchesNumericJvpOf(layer::forward).at(x, u)));
    assertThat(
        checker.checkVjp(layer::forward, (v, w) -> negated(layer.backward(v, w)), x),
        not(passesGradientCheck()));
  }

  private static double[] negated(double[] v) {
    double[] r = v.clone();
    for (int i = 0; i < r.length; i++) {
      r[i] = -r[i];
    }
    return r;
  }
}
