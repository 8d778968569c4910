package org.gradcheck.hamcrest;

import static org.gradcheck.hamcrest.CloseToTest.mismatch;
import static org.gradcheck.hamcrest.GradientMatchers.failsGradientCheckWith;
import static org.gradcheck.hamcrest.GradientMatchers.matchesNumericGradientOf;
import static org.gradcheck.hamcrest.GradientMatchers.matchesNumericJvpOf;
import static org.gradcheck.hamcrest.GradientMatchers.matchesNumericVjpOf;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.atomic.AtomicInteger;
import org.gradcheck.CheckReport;
import org.gradcheck.Finding;
import org.gradcheck.GradientChecker;
import org.gradcheck.InvalidCheckInputException;
import org.gradcheck.Mode;
import org.gradcheck.ScalarFunction;
import org.gradcheck.Signature;
import org.gradcheck.VectorFunction;
import org.hamcrest.Matcher;
import org.hamcrest.StringDescription;
import org.junit.jupiter.api.Test;

/** The gradient, VJP and JVP matchers and {@code failsGradientCheckWith}, each both ways. */
class FunctionMatchersTest {
  /** f(x) = (x0·x1, sin x2, x0²). */
  private static final VectorFunction F =
      x -> new double[] {x[0] * x[1], Math.sin(x[2]), x[0] * x[0]};

  /** L(x) = x0²·x1 + sin x2. */
  private static final ScalarFunction LOSS = x -> x[0] * x[0] * x[1] + Math.sin(x[2]);

  private static final double[] X = {0.3, -1.2, 0.7};

  private static double[] gradient(double[] x) {
    return new double[] {2 * x[0] * x[1], x[0] * x[0], Math.cos(x[2])};
  }

  /** Jᵀg of F, with the factor 2 of d(x0²)/dx0 optionally forgotten. */
  private static double[] vjp(double[] x, double[] g, double two) {
    return new double[] {g[0] * x[1] + g[2] * two * x[0], g[0] * x[0], g[1] * Math.cos(x[2])};
  }

  /** J·u of F, with the factor 2 optionally forgotten. */
  private static double[] jvp(double[] x, double[] u, double two) {
    return new double[] {x[1] * u[0] + x[0] * u[1], Math.cos(x[2]) * u[2], two * x[0] * u[0]};
  }

  private static String description(Matcher<?> matcher) {
    return StringDescription.toString(matcher);
  }

  @Test
  void matchesNumericGradientOfAcceptsTheRightGradientAndNamesTheWrongEntry() {
    assertThat(gradient(X), matchesNumericGradientOf(LOSS).at(X));
    double[] wrong = gradient(X);
    wrong[1] = 0.3; // forgot the square
    assertThat(wrong, not(matchesNumericGradientOf(LOSS).at(X)));
    Signature named = Signature.builder().input("w", 3).output("loss", 1).build();
    assertThat(
        mismatch(matchesNumericGradientOf(LOSS).named(named).at(X), wrong),
        allOf(
            startsWith("GRADIENT check (mode FULL) failed: 1 of 3 entries outside tolerance"),
            containsString("\n  ∂loss[0]/∂w[1] (output 0, input 1): "),
            containsString("analytic 0.3, numeric 0.09 ± ")));
    assertThat(
        mismatch(matchesNumericGradientOf(LOSS).at(X), new double[] {1, 2}),
        equalTo("was a double[2], but f takes R^3, so its gradient is a double[3]"));
  }

  @Test
  void aDescriptionNamesThePointBySizeAndFirstValuesNeverTheWholeVector() {
    double[] big = new double[100];
    for (int i = 0; i < big.length; i++) {
      big[i] = i;
    }
    String text = description(matchesNumericGradientOf(x -> x[0]).at(big));
    assertThat(
        text,
        startsWith(
            "the numeric gradient of f at x = double[100] [0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0,"
                + " 7.0, …], every entry within: pass when"));
    assertThat(text, not(containsString("99.0")));
  }

  @Test
  void matchesNumericVjpOfAcceptsTheRightBackwardAndNamesTheWrongEntry() {
    double[] g = {1, 2, -1};
    assertThat(vjp(X, g, 2), matchesNumericVjpOf(F).at(X, g));
    assertThat(vjp(X, g, 1), not(matchesNumericVjpOf(F).at(X, g)));
    assertThat(
        mismatch(matchesNumericVjpOf(F).at(X, g), vjp(X, g, 1)),
        allOf(
            startsWith("GRADIENT check (mode FULL) failed: 1 of 3 entries outside tolerance"),
            containsString("analytic -1.5, numeric -1.8 ± ")));
    assertThat(
        description(matchesNumericVjpOf(F).at(X, g)),
        startsWith(
            "the numeric VJP of f at x = double[3] [0.3, -1.2, 0.7] for upstream = double[3]"
                + " [1.0, 2.0, -1.0], every entry within: pass when"));
    assertThat(
        mismatch(matchesNumericVjpOf(F).at(X, g), new double[] {1}),
        equalTo("was a double[1], but f takes R^3, so its VJP is a double[3]"));
    Matcher<double[]> shortUpstream = matchesNumericVjpOf(F).at(X, new double[2]);
    InvalidCheckInputException e =
        assertThrows(InvalidCheckInputException.class, () -> shortUpstream.matches(vjp(X, g, 2)));
    assertEquals("upstream has length 2; expected one entry per output of f, 3", e.getMessage());
  }

  @Test
  void matchesNumericVjpOfEvaluatesFOnlyInTheCheck() {
    double[] g = {1, 2, -1};
    AtomicInteger calls = new AtomicInteger();
    VectorFunction counted =
        x -> {
          calls.incrementAndGet();
          return F.apply(x);
        };
    Matcher<double[]> matcher = matchesNumericVjpOf(counted).at(X, g);
    assertEquals(0, calls.get(), "at(x, g) evaluates nothing");

    assertThat(vjp(X, g, 2), matcher);
    int byMatcher = calls.getAndSet(0);
    GradientChecker full = GradientChecker.builder().mode(Mode.FULL).build();
    ScalarFunction gDotF =
        x -> {
          double[] y = counted.apply(x);
          return g[0] * y[0] + g[1] * y[1] + g[2] * y[2];
        };
    assertThat(full.checkGradient(gDotF, x -> vjp(x, g, 2), X).passed(), equalTo(true));
    assertEquals(calls.get(), byMatcher, "the matcher evaluates f exactly as often as its check");
  }

  @Test
  void matchesNumericJvpOfAcceptsTheRightProductAndNamesTheWrongEntry() {
    double[] u = {1, 0.5, -2};
    assertThat(jvp(X, u, 2), matchesNumericJvpOf(F).at(X, u));
    assertThat(jvp(X, u, 1), not(matchesNumericJvpOf(F).at(X, u)));
    assertThat(
        mismatch(matchesNumericJvpOf(F).at(X, u), jvp(X, u, 1)),
        allOf(
            startsWith("JACOBIAN check (mode FULL) failed: 1 of 3 entries outside tolerance"),
            containsString("∂y[2]/∂t"),
            containsString("analytic 0.3, numeric 0.6 ± ")));
    assertThat(
        description(matchesNumericJvpOf(F).at(X, u)),
        startsWith(
            "the numeric JVP of f at x = double[3] [0.3, -1.2, 0.7] along direction = double[3]"
                + " [1.0, 0.5, -2.0], every entry within: pass when"));
    assertThat(
        mismatch(matchesNumericJvpOf(F).at(X, u), new double[] {1, 2}),
        equalTo("was a double[2], but f maps to R^3, so its JVP is a double[3]"));
    assertThrows(
        InvalidCheckInputException.class, () -> matchesNumericJvpOf(F).at(X, new double[2]));
  }

  @Test
  void theFunctionMatchersUseTheGivenCheckersTolerance() {
    GradientChecker loose = GradientChecker.builder().atol(0.5).build();
    double[] g = {1, 2, -1};
    double[] u = {1, 0.5, -2};
    assertThat(vjp(X, g, 1), matchesNumericVjpOf(F).using(loose).at(X, g));
    assertThat(jvp(X, u, 1), matchesNumericJvpOf(F).using(loose).at(X, u));
    double[] wrong = gradient(X);
    wrong[1] = 0.3;
    assertThat(wrong, matchesNumericGradientOf(LOSS).using(loose).at(X));
  }

  @Test
  void failsGradientCheckWithMatchesACaughtBugOfTheNamedKindOnly() {
    GradientChecker full = GradientChecker.builder().mode(Mode.FULL).build();
    CheckReport doubled = full.checkVjp(F, (x, g) -> vjp2(x, g, 2.0), X);
    CheckReport flipped = full.checkVjp(F, (x, g) -> vjp2(x, g, -1.0), X);
    CheckReport right = full.checkVjp(F, (x, g) -> vjp2(x, g, 1.0), X);
    assertThat(doubled, failsGradientCheckWith(Finding.Kind.CONSTANT_FACTOR));
    assertThat(doubled, failsGradientCheckWith());
    assertThat(right, not(failsGradientCheckWith()));
    assertThat(
        mismatch(failsGradientCheckWith(Finding.Kind.CONSTANT_FACTOR), right),
        equalTo("expected the check to fail with [CONSTANT_FACTOR], but it passed (VJP check)"));
    assertThat(
        mismatch(failsGradientCheckWith(Finding.Kind.CONSTANT_FACTOR), flipped),
        equalTo(
            "expected the check to fail with [CONSTANT_FACTOR]; it failed, but [CONSTANT_FACTOR]"
                + " is not among its findings [SIGN_FLIPPED] (VJP check)"));
    assertThat(
        description(failsGradientCheckWith(Finding.Kind.CONSTANT_FACTOR)),
        equalTo("a gradient check failing with [CONSTANT_FACTOR]"));
    assertThat(description(failsGradientCheckWith()), equalTo("a failing gradient check"));
  }

  /** The right VJP of F scaled by {@code factor}. */
  private static double[] vjp2(double[] x, double[] g, double factor) {
    double[] v = vjp(x, g, 2);
    for (int i = 0; i < v.length; i++) {
      v[i] *= factor;
    }
    return v;
  }
}
