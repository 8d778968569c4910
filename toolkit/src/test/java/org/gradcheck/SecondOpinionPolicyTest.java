package org.gradcheck;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The one second-opinion policy of a check ({@link Robustness#secondOpinion()}): an entry that
 * fails against the first numeric estimate is re-derived by an independent estimator (Ridders'
 * extrapolation, other steps). Both ways: a correct derivative whose first estimate is too
 * optimistic passes only with the second opinion, and a wrong derivative fails with it too.
 */
class SecondOpinionPolicyTest {
  /** f(x) = sin x + b·sin(a·x): a small fast wiggle that misleads the first step choice. */
  private static final double A = 3406.6555104377653;

  private static final double B = 7.614716821634704E-10;
  private static final double[] X = {-1.5818294969620448};

  private static final ScalarFunction F = z -> Math.sin(z[0]) + B * Math.sin(A * z[0]);
  private static final GradientFunction RIGHT =
      z -> new double[] {Math.cos(z[0]) + B * A * Math.cos(A * z[0])};

  /** Off by 1e-6 of its value: a real bug, ten times the numeric error bar of the estimates. */
  private static final GradientFunction SLIGHTLY_WRONG =
      z -> new double[] {RIGHT.gradient(z)[0] * (1 + 1e-6)};

  private static final GradientChecker WITH = GradientChecker.builder().mode(Mode.FULL).build();
  private static final GradientChecker WITHOUT =
      WITH.toBuilder().robustness(Robustness.defaults().withSecondOpinion(false)).build();

  @Test
  void aCorrectDerivativeWhoseFirstEstimateMisleadsPassesOnlyWithTheSecondOpinion() {
    CheckReport without = WITHOUT.checkGradient(F, RIGHT, X);
    assertFalse(without.passed(), () -> "the first estimate alone must fail here\n" + without);
    CheckReport with = WITH.checkGradient(F, RIGHT, X);
    assertTrue(with.passed(), with::toString);
    assertTrue(
        with.notes().stream().anyMatch(n -> n.contains("independent second")), with::toString);
  }

  @Test
  void aFastProbeIsRescuedTheSameWay() {
    // a faster, larger wiggle misleads the probe engine's relaxed first estimate
    double a = 5591.243454185198;
    double b = 4.0975590544349423E-7;
    double[] x = {-3.480397864972545};
    ScalarFunction f = z -> Math.sin(z[0]) + b * Math.sin(a * z[0]);
    GradientFunction right = z -> new double[] {Math.cos(z[0]) + b * a * Math.cos(a * z[0])};
    GradientFunction wrong = z -> new double[] {right.gradient(z)[0] * (1 + 1e-5)};
    GradientChecker fast = WITH.toBuilder().mode(Mode.FAST).build();
    GradientChecker fastWithout = WITHOUT.toBuilder().mode(Mode.FAST).build();
    CheckReport without = fastWithout.checkGradient(f, right, x);
    assertFalse(without.passed(), () -> "the first estimate alone must fail here\n" + without);
    CheckReport with = fast.checkGradient(f, right, x);
    assertTrue(with.passed(), with::toString);
    CheckReport caught = fast.checkGradient(f, wrong, x);
    assertFalse(caught.passed(), caught::toString);
  }

  @Test
  void aWrongDerivativeFailsWithTheSecondOpinionToo() {
    CheckReport with = WITH.checkGradient(F, SLIGHTLY_WRONG, X);
    assertFalse(with.passed(), with::toString);
  }
}
