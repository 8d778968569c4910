package org.gradcheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@link CheckReport}'s documented equality: identity, not the values it holds. */
class CheckReportEqualityTest {
  private static final GradientChecker CHECKER = GradientChecker.builder().mode(Mode.FULL).build();
  private static final double[] X = {0.4, -1.1, 2.0};

  private static CheckReport check() {
    return CHECKER.checkGradient(
        x -> x[0] * x[0] + Math.sin(x[1]) * x[2],
        x -> new double[] {2 * x[0], Math.cos(x[1]) * x[2], Math.sin(x[1])},
        X);
  }

  @Test
  void aReportEqualsItself() {
    CheckReport r = check();
    assertEquals(r, r);
    assertEquals(r.hashCode(), r.hashCode());
  }

  @Test
  void twoReportsWithTheSameValuesAreNotEqual() {
    CheckReport r = check();
    CheckReport copy = r.toBuilder().build();
    assertEquals(r.toJson(), copy.toJson(), "the copy holds every value of the report");
    assertNotEquals(r, copy);
    assertNotEquals(
        r.toBuilder().elapsed(Duration.ZERO).build(), r.toBuilder().elapsed(Duration.ZERO).build());
  }

  @Test
  void twoRunsOfOneCheckAgreeOnWhatTheyCompared() {
    CheckReport a = check();
    CheckReport b = check();
    assertNotEquals(a, b);
    assertEquals(a.passed(), b.passed());
    assertEquals(a.maxRelError(), b.maxRelError());
    assertEquals(a.comparedEntries(), b.comparedEntries());
  }
}
