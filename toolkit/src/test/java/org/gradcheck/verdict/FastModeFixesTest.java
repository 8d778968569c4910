package org.gradcheck.verdict;

import static org.gradcheck.verdict.VerdictFunctions.SIN;
import static org.gradcheck.verdict.VerdictFunctions.checker;
import static org.gradcheck.verdict.VerdictFunctions.context;
import static org.gradcheck.verdict.VerdictFunctions.point;
import static org.gradcheck.verdict.VerdictFunctions.sinVjp;
import static org.gradcheck.verdict.VerdictFunctions.sinVjpWrongAt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.gradcheck.CheckReport;
import org.gradcheck.DerivativeFailedException;
import org.gradcheck.Finding;
import org.gradcheck.GradientChecker;
import org.gradcheck.InvalidCheckInputException;
import org.gradcheck.JacobianVectorProduct;
import org.gradcheck.Mode;
import org.gradcheck.Signature;
import org.gradcheck.VectorFunction;
import org.gradcheck.VectorJacobianProduct;
import org.gradcheck.numeric.Domain;
import org.gradcheck.numeric.NumericDifferentiator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * FAST mode fixes: it honours the engine's declared domain, blames a throwing derivative on the
 * derivative, names signature labels (never internal probe coordinates), rejects an f whose output
 * length changes, and is reproducible from its seed.
 */
class FastModeFixesTest {
  private static final long SEED = 777_777L;

  // ---- (a) the declared domain -------------------------------------------------------------

  /** Points near the lower bound 0 of sqrt, and some far from it. */
  private static final double[] NEAR_ZERO = {1e-4, 2e-3, 0.01, 0.05, 0.3, 1.0, 2.0, 5e-4};

  private static final JacobianVectorProduct SQRT_JVP =
      (x, u) -> {
        double[] out = new double[x.length];
        for (int j = 0; j < x.length; j++) {
          out[j] = u[j] / (2 * Math.sqrt(x[j]));
        }
        return out;
      };

  /** sqrt elementwise, recording every call that has a coordinate below 0. */
  private static final class RecordingSqrt implements VectorFunction {
    private final List<String> outside = new ArrayList<>();
    private final AtomicLong calls = new AtomicLong();

    @Override
    public synchronized double[] apply(double[] x) {
      calls.incrementAndGet();
      double[] y = new double[x.length];
      for (int j = 0; j < x.length; j++) {
        if (x[j] < 0 && outside.size() < 5) {
          outside.add("x[" + j + "] = " + x[j]);
        }
        y[j] = Math.sqrt(x[j]);
      }
      return y;
    }
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void noModeEvaluatesFOutsideTheDeclaredDomain(Mode mode) {
    GradientChecker checker =
        GradientChecker.builder()
            .mode(mode)
            .seed(SEED)
            .differentiator(NumericDifferentiator.defaults().withDomain(Domain.allAtLeast(0.0)))
            .build();
    RecordingSqrt sqrt = new RecordingSqrt();
    CheckReport r = checker.checkJvp(sqrt, SQRT_JVP, NEAR_ZERO.clone());
    assertTrue(
        sqrt.outside.isEmpty(),
        () -> "evaluated outside x ≥ 0: " + sqrt.outside + "; " + context(SEED, mode, r));
    assertTrue(r.passed(), () -> context(SEED, mode, r));
    RecordingSqrt again = new RecordingSqrt();
    JacobianVectorProduct doubled =
        (x, u) -> {
          double[] out = SQRT_JVP.apply(x, u);
          for (int j = 0; j < out.length; j++) {
            out[j] *= 2;
          }
          return out;
        };
    CheckReport wrong = checker.checkJvp(again, doubled, NEAR_ZERO.clone());
    assertTrue(
        again.outside.isEmpty(),
        () -> "evaluated outside x ≥ 0: " + again.outside + "; " + context(SEED, mode, wrong));
    assertFalse(wrong.passed(), () -> context(SEED, mode, wrong));
  }

  // ---- (b) a throwing derivative -----------------------------------------------------------

  @Test
  void aThrowingBackwardInFastIsADerivativeFailure() {
    VectorJacobianProduct throwing =
        (x, g) -> {
          throw new IllegalStateException("backward not implemented");
        };
    double[] x = point(20, SEED);
    RuntimeException e =
        assertThrows(
            RuntimeException.class, () -> checker(Mode.FAST, SEED).checkVjp(SIN, throwing, x));
    assertInstanceOf(DerivativeFailedException.class, e, () -> "seed " + SEED + ": " + e);
  }

  @Test
  void aThrowingForwardModeDerivativeInFastIsADerivativeFailure() {
    JacobianVectorProduct throwing =
        (x, u) -> {
          throw new IllegalStateException("jvp not implemented");
        };
    double[] x = point(20, SEED);
    RuntimeException e =
        assertThrows(
            RuntimeException.class, () -> checker(Mode.FAST, SEED).checkJvp(SIN, throwing, x));
    assertInstanceOf(DerivativeFailedException.class, e, () -> "seed " + SEED + ": " + e);
  }

  @Test
  void aBackwardThatThrowsOnlyWhileAFailureIsLocalisedIsADerivativeFailure() {
    // wrong (so a probe fails), and throwing from its third call on: during localisation
    AtomicLong calls = new AtomicLong();
    VectorJacobianProduct wrongThenThrowing =
        (x, g) -> {
          if (calls.incrementAndGet() > 2) {
            throw new IllegalStateException("backward broke on call " + calls.get());
          }
          return sinVjp(2.0).apply(x, g);
        };
    for (int n : new int[] {20, 3000}) {
      calls.set(0);
      double[] x = point(n, SEED);
      RuntimeException e =
          assertThrows(
              RuntimeException.class,
              () -> checker(Mode.FAST, SEED).checkVjp(SIN, wrongThenThrowing, x),
              () -> "n = " + n + ", seed " + SEED);
      assertInstanceOf(
          DerivativeFailedException.class, e, () -> "n = " + n + ", seed " + SEED + ": " + e);
    }
  }

  // ---- (c) labels, not probe coordinates ---------------------------------------------------

  private static final Pattern PROBE_COORDINATES = Pattern.compile("\\bu\\s*=\\s*\\[");

  private static void assertNoProbeCoordinates(CheckReport r, long seed) {
    List<String> texts = new ArrayList<>(r.notes());
    r.findings().forEach(f -> texts.add(f.text()));
    texts.add(r.toString());
    for (String text : texts) {
      assertFalse(
          PROBE_COORDINATES.matcher(text).find(),
          () -> "probe coordinates 'u = [' in: " + text + "\n" + context(seed, Mode.FAST, r));
    }
  }

  /** y = tanh(W·x): x (4), W (3×4), y (3); flat = [x, W]. */
  private static final Signature LAYER =
      Signature.builder().input("x", 4).input("W", 3, 4).output("y", 3).build();

  private static final VectorFunction LAYER_FORWARD =
      t -> {
        double[] y = new double[3];
        for (int i = 0; i < 3; i++) {
          double s = 0;
          for (int k = 0; k < 4; k++) {
            s += t[4 + i * 4 + k] * t[k];
          }
          y[i] = Math.tanh(s);
        }
        return y;
      };

  /** The backward pass of the layer, with ∂y[1]/∂W[1,2] off by +0.5 when {@code wrong}. */
  private static VectorJacobianProduct layerBackward(boolean wrong) {
    return (t, g) -> {
      double[] out = new double[t.length];
      for (int i = 0; i < 3; i++) {
        double s = 0;
        for (int k = 0; k < 4; k++) {
          s += t[4 + i * 4 + k] * t[k];
        }
        double th = Math.tanh(s);
        double ds = g[i] * (1 - th * th);
        for (int k = 0; k < 4; k++) {
          out[k] += ds * t[4 + i * 4 + k];
          out[4 + i * 4 + k] += ds * t[k];
        }
      }
      if (wrong) {
        out[4 + 4 + 2] += 0.5 * g[1];
      }
      return out;
    };
  }

  @Test
  void aFastFailureOnALayerNamesTheSignatureLabel() {
    double[] t = point(LAYER.inputSize(), SEED);
    CheckReport good =
        checker(Mode.FAST, SEED).checkVjp(LAYER_FORWARD, layerBackward(false), t, LAYER);
    assertTrue(good.passed(), () -> context(SEED, Mode.FAST, good));
    CheckReport r = checker(Mode.FAST, SEED).checkVjp(LAYER_FORWARD, layerBackward(true), t, LAYER);
    assertFalse(r.passed(), () -> context(SEED, Mode.FAST, r));
    int w12 = LAYER.inputOffset("W") + 4 + 2;
    assertTrue(
        r.worstEntries().stream()
            .anyMatch(
                e -> !e.withinTolerance() && e.inputIndex() == w12 && e.label().contains("W[1,2]")),
        () -> "no failing entry labelled W[1,2]; " + context(SEED, Mode.FAST, r));
    assertNoProbeCoordinates(r, SEED);
  }

  @Test
  void aFastFailureOnALargeInputNamesTheCoordinate() {
    double[] x = point(2_000, SEED); // above 1 024 columns: localised by bisection, not FULL
    CheckReport r = checker(Mode.FAST, SEED).checkVjp(SIN, sinVjpWrongAt(3), x);
    assertFalse(r.passed(), () -> context(SEED, Mode.FAST, r));
    assertTrue(
        r.worstEntries().stream()
            .anyMatch(
                e ->
                    !e.withinTolerance() && e.label().contains("x[3]") && !e.label().contains("…")),
        () -> "no failing entry labelled x[3]; " + context(SEED, Mode.FAST, r));
    assertNoProbeCoordinates(r, SEED);
  }

  @Test
  void aFunctionThatThrowsAwayFromXInFastNamesNoProbeCoordinates() {
    double[] x = point(20, SEED);
    VectorFunction throwsAway =
        v -> {
          if (!Arrays.equals(v, x)) {
            throw new IllegalStateException("f is undefined here");
          }
          return SIN.apply(v);
        };
    CheckReport r = checker(Mode.FAST, SEED).checkVjp(throwsAway, sinVjp(1.0), x.clone());
    assertFalse(r.passed(), () -> context(SEED, Mode.FAST, r));
    assertTrue(r.toString().contains("IllegalStateException"), () -> context(SEED, Mode.FAST, r));
    assertNoProbeCoordinates(r, SEED);
  }

  // ---- (d) an output length that changes ---------------------------------------------------

  @ParameterizedTest
  @EnumSource(Mode.class)
  void anOutputLengthThatChangesAwayFromXIsInvalidInputInEveryMode(Mode mode) {
    double[] x = point(6, SEED);
    VectorFunction growing =
        v -> Arrays.equals(v, x) ? SIN.apply(v) : Arrays.copyOf(SIN.apply(v), v.length + 1);
    CheckReport[] report = new CheckReport[1];
    RuntimeException e =
        assertThrows(
            RuntimeException.class,
            () -> report[0] = checker(mode, SEED).checkVjp(growing, sinVjp(1.0), x.clone()),
            () -> context(SEED, mode, "no exception; report:\n" + report[0]));
    assertInstanceOf(InvalidCheckInputException.class, e, () -> context(SEED, mode, "thrown " + e));
  }

  // ---- (e) reproducible --------------------------------------------------------------------

  @Test
  void theSameSeededFailingFastCheckTwiceGivesIdenticalFindingsAndNotes() {
    for (int n : new int[] {12, 50, 1500, 2500}) {
      double[] x = point(n, SEED + n);
      CheckReport first = checker(Mode.FAST, SEED).checkVjp(SIN, sinVjpWrongAt(3), x);
      CheckReport second = checker(Mode.FAST, SEED).checkVjp(SIN, sinVjpWrongAt(3), x);
      assertFalse(first.passed(), () -> "n = " + n + "; " + context(SEED, Mode.FAST, first));
      List<Finding> a = first.findings();
      List<Finding> b = second.findings();
      assertEquals(a, b, () -> "n = " + n + "; " + context(SEED, Mode.FAST, second));
      assertEquals(
          first.notes(),
          second.notes(),
          () -> "n = " + n + "; " + context(SEED, Mode.FAST, second));
    }
    double[] t = point(LAYER.inputSize(), SEED);
    CheckReport first =
        checker(Mode.FAST, SEED).checkVjp(LAYER_FORWARD, layerBackward(true), t, LAYER);
    CheckReport second =
        checker(Mode.FAST, SEED).checkVjp(LAYER_FORWARD, layerBackward(true), t, LAYER);
    assertEquals(first.findings(), second.findings(), () -> context(SEED, Mode.FAST, second));
    assertEquals(first.notes(), second.notes(), () -> context(SEED, Mode.FAST, second));
  }
}
