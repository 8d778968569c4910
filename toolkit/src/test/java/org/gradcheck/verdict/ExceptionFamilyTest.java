package org.gradcheck.verdict;

import static org.gradcheck.verdict.VerdictFunctions.SIN;
import static org.gradcheck.verdict.VerdictFunctions.checker;
import static org.gradcheck.verdict.VerdictFunctions.context;
import static org.gradcheck.verdict.VerdictFunctions.point;
import static org.gradcheck.verdict.VerdictFunctions.sinVjp;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import org.gradcheck.CheckReport;
import org.gradcheck.DerivativeFailedException;
import org.gradcheck.FunctionFailedException;
import org.gradcheck.GradientCheckException;
import org.gradcheck.InvalidCheckInputException;
import org.gradcheck.Mode;
import org.gradcheck.VectorFunction;
import org.gradcheck.VectorJacobianProduct;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What a check throws instead of a verdict belongs to one family ({@link GradientCheckException}):
 * a throwing f is a {@link FunctionFailedException} (its exception the cause), a throwing
 * derivative a {@link DerivativeFailedException}, NaN in x an {@link InvalidCheckInputException}
 * naming the coordinate — in every mode.
 */
class ExceptionFamilyTest {
  private static final long SEED = 11L;
  private static final int N = 8;

  /** Thrown by the user functions below, to find as a cause. */
  private static final class UserBug extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UserBug(String message) {
      super(message);
    }
  }

  private static boolean causedBy(Throwable t, Class<? extends Throwable> type) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (type.isInstance(c)) {
        return true;
      }
    }
    return false;
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void aFunctionThatThrowsAtXIsAFunctionFailure(Mode mode) {
    VectorFunction f =
        x -> {
          throw new UserBug("f is broken");
        };
    RuntimeException e =
        assertThrows(
            RuntimeException.class,
            () -> checker(mode, SEED).checkVjp(f, sinVjp(1.0), point(N, SEED)));
    assertInstanceOf(FunctionFailedException.class, e, () -> context(SEED, mode, "thrown " + e));
    assertInstanceOf(GradientCheckException.class, e);
    assertTrue(causedBy(e, UserBug.class), () -> context(SEED, mode, "cause lost: " + e));
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void aFunctionThatThrowsAwayFromXFailsTheCheckNamingItsException(Mode mode) {
    // f(x) itself works, so the check runs; the entries f cannot be differentiated for are NaN
    // and fail, and the report keeps every other result and names the user's exception
    double[] x = point(N, SEED);
    VectorFunction f =
        v -> {
          if (!Arrays.equals(v, x)) {
            throw new UserBug("f is undefined away from x");
          }
          return SIN.apply(v);
        };
    CheckReport r = checker(mode, SEED).checkVjp(f, sinVjp(1.0), x.clone());
    assertFalse(r.passed(), () -> context(SEED, mode, r));
    assertTrue(
        r.notes().stream().anyMatch(n -> n.contains(UserBug.class.getSimpleName())),
        () -> context(SEED, mode, "the user's exception is not named: " + r));
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void aDerivativeThatThrowsIsADerivativeFailure(Mode mode) {
    AtomicLong calls = new AtomicLong();
    VectorJacobianProduct vjp =
        (x, g) -> {
          calls.incrementAndGet();
          throw new UserBug("backward is broken");
        };
    RuntimeException e =
        assertThrows(
            RuntimeException.class, () -> checker(mode, SEED).checkVjp(SIN, vjp, point(N, SEED)));
    assertInstanceOf(DerivativeFailedException.class, e, () -> context(SEED, mode, "thrown " + e));
    assertInstanceOf(GradientCheckException.class, e);
    assertTrue(causedBy(e, UserBug.class), () -> context(SEED, mode, "cause lost: " + e));
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void aNaNInXIsInvalidInputNamingTheCoordinate(Mode mode) {
    double[] x = point(N, SEED);
    x[3] = Double.NaN;
    RuntimeException e =
        assertThrows(
            RuntimeException.class, () -> checker(mode, SEED).checkVjp(SIN, sinVjp(1.0), x));
    assertInstanceOf(InvalidCheckInputException.class, e, () -> context(SEED, mode, "thrown " + e));
    assertInstanceOf(GradientCheckException.class, e);
    String message = String.valueOf(e.getMessage());
    assertTrue(message.contains("x[3]"), () -> context(SEED, mode, message));
    assertTrue(message.contains("finite"), () -> context(SEED, mode, message));
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void aCorrectAndAWrongDerivativeThrowNothing(Mode mode) {
    // the control: a wrong derivative is a failed report, never an exception
    assertTrue(checker(mode, SEED).checkVjp(SIN, sinVjp(1.0), point(N, SEED)).passed());
    assertTrue(!checker(mode, SEED).checkVjp(SIN, sinVjp(2.0), point(N, SEED)).passed());
  }
}
