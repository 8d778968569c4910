package org.gradcheck;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.gradcheck.numeric.NoiseLevel;
import org.gradcheck.numeric.NonFiniteValueException;
import org.gradcheck.numeric.NumericDifferentiator;
import org.gradcheck.robust.Nondeterminism;

/**
 * What every stage of one check reads and nothing changes: the validated point x, f(x), the
 * resolved signature, the differentiable columns, the user's function behind its guard and a
 * counter, the analytic side, and how much f(x) varies between two calls. Built by {@link #guard},
 * the first stage of {@link CheckRun}.
 */
final class CheckContext {
  final CheckKind kind;
  final CheckSettings settings;
  final Robustness robustness;
  final CallGuard guard;

  /** A private copy of the point of the check. */
  final double[] x;

  final int n;
  final int m;
  final Signature signature;

  /** The differentiable input coordinates, ascending. */
  final int[] columns;

  /** f(x) from the check's first evaluation; every later f(x) is a copy of it. */
  final double[] valueAtX;

  /** f(x) once more: the spread between the two calls, for nondeterminism and kink noise. */
  final Nondeterminism functionSpread;

  /** The function as every stage calls it: guarded, counted, interruptible, length-checked. */
  final CountedFunction f;

  final AnalyticSide analytic;

  private final NumericDifferentiator engine;

  private CheckContext(
      CheckKind kind,
      CheckSettings settings,
      Robustness robustness,
      CallGuard guard,
      double[] x,
      Signature signature,
      double[] valueAtX,
      Nondeterminism functionSpread,
      CountedFunction f,
      AnalyticSide analytic,
      int[] columns) {
    this.kind = kind;
    this.settings = settings;
    this.robustness = robustness;
    this.guard = guard;
    this.x = x;
    this.n = x.length;
    this.m = valueAtX.length;
    this.signature = signature;
    this.columns = columns;
    this.valueAtX = valueAtX;
    this.functionSpread = functionSpread;
    this.f = f;
    this.analytic = analytic;
    double level = noise();
    NumericDifferentiator configured = settings.differentiator();
    this.engine =
        level > 0
            ? configured.withNoise(
                new NoiseLevel(
                    Math.max(level, configured.noise().absolute()), configured.noise().relative()))
            : configured;
  }

  /**
   * The guard stage: validates x and the signature, evaluates f at x (twice: the second call
   * measures nondeterminism), resolves the signature against f's output and binds the analytic side
   * to m × n.
   *
   * @throws InvalidCheckInputException naming the input, index and expectation
   * @throws NonFiniteValueException if f(x) is not finite (the caller decides by policy)
   */
  static CheckContext guard(
      CheckSettings settings,
      Robustness robustness,
      CheckKind kind,
      VectorFunction userFunction,
      double[] userX,
      Signature declared,
      Function<CallGuard, AnalyticSide> analyticFactory) {
    String what = secondOrder(kind) ? "the gradient" : "f";
    if (userFunction == null) {
      throw new InvalidCheckInputException(
          (secondOrder(kind) ? "gradient" : "function f") + " is null; expected a function");
    }
    double[] x = checkedInput(userX, settings.precision());
    int n = x.length;
    if (declared != null && declared.inputSize() != n) {
      throw new InvalidCheckInputException(
          "x has length "
              + n
              + " but the signature declares "
              + declared.inputSize()
              + " inputs "
              + describe(declared.inputs()));
    }
    CallGuard guard = CallGuard.sampled(robustness.guardFirstCalls(), robustness.guardEvery());
    AnalyticSide analytic = analyticFactory.apply(guard);
    CountedFunction f = new CountedFunction(guard.function(userFunction), what);
    double[] y0 = f.apply(x.clone());
    if (y0 == null) {
      throw new InvalidCheckInputException(what + " returned null at x; expected a fresh array");
    }
    y0 = y0.clone(); // the function may reuse its output array
    if (y0.length == 0) {
      throw new InvalidCheckInputException(what + " returned an empty array; expected ≥ 1 output");
    }
    f.expectLength(y0.length);
    for (int i = 0; i < y0.length; i++) {
      if (!Double.isFinite(y0[i])) {
        throw new NonFiniteValueException(
            what + " returned output[" + i + "] = " + y0[i] + " at x; expected a finite value",
            i,
            0.0);
      }
    }
    if (secondOrder(kind) && y0.length != n) {
      throw new InvalidCheckInputException(
          "the gradient returned length " + y0.length + ", expected " + n + " (one per input)");
    }
    Signature signature = resolve(kind, declared, n, y0.length);
    int[] columns = signature.differentiableInputIndices();
    if (columns.length == 0) {
      throw new InvalidCheckInputException(
          "every input of the signature is constant "
              + describe(signature.inputs())
              + "; nothing to differentiate");
    }
    Nondeterminism spread = measureSpread(f, x, y0, robustness.nondeterminismTolerance());
    analytic.bind(y0.length, n);
    return new CheckContext(
        kind, settings, robustness, guard, x, signature, y0, spread, f, analytic, columns);
  }

  private static Nondeterminism measureSpread(
      CountedFunction f, double[] x, double[] y0, double tolerance) {
    double[] again = f.apply(x.clone());
    return Nondeterminism.compare("function", y0, again, tolerance);
  }

  /** A validated copy of x, rounded to the check's precision. */
  private static double[] checkedInput(double[] x, Precision precision) {
    if (x == null) {
      throw new InvalidCheckInputException("input x is null; expected an array of coordinates");
    }
    if (x.length == 0) {
      throw new InvalidCheckInputException("input x is empty; expected at least one coordinate");
    }
    double[] copy = new double[x.length];
    for (int j = 0; j < x.length; j++) {
      copy[j] = precision.round(x[j]);
      if (!Double.isFinite(copy[j])) {
        throw new InvalidCheckInputException(
            "input x["
                + j
                + "] = "
                + x[j]
                + " is not finite"
                + (Double.isFinite(x[j]) ? " in " + precision : "")
                + "; expected a finite number");
      }
    }
    return copy;
  }

  private static Signature resolve(CheckKind kind, Signature declared, int n, int m) {
    if (declared == null) {
      return secondOrder(kind)
          ? Signature.builder().input("x", n).output("∇f", n).build()
          : Signature.anonymous(n, m);
    }
    if (!secondOrder(kind) && declared.outputSize() != m) {
      throw new InvalidCheckInputException(
          "f returned "
              + m
              + " outputs but the signature declares "
              + declared.outputSize()
              + " "
              + describe(declared.outputs()));
    }
    return declared;
  }

  static boolean secondOrder(CheckKind kind) {
    return kind == CheckKind.HESSIAN || kind == CheckKind.HVP;
  }

  private static String describe(List<Tensor> tensors) {
    return tensors.stream().map(Tensor::describe).toList().toString();
  }

  boolean secondOrder() {
    return secondOrder(kind);
  }

  /**
   * The noise level of f's values that kink detection must see through: the declared nondeterminism
   * tolerance, the spread actually observed at x, or (below double precision) the rounding of the
   * largest |f(x)|, whichever is largest.
   */
  double noise() {
    double observed = functionSpread.spread();
    double rounding = 0;
    if (settings.precision() != Precision.FLOAT64) {
      for (double y : valueAtX) {
        rounding = Math.max(rounding, settings.precision().epsilon() * Math.abs(y));
      }
    }
    return Math.max(
        Math.max(robustness.nondeterminismTolerance(), rounding),
        Double.isFinite(observed) ? observed : 0.0);
  }

  /**
   * The numeric engine of this check: the configured one, told the noise level of f's values when
   * there is any ({@link #noise()}), so that its error bars cover what the noise does to a
   * difference quotient instead of calling it a mismatch.
   */
  NumericDifferentiator engine() {
    return engine;
  }

  // ---- names ---------------------------------------------------------------------------------

  String entryLabel(int i, int j) {
    if (secondOrder()) {
      return "∂²f/∂" + signature.inputLabel(i) + "∂" + signature.inputLabel(j);
    }
    return signature.entryLabel(i, j);
  }

  String rowLabel(int i) {
    return secondOrder() ? "∂f/∂" + signature.inputLabel(i) : signature.outputLabel(i);
  }

  String inputLabel(int j) {
    return signature.inputLabel(j);
  }

  /** A fresh collector for the entries of this check. */
  EntryCollector newCollector() {
    return new EntryCollector(
        settings.tolerance(), settings.worstCount(), settings.sampleLimit(), settings.seed());
  }

  /**
   * The function under test as every stage of a check calls it: through the {@link CallGuard},
   * counting every call, stopping at an interrupt, and refusing an output whose length differs from
   * f(x)'s.
   */
  static final class CountedFunction implements VectorFunction {
    private final VectorFunction guarded;
    private final String what;
    private final AtomicLong calls = new AtomicLong();
    private volatile int expectedLength = -1;

    CountedFunction(VectorFunction guarded, String what) {
      this.guarded = Objects.requireNonNull(guarded, "function");
      this.what = what;
    }

    void expectLength(int length) {
      this.expectedLength = length;
    }

    @Override
    public double[] apply(double[] point) {
      if (Thread.currentThread().isInterrupted()) {
        throw new CheckInterruptedException(
            "the check was interrupted before evaluating "
                + what
                + " (call "
                + (calls.get() + 1)
                + ")",
            null);
      }
      calls.incrementAndGet();
      double[] y = guarded.apply(point);
      int expected = expectedLength;
      if (expected >= 0 && y != null && y.length != expected) {
        throw new InvalidCheckInputException(
            what
                + " returned "
                + y.length
                + " outputs at a point near x but "
                + expected
                + " at x itself; expected the same number of outputs everywhere");
      }
      return y;
    }

    /** Every call so far, by every stage. */
    long calls() {
      return calls.get();
    }
  }
}
