package org.gradcheck.numeric;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.DoubleUnaryOperator;
import java.util.function.UnaryOperator;
import org.apiguardian.api.API;
import org.ejml.data.DMatrixRMaj;

/**
 * The numeric differentiation engine: derivatives, directional derivatives J·u and Jacobians of
 * vector functions, each with an error estimate and an evaluation count. Immutable; configure with
 * the {@code with…} methods.
 *
 * <p>{@link #defaults()} — the engine the gradient checker runs on every Jacobian column — uses the
 * 7-point central stencil (6th order, 6 evaluations per column) with the adaptive step. Its error
 * estimate is |D₇ − D₅| (the embedded 5-point stencil on the same points, whose error is larger by
 * a factor ~h⁻²) plus a round-off bound Σ|c_i|·max(2ε·max|f|, 3σ̂)/h, where σ̂ is the noise of f
 * measured by the 6th difference of the same 7 values; the step starts where the terms balance and
 * is re-chosen from the measured terms when the truncation estimate is too large (details and
 * measured accuracy: docs/numerics.md). {@link #classic()} reproduces the h = 1e-6 central
 * difference of PyTorch and DL4J; {@link #richardson()} adds Richardson extrapolation for the last
 * digits.
 *
 * <p>Offsets are realised exactly: the stencil uses the offsets (x + g·h) − x actually taken (if
 * they differ from g·h, Fornberg weights for those offsets, computed in double precision and
 * accepted only if they meet every moment condition to rounding level, else computed exactly), so
 * rounding of x + h costs nothing.
 *
 * <p>Parallel evaluation over columns is opt-in ({@link #withThreads(int)}); each thread owns its
 * scratch copy of x (restored after every evaluation), and results are delivered in the requested
 * order, bitwise identical to the sequential run.
 *
 * <p>Interrupts are never swallowed: if the calling thread is interrupted (while it waits for the
 * pool, or between two evaluations of f), outstanding columns are cancelled, the thread's interrupt
 * flag stays set and the call throws a {@link CancellationException} naming where it stopped; an
 * exception thrown by f while the thread is interrupted propagates as it is, not wrapped into a
 * {@link FunctionEvaluationException}.
 */
@API(status = API.Status.STABLE, since = "0.1")
public final class NumericDifferentiator {
  /**
   * The default engine, built once: its stencils come from exact solves, and engines are immutable.
   * The other named engines are built on first use ({@link Named}), sharing these stencils.
   */
  private static final NumericDifferentiator DEFAULTS =
      new NumericDifferentiator(
          FiniteDifferenceMethod.central(7, 1),
          FiniteDifferenceMethod.central(7, 2),
          StepSize.adaptive(),
          null,
          Domain.unbounded(),
          1,
          NoiseLevel.none(),
          Line.DOUBLE_PRECISION);

  /** The classic and the Richardson engine, built when first asked for. */
  private static final class Named {
    static final NumericDifferentiator CLASSIC =
        new NumericDifferentiator(
            FiniteDifferenceMethod.central(2, 1),
            FiniteDifferenceMethod.central(3, 2),
            StepSize.fixed(1e-6),
            null,
            Domain.unbounded(),
            1,
            NoiseLevel.none(),
            Line.DOUBLE_PRECISION);

    static final NumericDifferentiator RICHARDSON =
        DEFAULTS.withRichardson(RichardsonExtrapolation.ridders());

    private Named() {}
  }

  private final FiniteDifferenceMethod method;
  private final FiniteDifferenceMethod secondMethod;
  private final StepSize step;
  private final RichardsonExtrapolation extrapolation;
  private final Domain domain;
  private final int threads;
  private final NoiseLevel noise;
  private final int inputPrecision;

  private NumericDifferentiator(
      FiniteDifferenceMethod method,
      FiniteDifferenceMethod secondMethod,
      StepSize step,
      RichardsonExtrapolation extrapolation,
      Domain domain,
      int threads,
      NoiseLevel noise,
      int inputPrecision) {
    this.method = method;
    this.secondMethod = secondMethod;
    this.step = step;
    this.extrapolation = extrapolation;
    this.domain = domain;
    this.threads = threads;
    this.noise = noise;
    this.inputPrecision = inputPrecision;
  }

  /**
   * {@return the default engine: central 7-point stencils (first and second derivatives), adaptive
   * step, no extrapolation, unbounded domain, sequential}
   */
  public static NumericDifferentiator defaults() {
    return DEFAULTS;
  }

  /**
   * {@return the classic fixed-step central difference (f(x+h) − f(x−h)) / 2h with h = 1e-6, as in
   * PyTorch {@code gradcheck} and DL4J {@code GradientCheckUtil}; second derivatives with [1, −2,
   * 1]/h²}. Its error estimate compares with the same stencil at 2h (2 more evaluations).
   */
  public static NumericDifferentiator classic() {
    return Named.CLASSIC;
  }

  /**
   * {@return adaptive Richardson: the default stencils at the adaptive step, then Ridders' tableau
   * from 2× that step downwards ({@link RichardsonExtrapolation#ridders()}), which cancels the
   * leading truncation terms h⁶, h⁸, … and gives a tighter error estimate, at about twice the
   * evaluations of {@link #defaults()}}
   */
  public static NumericDifferentiator richardson() {
    return Named.RICHARDSON;
  }

  /** Receives one Jacobian column at a time, in the order the columns were requested. */
  @API(status = API.Status.STABLE, since = "0.1")
  @FunctionalInterface
  public interface ColumnConsumer {
    /**
     * Called once per requested column, in the order the columns were requested.
     *
     * @param column the column's index j
     * @param derivative ∂f/∂x_j at x, with its error estimate
     */
    void accept(int column, DirectionalDerivative derivative);
  }

  /**
   * Decides whether a column's cheap first estimate is enough (see {@link #forEachColumn(
   * UnaryOperator, double[], int[], ColumnDecider, ColumnConsumer)}). Called on the thread that
   * computes the column — with {@link #withThreads(int)}, from several threads at once — so an
   * implementation must be thread-safe then, and deterministic (a function of its arguments) for
   * the results to be identical to the sequential run's.
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.2")
  @FunctionalInterface
  public interface ColumnDecider {
    /**
     * Whether {@code cheap} is accepted as column j's result; if not, the engine may offer the
     * estimate at another step, and then refines the column as it does without a decider (reusing
     * the points already evaluated). May be called up to 3 times per column.
     *
     * @param column the column's index j
     * @param cheap the embedded 5-point estimate of ∂f/∂x_j: values D₅, error bars (4th difference
     *     plus round-off), steps, round-off parts, and the column's evaluations so far (4–12)
     * @return true to accept {@code cheap} as the column
     */
    boolean decides(int column, DirectionalDerivative cheap);

    /**
     * {@return the relative error bar (bar / |value|) below which this decider accepts a correct
     * entry}: where the pair at its first step is too coarse or too fine for that, the engine tries
     * it once more at the step predicted to reach half of this, before refining
     */
    default double relativeTarget() {
      return StepSize.Adaptive.DEFAULT_RELATIVE_TARGET;
    }

    /**
     * {@return {@code decider} with {@link #relativeTarget()} = {@code relativeTarget}}
     *
     * @param relativeTarget the relative error bar below which {@code decider} accepts, in (0, 1)
     * @param decider the decision
     */
    static ColumnDecider aiming(double relativeTarget, ColumnDecider decider) {
      if (!(relativeTarget > 0 && relativeTarget < 1)) {
        throw new IllegalArgumentException(
            "relativeTarget = " + relativeTarget + "; expected a value in (0, 1)");
      }
      Objects.requireNonNull(decider, "decider");
      return new ColumnDecider() {
        @Override
        public boolean decides(int column, DirectionalDerivative cheap) {
          return decider.decides(column, cheap);
        }

        @Override
        public double relativeTarget() {
          return relativeTarget;
        }
      };
    }
  }

  /**
   * {@return the same engine evaluating columns on {@code threads} threads (1 = sequential)}. Opt
   * in only if the function is thread-safe.
   *
   * @param threads the number of threads, ≥ 1
   */
  public NumericDifferentiator withThreads(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be ≥ 1, got " + threads);
    }
    return new NumericDifferentiator(
        method, secondMethod, step, extrapolation, domain, threads, noise, inputPrecision);
  }

  /**
   * {@return the same engine with {@code method} for first derivatives (derivative order 1) or for
   * second derivatives (order 2)}
   *
   * @param method the stencil
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.1")
  public NumericDifferentiator withMethod(FiniteDifferenceMethod method) {
    Objects.requireNonNull(method, "method");
    return switch (method.derivativeOrder()) {
      case 1 ->
          new NumericDifferentiator(
              method, secondMethod, step, extrapolation, domain, threads, noise, inputPrecision);
      case 2 ->
          new NumericDifferentiator(
              this.method, method, step, extrapolation, domain, threads, noise, inputPrecision);
      default ->
          throw new IllegalArgumentException(
              "method of derivative order "
                  + method.derivativeOrder()
                  + "; the engine takes first- or second-derivative methods (use "
                  + "FiniteDifferenceMethod.estimate for higher orders)");
    };
  }

  /**
   * {@return the same engine with another step strategy}
   *
   * @param step how the step is chosen
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.1")
  public NumericDifferentiator withStep(StepSize step) {
    Objects.requireNonNull(step, "step");
    return new NumericDifferentiator(
        method, secondMethod, step, extrapolation, domain, threads, noise, inputPrecision);
  }

  /**
   * {@return the same engine with Richardson extrapolation after the step is chosen}
   *
   * @param extrapolation the extrapolation to apply
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.1")
  public NumericDifferentiator withRichardson(RichardsonExtrapolation extrapolation) {
    Objects.requireNonNull(extrapolation, "extrapolation");
    return new NumericDifferentiator(
        method, secondMethod, step, extrapolation, domain, threads, noise, inputPrecision);
  }

  /** {@return the same engine without Richardson extrapolation} */
  public NumericDifferentiator withoutRichardson() {
    return new NumericDifferentiator(
        method, secondMethod, step, null, domain, threads, noise, inputPrecision);
  }

  /**
   * {@return the same engine restricted to {@code domain}: stencils turn one-sided near its bounds
   * and never evaluate outside; a base point outside it is an {@link InvalidInputException}}
   *
   * @param domain where f may be evaluated
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.1")
  public NumericDifferentiator withDomain(Domain domain) {
    Objects.requireNonNull(domain, "domain");
    return new NumericDifferentiator(
        method, secondMethod, step, extrapolation, domain, threads, noise, inputPrecision);
  }

  /**
   * The same engine for a function whose values carry the declared {@code noise} (beyond double
   * rounding): every error bar includes Σ|c_i|·noise/h^q, the adaptive step starts where that noise
   * balances the truncation error, and measured variation of up to a thousand times the declared
   * level counts as noise, not as unresolved curvature. {@link NoiseLevel#none()} restores the
   * default. Returns a new engine; this one is not modified.
   *
   * @throws NullPointerException if noise is null
   * @param noise the declared error of f's values
   * @return the same engine for a function whose values carry the declared {@code noise} (beyond
   *     double rounding): every error bar includes Σ|c_i|·noise/h^q, the adaptive step starts where
   *     that noise balances the truncation error, and measured variation of up to a thousand times
   *     the declared level counts as noise, not as unresolved curvature
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.1")
  public NumericDifferentiator withNoise(NoiseLevel noise) {
    Objects.requireNonNull(noise, "noise");
    return new NumericDifferentiator(
        method, secondMethod, step, extrapolation, domain, threads, noise, inputPrecision);
  }

  /**
   * The same engine for a function that sees its inputs with {@code bits} significant bits ({@link
   * Line#FLOAT_PRECISION} for a float32 function wrapped as a double one): the engine evaluates f
   * only at points whose moving coordinates it has rounded to that precision itself, uses the
   * offsets so realised, and keeps every step above 64 spacings of that precision. Returns a new
   * engine; this one is not modified.
   *
   * @throws IllegalArgumentException if bits is outside 2 to 53
   * @param bits the number of significant bits of the inputs
   * @return the same engine for a function that sees its inputs with {@code bits} significant bits
   *     ({@link Line#FLOAT_PRECISION} for a float32 function wrapped as a double one): the engine
   *     evaluates f only at points whose moving coordinates it has rounded to that precision
   *     itself, uses the offsets so realised, and keeps every step above 64 spacings of that
   *     precision
   */
  public NumericDifferentiator withInputPrecision(int bits) {
    Line.checkPrecision(bits);
    return new NumericDifferentiator(
        method, secondMethod, step, extrapolation, domain, threads, noise, bits);
  }

  /** {@return the declared noise of f's values ({@link NoiseLevel#none()} by default)} */
  @API(status = API.Status.EXPERIMENTAL, since = "0.1")
  public NoiseLevel noise() {
    return noise;
  }

  /** {@return the significant bits of the inputs f sees (53 by default)} */
  public int inputPrecision() {
    return inputPrecision;
  }

  /** {@return number of threads used over columns} */
  public int threads() {
    return threads;
  }

  /** {@return the first-derivative stencil} */
  @API(status = API.Status.EXPERIMENTAL, since = "0.1")
  public FiniteDifferenceMethod method() {
    return method;
  }

  /** {@return the second-derivative stencil} */
  @API(status = API.Status.EXPERIMENTAL, since = "0.1")
  public FiniteDifferenceMethod secondDerivativeMethod() {
    return secondMethod;
  }

  /** {@return the step strategy} */
  @API(status = API.Status.EXPERIMENTAL, since = "0.1")
  public StepSize stepSize() {
    return step;
  }

  /** {@return the domain} */
  @API(status = API.Status.EXPERIMENTAL, since = "0.1")
  public Domain domain() {
    return domain;
  }

  /** {@return the Richardson extrapolation, if enabled} */
  @API(status = API.Status.EXPERIMENTAL, since = "0.1")
  public Optional<RichardsonExtrapolation> richardsonExtrapolation() {
    return Optional.ofNullable(extrapolation);
  }

  /**
   * {@return f'(x) of a scalar function of one variable; evaluations include the one at x}
   *
   * @param f the function of one variable
   * @param x the point
   */
  public Derivative derivative(DoubleUnaryOperator f, double x) {
    return derivativeOf(f, x, method);
  }

  /**
   * {@return f''(x) of a scalar function of one variable; evaluations include the one at x}
   *
   * @param f the function of one variable
   * @param x the point
   */
  public Derivative secondDerivative(DoubleUnaryOperator f, double x) {
    return derivativeOf(f, x, secondMethod);
  }

  Derivative derivativeOf(DoubleUnaryOperator f, double x, FiniteDifferenceMethod stencil) {
    Objects.requireNonNull(f, "function");
    UnaryOperator<double[]> g = v -> new double[] {f.applyAsDouble(v[0])};
    DirectionalDerivative d = along(g, new double[] {x}, new double[] {1.0}, stencil);
    return new Derivative(d.values()[0], d.errors()[0], d.evaluations());
  }

  /**
   * {@return one Jacobian column ∂f/∂x_j at x; evaluations include the one at x}. {@code x} is not
   * modified.
   *
   * @param f the function, R^n → R^m; must not modify its argument
   * @param x the point, length n; read only
   * @param j the coordinate, in [0, n)
   */
  public DirectionalDerivative partial(UnaryOperator<double[]> f, double[] x, int j) {
    checkInput(f, x);
    if (j < 0 || j >= x.length) {
      throw new IllegalArgumentException(
          "column " + j + " outside the input of length " + x.length);
    }
    double[] u = new double[x.length];
    u[j] = 1.0;
    return along(f, x, u, method);
  }

  /**
   * {@return the directional derivative J·u at x (one stencil, independent of n); evaluations
   * include the one at x}. Arguments are not modified.
   *
   * @param f the function, R^n → R^m; must not modify its argument
   * @param x the point, length n; read only
   * @param u the direction, length n
   */
  public DirectionalDerivative directional(UnaryOperator<double[]> f, double[] x, double[] u) {
    return along(f, x, checkDirection(x, u), method);
  }

  /**
   * {@return the second directional derivative d²/dt² f(x + t·u) at t = 0 (u^T H_i u for every
   * output i); evaluations include the one at x}. Arguments are not modified.
   *
   * @param f the function, R^n → R^m; must not modify its argument
   * @param x the point, length n; read only
   * @param u the direction, length n
   */
  public DirectionalDerivative secondDirectional(
      UnaryOperator<double[]> f, double[] x, double[] u) {
    return along(f, x, checkDirection(x, u), secondMethod);
  }

  /**
   * The one-sided directional derivative along u at x: for {@code side} = +1 the right derivative
   * lim_{t→0+} (f(x + t·u) − f(x))/t, for −1 the left derivative lim_{t→0−}, one value and error
   * bar per output. The stencil is {@link FiniteDifferenceMethod#oneSided(int)} of {@link
   * #method()} (same accuracy order) at this engine's step, noise level and domain; it never
   * evaluates f on the other side of x, so at a kink of f at x each side sees a smooth function.
   * Evaluations include the one at x. Arguments are not modified.
   *
   * @throws IllegalArgumentException if side is not ±1 or u has another length than x
   * @throws NumericDifferentiationException (a subclass naming the problem) if x or u is not
   *     finite, f fails, or no one-sided stencil fits the domain on that side
   * @throws java.util.concurrent.CancellationException if the calling thread is interrupted
   * @param f the function, R^n → R^m; must not modify its argument
   * @param x the point, length n; read only
   * @param u the direction, length n
   * @param side +1 for the right derivative, −1 for the left
   * @return the one-sided directional derivative along u at x: for {@code side} = +1 the right
   *     derivative lim_{t→0+} (f(x + t·u) − f(x))/t, for −1 the left derivative lim_{t→0−}, one
   *     value and error bar per output
   */
  public DirectionalDerivative oneSided(
      UnaryOperator<double[]> f, double[] x, double[] u, int side) {
    if (side != 1 && side != -1) {
      throw new IllegalArgumentException(
          "side = " + side + "; expected +1 (right derivative) or −1 (left derivative)");
    }
    return along(f, x, checkDirection(x, u), method.oneSided(side));
  }

  private static double[] checkDirection(double[] x, double[] u) {
    Objects.requireNonNull(x, "input x");
    Objects.requireNonNull(u, "direction u");
    if (u.length != x.length) {
      throw new IllegalArgumentException(
          "direction u has length " + u.length + ", expected " + x.length + " (length of x)");
    }
    checkFinite(u, "direction u");
    return u;
  }

  private DirectionalDerivative along(
      UnaryOperator<double[]> f, double[] x, double[] u, FiniteDifferenceMethod stencil) {
    checkInput(f, x);
    double[] base = x.clone();
    double[] f0 = baseValue(f, base);
    DirectionalDerivative d = column(f, base, u.clone(), f0, stencil);
    return new DirectionalDerivative(
        d.values(), d.errors(), d.evaluations() + 1, d.steps(), d.roundOff());
  }

  /**
   * The full numeric Jacobian at x; evaluations count every call of f. {@code x} is not modified.
   *
   * @throws NumericDifferentiationException (a subclass naming the problem) if x is unusable or f
   *     fails
   * @throws CancellationException if the calling thread is interrupted (its flag stays set)
   * @param f the function, R^n → R^m; must not modify its argument
   * @param x the point, length n; read only
   * @return the full numeric Jacobian at x; evaluations count every call of f
   */
  public NumericJacobian jacobian(UnaryOperator<double[]> f, double[] x) {
    checkInput(f, x);
    int n = x.length;
    int[] columns = new int[n];
    for (int j = 0; j < n; j++) {
      columns[j] = j;
    }
    DMatrixRMaj[] matrices = new DMatrixRMaj[2];
    long[] evaluations = {1};
    forEachColumn(
        f,
        x,
        columns,
        (j, d) -> {
          int m = d.values().length;
          if (matrices[0] == null) {
            matrices[0] = new DMatrixRMaj(m, n);
            matrices[1] = new DMatrixRMaj(m, n);
          }
          for (int i = 0; i < m; i++) {
            matrices[0].unsafe_set(i, j, d.values()[i]);
            matrices[1].unsafe_set(i, j, d.errors()[i]);
          }
          evaluations[0] += d.evaluations();
        });
    return new NumericJacobian(matrices[0], matrices[1], evaluations[0]);
  }

  /**
   * Computes the requested Jacobian columns and hands each to {@code consumer} in the order given,
   * without keeping more than a block of columns in memory. Each column's evaluation count excludes
   * the one shared evaluation at x. {@code x} and {@code columns} are not modified.
   *
   * @throws IllegalArgumentException if a column is not an index of x
   * @throws NumericDifferentiationException (a subclass naming the problem) if x is unusable or f
   *     fails
   * @throws CancellationException if the calling thread is interrupted while f runs or while it
   *     waits for the pool: outstanding columns are cancelled and the thread's flag stays set
   * @param f the function, R^n → R^m; must not modify its argument
   * @param x the point, length n; read only
   * @param columns the column indices, each in [0, n)
   * @param consumer receives each column as it is done
   */
  public void forEachColumn(
      UnaryOperator<double[]> f, double[] x, int[] columns, ColumnConsumer consumer) {
    forEachColumn(f, x, columns, null, consumer);
  }

  /**
   * As {@link #forEachColumn(UnaryOperator, double[], int[], ColumnConsumer)}, but each column
   * first gets cheap estimates that {@code decider} may accept: the 4 points ±h, ±2h give the
   * 5-point value D₅ = (f₋₂ − 8f₋₁ + 8f₁ − f₂)/(12h) with the bar |f₋₂ − 4f₋₁ + 6f₀ − 4f₁ +
   * f₂|/(12h) + max(2ε·max|f_i|, declared noise)·1.5/h (docs/numerics.md, "Cost per coordinate").
   * The first column tries it at an eighth of the adaptive start step; if declined, once more at a
   * shorter step where some output varies faster than h, and once at the step its bars predict to
   * meet {@link ColumnDecider#relativeTarget()} (each output keeps the estimate with the smaller
   * bar). The other columns start at the fraction of their start step at which the first one was
   * decided, or at the start step itself where it was not; the first column runs alone, with
   * threads too, so the results do not depend on threads. An accepted column is delivered as that
   * estimate (4–12 evaluations); a declined one is refined exactly as without a decider (the same
   * values), paying for the estimates' points that are not on its grid (at most 4 per estimate). An
   * output within 4 round-off bars of zero is offered to {@code decider} with the 7-point engine's
   * round-off bar at its start step where that is tighter, so that a short step never decides it
   * more loosely. The bar of a cheap estimate is honest where f is smooth on the scale of h but not
   * always elsewhere: it is meant to decide a column only when it is far below what the caller
   * needs, never to stand as the engine's value otherwise.
   *
   * <p>Only the central 7-point stencil with the adaptive step and without Richardson extrapolation
   * (the {@link #defaults()}' configuration, with any domain, noise, threads or input precision)
   * offers cheap estimates; any other engine never calls {@code decider}. Neither does a column
   * whose central stencil does not fit the domain at the estimate's step, whose offsets are not
   * realised exactly, or where f is not finite at one of the 4 points. {@code x} and {@code
   * columns} are not modified.
   *
   * @throws IllegalArgumentException if a column is not an index of x
   * @throws NumericDifferentiationException (a subclass naming the problem) if x is unusable or f
   *     fails
   * @throws CancellationException if the calling thread is interrupted (as above)
   * @param f the function, R^n → R^m; must not modify its argument
   * @param x the point, length n; read only
   * @param columns the column indices, each in [0, n)
   * @param decider accepts or declines each column's cheap estimate; null: no cheap estimates
   * @param consumer receives each column as it is done, in the order given
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.2")
  public void forEachColumn(
      UnaryOperator<double[]> f,
      double[] x,
      int[] columns,
      ColumnDecider decider,
      ColumnConsumer consumer) {
    checkInput(f, x);
    Objects.requireNonNull(columns, "columns");
    Objects.requireNonNull(consumer, "consumer");
    int[] cols = columns.clone();
    for (int k = 0; k < cols.length; k++) {
      if (cols[k] < 0 || cols[k] >= x.length) {
        throw new IllegalArgumentException(
            "columns[" + k + "] = " + cols[k] + " outside the input of length " + x.length);
      }
    }
    double[] base = x.clone();
    double[] f0 = baseValue(f, base);
    PairStart pairs = decider == null ? null : new PairStart();
    if (threads == 1 || cols.length < 2) {
      CoordinateScratch scratch = new CoordinateScratch(base);
      for (int column : cols) {
        if (Thread.currentThread().isInterrupted()) {
          throw interrupted("column " + column);
        }
        consumer.accept(column, scratch.column(this, f, f0, column, decider, pairs));
      }
      return;
    }
    ThreadLocal<CoordinateScratch> scratches =
        ThreadLocal.withInitial(() -> new CoordinateScratch(base));
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      int block = 16 * threads;
      // with pairs, the first column is a block of its own: it sets where the others' pairs start
      for (int start = 0, end; start < cols.length; start = end) {
        end = Math.min(cols.length, start == 0 && pairs != null ? 1 : start + block);
        List<Future<DirectionalDerivative>> futures = new ArrayList<>();
        for (int k = start; k < end; k++) {
          int column = cols[k];
          futures.add(
              pool.submit(() -> scratches.get().column(this, f, f0, column, decider, pairs)));
        }
        for (int k = start; k < end; k++) {
          consumer.accept(cols[k], await(futures, k - start, cols[k]));
        }
      }
    } finally {
      // interrupts workers still evaluating f and drops queued columns; never waits for them
      pool.shutdownNow();
    }
  }

  /**
   * The exception for a calling thread found interrupted (its flag stays set); {@code where} names
   * what was being evaluated.
   */
  static CancellationException interrupted(String where) {
    return new CancellationException(
        "numeric differentiation interrupted at "
            + where
            + "; the thread's interrupt flag is still set");
  }

  /**
   * Where a sweep's embedded pairs start, as a fraction of each column's adaptive start step. The
   * first column starts at 1/8: the pair's bar (≈ h³|f⁗|/12) is of lower order than the 7-point
   * stencil's check, so it needs a shorter step to decide (at 1/8 the accuracy benchmark's median
   * error stays 1.8e-13, at 1/16 it rises to 3.4e-13). The first column then sets the fraction for
   * the others: that of the step at which a pair decided it, moved to the middle of the range its
   * bars predict to decide in but never shorter ({@link ColumnEstimator#centredPairStep}), or 1
   * (the start step, whose points the 7-point engine reuses) where none did — so columns of one
   * kind (the same function of inputs of one scale) need not each find their step again; a column
   * it does not suit is tried at other steps as usual. The first column runs alone (with threads
   * too: the others are submitted after it is done), so the results do not depend on threads.
   */
  private static final class PairStart {
    private double fraction = 1.0 / 8;
    private boolean set;

    /** The step of a column's first pair, given its adaptive start step. */
    double step(double start) {
      return start * fraction;
    }

    /** Whether the next outcome reported is the first column's (the one that counts). */
    boolean learning() {
      return !set;
    }

    /**
     * The first column's outcome: the step for columns like it (NaN: not decided by a pair).
     * Outcomes reported after it are ignored.
     */
    void learn(double start, double step) {
      if (!set) {
        set = true;
        fraction = Double.isNaN(step) ? 1.0 : step / start;
      }
    }
  }

  /**
   * One thread's reusable arrays for coordinate columns: the unit direction (all zeros between
   * columns) and a scratch copy of x, so that a column allocates nothing of size n.
   */
  private static final class CoordinateScratch {
    private final double[] base;
    private final double[] unit;
    private final double[] work;

    CoordinateScratch(double[] base) {
      this.base = base;
      this.unit = new double[base.length];
      this.work = base.clone();
    }

    DirectionalDerivative column(
        NumericDifferentiator engine,
        UnaryOperator<double[]> f,
        double[] f0,
        int column,
        ColumnDecider decider,
        PairStart pairs) {
      unit[column] = 1.0;
      try {
        return engine.column(f, base, unit, f0, engine.method, work, column, decider, pairs);
      } finally {
        unit[column] = 0.0;
      }
    }
  }

  /**
   * The result of futures[k] (column {@code column}). If the waiting thread is interrupted, every
   * outstanding future is cancelled, the interrupt flag is set again and a {@link
   * CancellationException} is thrown.
   */
  private static DirectionalDerivative await(
      List<Future<DirectionalDerivative>> futures, int k, int column) {
    try {
      return futures.get(k).get();
    } catch (InterruptedException e) {
      for (Future<DirectionalDerivative> other : futures) {
        other.cancel(true);
      }
      Thread.currentThread().interrupt();
      CancellationException c =
          new CancellationException(
              "numeric differentiation interrupted while waiting for column "
                  + column
                  + "; outstanding columns were cancelled and the thread's interrupt flag is set");
      c.initCause(e);
      throw c;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new NumericDifferentiationException("differentiation failed", e.getCause());
    }
  }

  /** One column: {@code base}, {@code u} and {@code f0} are shared and read only. */
  private DirectionalDerivative column(
      UnaryOperator<double[]> f,
      double[] base,
      double[] u,
      double[] f0,
      FiniteDifferenceMethod stencil) {
    return column(f, base, u, f0, stencil, base.clone(), -1, null, null);
  }

  /**
   * As above with a scratch copy of {@code base} that is a copy again on return, and {@code
   * coordinate} = j if u is the unit vector e_j, else −1; a non-null {@code decider} is offered the
   * embedded pair first where it applies.
   */
  private DirectionalDerivative column(
      UnaryOperator<double[]> f,
      double[] base,
      double[] u,
      double[] f0,
      FiniteDifferenceMethod stencil,
      double[] work,
      int coordinate,
      ColumnDecider decider,
      PairStart pairs) {
    int m = f0.length;
    ColumnEstimator estimator =
        new ColumnEstimator(f, base, u, f0, domain, noise, inputPrecision, work, coordinate);
    if (estimator.isZeroDirection()) {
      return new DirectionalDerivative(new double[m], new double[m], 0);
    }
    if (decider != null
        && coordinate >= 0
        && step instanceof StepSize.Adaptive
        && extrapolation == null) {
      DirectionalDerivative decided =
          decidedByPairs(estimator, stencil, coordinate, decider, pairs);
      if (decided != null) {
        return decided;
      }
    }
    ColumnEstimator.Attempt a;
    if (step instanceof StepSize.Fixed fixed) {
      a = estimator.fixedStep(stencil, fixed.h());
    } else if (step instanceof StepSize.Scaled scaled) {
      a = estimator.fixedStep(stencil, scaled.relative() * scaleOf(base, u));
    } else {
      StepSize.Adaptive adaptive = (StepSize.Adaptive) step;
      a = estimator.adaptive(stencil, adaptive.maxAttempts(), adaptive.relativeTarget());
    }
    if (extrapolation != null) {
      a = estimator.extrapolate(a, extrapolation);
    }
    return result(a, estimator);
  }

  /**
   * The column as embedded pairs decide it, or null (the points evaluated stay cached for the
   * adaptive engine): the pair at its first step ({@link PairStart}); where a row varied on a
   * shorter scale, once more at a shorter step; then, once, at the step the measured bars predict
   * to decide the column ({@link ColumnDecider#relativeTarget()}). Each row keeps the attempt with
   * the smaller bar, so an output that hardly depends on the input keeps the round-off bar of the
   * longest step. At most 3 pairs, 12 evaluations.
   */
  private static DirectionalDerivative decidedByPairs(
      ColumnEstimator estimator,
      FiniteDifferenceMethod stencil,
      int coordinate,
      ColumnDecider decider,
      PairStart pairs) {
    double start = estimator.initialStep(stencil);
    ColumnEstimator.Attempt pair = estimator.pair(stencil, pairs.step(start));
    if (pair == null) {
      pairs.learn(start, Double.NaN);
      return null;
    }
    ColumnEstimator.Attempt best = pair;
    DirectionalDerivative column = result(best, estimator);
    boolean decided = decider.decides(coordinate, judged(column, best, stencil, start));
    double h = decided ? Double.NaN : estimator.predictedPairStep(pair, decider.relativeTarget());
    if (!decided && Double.isNaN(h)) {
      double shorter = estimator.shorterPairStep(pair);
      ColumnEstimator.Attempt next =
          Double.isNaN(shorter) ? null : estimator.pair(stencil, shorter);
      if (next != null) {
        pair = next;
        best = ColumnEstimator.merge(best, pair);
        column = result(best, estimator);
        decided = decider.decides(coordinate, judged(column, best, stencil, start));
        h = decided ? Double.NaN : estimator.predictedPairStep(pair, decider.relativeTarget());
      }
    }
    ColumnEstimator.Attempt last = Double.isNaN(h) ? null : estimator.pair(stencil, h);
    if (last != null) {
      pair = last;
      best = ColumnEstimator.merge(best, pair);
      column = result(best, estimator);
      decided = decider.decides(coordinate, judged(column, best, stencil, start));
    }
    if (pairs.learning()) {
      pairs.learn(
          start, decided ? estimator.centredPairStep(pair, decider.relativeTarget()) : Double.NaN);
    }
    return decided ? column : null;
  }

  /**
   * {@code column} (the pair {@code a} as delivered) as its decider judges it: the same, except
   * that a row within 4 round-off bars of zero (an output that hardly depends on the input, whose
   * bar is only the rounding of f's values and shrinks with no shorter step) is given the round-off
   * bar the 7-point engine would have at its start step where that is tighter, so that a pair at a
   * shorter step decides such a row no more loosely than the engine it stands in for. {@code
   * column} itself where no row changes; else a copy (column is not modified).
   */
  private static DirectionalDerivative judged(
      DirectionalDerivative column,
      ColumnEstimator.Attempt a,
      FiniteDifferenceMethod stencil,
      double startStep) {
    double mass = stencil.coefficientMass() / startStep;
    double[] errors = null;
    double[] roundOff = null;
    for (int r = 0; r < a.values.length; r++) {
      double engine = a.level[r] * mass;
      if (Math.abs(a.values[r]) <= 4 * a.roundOff[r] && engine < a.roundOff[r]) {
        if (errors == null) {
          errors = column.errors().clone();
          roundOff = column.roundOff().clone();
        }
        errors[r] = a.truncation[r] + engine;
        roundOff[r] = engine;
      }
    }
    return errors == null
        ? column
        : new DirectionalDerivative(
            column.values(), errors, column.evaluations(), column.steps(), roundOff);
  }

  private static DirectionalDerivative result(
      ColumnEstimator.Attempt a, ColumnEstimator estimator) {
    double[] errors = new double[a.values.length];
    for (int r = 0; r < errors.length; r++) {
      errors[r] = a.error(r);
    }
    return new DirectionalDerivative(
        a.values.clone(), errors, estimator.evaluations(), a.rowStep.clone(), a.roundOff.clone());
  }

  private static double scaleOf(double[] x, double[] u) {
    double scale = 1.0;
    double norm = 0.0;
    for (int j = 0; j < x.length; j++) {
      if (u[j] != 0.0) {
        scale = Math.max(scale, Math.abs(x[j]));
        norm = Math.max(norm, Math.abs(u[j]));
      }
    }
    return scale / norm;
  }

  private double[] baseValue(UnaryOperator<double[]> f, double[] x) {
    for (int j = 0; j < x.length; j++) {
      if (!domain.contains(j, x[j])) {
        throw new InvalidInputException(
            "input x["
                + j
                + "] = "
                + x[j]
                + " lies outside the declared domain ["
                + domain.lower(j)
                + ", "
                + domain.upper(j)
                + "]",
            j);
      }
    }
    double[] y;
    try {
      y = f.apply(x.clone());
    } catch (RuntimeException e) {
      if (Thread.currentThread().isInterrupted()) {
        throw e;
      }
      throw new FunctionEvaluationException(
          "function threw " + e + " at the base point x = " + summary(x), 0.0, e);
    }
    if (Thread.currentThread().isInterrupted()) {
      throw interrupted("the base point x = " + summary(x));
    }
    if (y == null) {
      throw new FunctionEvaluationException(
          "function returned null at the base point x = " + summary(x), 0.0, null);
    }
    for (int i = 0; i < y.length; i++) {
      if (!Double.isFinite(y[i])) {
        throw new NonFiniteValueException(
            "function output ["
                + i
                + "] = "
                + y[i]
                + " is not finite at the base point x = "
                + summary(x)
                + "; a derivative is only defined where f is finite",
            i,
            0.0);
      }
    }
    return y.clone();
  }

  private static void checkInput(UnaryOperator<double[]> f, double[] x) {
    Objects.requireNonNull(f, "function");
    Objects.requireNonNull(x, "input x");
    if (x.length == 0) {
      throw new IllegalArgumentException("input x is empty; expected at least one coordinate");
    }
    checkFinite(x, "input x");
  }

  private static void checkFinite(double[] v, String name) {
    for (int j = 0; j < v.length; j++) {
      if (!Double.isFinite(v[j])) {
        throw new InvalidInputException(
            name + "[" + j + "] = " + v[j] + " is not finite; expected a finite number", j);
      }
    }
  }

  static String summary(double[] x) {
    if (x.length <= 6) {
      return java.util.Arrays.toString(x);
    }
    return "[" + x[0] + ", " + x[1] + ", " + x[2] + ", …] (length " + x.length + ")";
  }
}
