package org.gradcheck;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apiguardian.api.API;
import org.gradcheck.numeric.NumericDifferentiator;

/**
 * Decides whether a hand-written derivative is right: compares the user's analytic derivative, in
 * whatever form their code has it (Jacobian, VJP, JVP, gradient, Hessian, Hessian-vector product),
 * with near machine-precision numeric derivatives, and returns a {@link CheckReport} naming the
 * worst entries.
 *
 * <pre>{@code
 * GradientChecker.defaults().checkGradient(loss, grad, x).assertPassed();
 * GradientChecker.builder().mode(Mode.FAST).probes(8).seed(7).build().checkVjp(f, vjp, x, sig);
 * }</pre>
 *
 * <p>Immutable and thread-safe; the functions under test are called from the calling thread only,
 * unless {@link Builder#threads(int)} opts in to parallel evaluation. No argument is modified.
 */
@API(status = API.Status.STABLE, since = "0.1")
public final class GradientChecker {
  /** Default seed of every random choice. */
  public static final long DEFAULT_SEED = 42L;

  /** Default number of FAST probes. */
  public static final int DEFAULT_PROBES = 4;

  /** Default number of input coordinates in SAMPLED mode. */
  public static final int DEFAULT_SAMPLE_SIZE = 64;

  /** AUTO runs FULL up to this many differentiable inputs and FAST above (default). */
  public static final int DEFAULT_AUTO_FULL_COLUMNS = 1024;

  /** Largest accepted {@link Builder#threads(int)}. */
  public static final int MAX_THREADS = 256;

  /** Largest accepted {@link Builder#probes(int)}. */
  public static final int MAX_PROBES = 100_000;

  /** Largest accepted {@link Builder#sampleSize(int)} and {@link Builder#sampleLimit(int)}. */
  public static final int MAX_SAMPLE = 1_000_000;

  /** Largest accepted {@link Builder#worstEntries(int)}. */
  public static final int MAX_WORST_ENTRIES = 100_000;

  private final CheckSettings settings;
  private final Robustness robustness;
  private final Consumer<? super CheckReport> reportListener; // null: none
  private final ExpectedFailure expectation; // null: reports are expected to pass

  private GradientChecker(
      CheckSettings settings,
      Robustness robustness,
      Consumer<? super CheckReport> reportListener,
      ExpectedFailure expectation) {
    this.settings = settings;
    this.robustness = robustness;
    this.reportListener = reportListener;
    this.expectation = expectation;
  }

  /**
   * A checker with every default: AUTO mode, {@link Tolerance#defaults()}, seed 42, 4 probes.
   *
   * @return the checker
   */
  public static GradientChecker defaults() {
    return builder().build();
  }

  /**
   * Starts a checker from the defaults.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder preloaded with this checker's settings, its report listener and its expectation (so
   * that a checker derived from a recording one still records).
   *
   * @return a new builder; this checker is unchanged
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.differentiator = settings.differentiator();
    b.atol = settings.tolerance().atol();
    b.rtol = settings.tolerance().rtol();
    b.errorBoundFactor = settings.tolerance().errorBoundFactor();
    b.relativeTo = settings.tolerance().relativeTo();
    b.mode = settings.mode();
    b.seed = settings.seed();
    b.probes = settings.probes();
    b.threads = settings.threads();
    b.sampleSize = settings.sampleSize();
    b.autoFullColumns = settings.autoFullColumns();
    b.worstEntries = settings.worstCount();
    b.sampleLimit = settings.sampleLimit();
    b.precision = settings.precision();
    b.robustness = robustness;
    b.reportListener = reportListener;
    b.expectation = expectation;
    return b;
  }

  /**
   * The numeric engine.
   *
   * @return the differentiator
   */
  public NumericDifferentiator differentiator() {
    return settings.differentiator();
  }

  /**
   * The pass rule.
   *
   * @return the tolerance
   */
  public Tolerance tolerance() {
    return settings.tolerance();
  }

  /**
   * The requested mode.
   *
   * @return the mode
   */
  public Mode mode() {
    return settings.mode();
  }

  /**
   * The seed of every random choice.
   *
   * @return the seed
   */
  public long seed() {
    return settings.seed();
  }

  /**
   * Number of FAST probes.
   *
   * @return the probes
   */
  public int probes() {
    return settings.probes();
  }

  /**
   * Number of threads evaluating the function (1 = sequential).
   *
   * @return the threads
   */
  public int threads() {
    return settings.threads();
  }

  /**
   * Number of input coordinates SAMPLED mode compares.
   *
   * @return the sample size
   */
  public int sampleSize() {
    return settings.sampleSize();
  }

  /**
   * The precision the functions under test compute in (default {@link Precision#FLOAT64}).
   *
   * @return the precision
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.2")
  public Precision precision() {
    return settings.precision();
  }

  /**
   * Guards and policies for outcomes that are not gradient bugs (kinks, mutation, NaN, …).
   *
   * @return the robustness
   */
  @API(status = API.Status.EXPERIMENTAL)
  public Robustness robustness() {
    return robustness;
  }

  /**
   * A checker like this one that also hands every report it makes, by any check method, to {@code
   * listener} (after this checker's own listener, if it has one) before returning it. The listener
   * is called on the checking thread; an exception it throws propagates out of the check. This
   * checker is not modified; {@link #toBuilder()} carries the listener over.
   *
   * <pre>{@code
   * List<CheckReport> made = new ArrayList<>();
   * GradientChecker recording = GradientChecker.defaults().withReportListener(made::add);
   * }</pre>
   *
   * @param listener receives each report
   * @return the listening checker
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.2")
  public GradientChecker withReportListener(Consumer<? super CheckReport> listener) {
    Objects.requireNonNull(listener, "listener");
    Consumer<? super CheckReport> first = reportListener;
    Consumer<CheckReport> both =
        first == null
            ? listener::accept
            : report -> {
              first.accept(report);
              listener.accept(report);
            };
    return new GradientChecker(settings, robustness, both, expectation);
  }

  /**
   * A checker like this one whose reports carry the expectation that the check fails with every
   * named kind among its findings ({@link CheckReport#expectation()}): for a test that must show a
   * bug is caught. Nothing is asserted by the check itself; {@link CheckReport#assertAsExpected()}
   * asserts it, and in a {@code @GradientCheck} or {@code @GradientProperty} test the extension
   * does: such a report fails the test if it passed or lacks a kind, and does not if it failed as
   * expected. Replaces an earlier expectation; this checker is not modified; {@link #toBuilder()}
   * carries the expectation over.
   *
   * <pre>{@code
   * checker.expectFailure(Finding.Kind.CONSTANT_FACTOR).checkVjp(f, backwardMissingOneOverB, x);
   * }</pre>
   *
   * @param kinds the kinds every report must fail with (none: any failure will do)
   * @return the expecting checker
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.2")
  public GradientChecker expectFailure(Finding.Kind... kinds) {
    return new GradientChecker(settings, robustness, reportListener, ExpectedFailure.of(kinds));
  }

  /**
   * The expectation this checker's reports carry: empty for an ordinary checker (reports are
   * expected to pass), present after {@link #expectFailure(Finding.Kind...)}.
   *
   * @return the expected failure, or empty
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.2")
  public Optional<ExpectedFailure> expectation() {
    return Optional.ofNullable(expectation);
  }

  // ---- first order -------------------------------------------------------------------------

  /**
   * Checks an analytic Jacobian J(x) (m×n) of {@code f} at {@code x}.
   *
   * @param f the function under test; not modified, and it must not modify its argument
   * @param jacobian the analytic Jacobian under test
   * @param x the point; not modified
   * @return the report: verdict, worst entries, findings
   */
  public CheckReport checkJacobian(VectorFunction f, JacobianFunction jacobian, double[] x) {
    return checkJacobian(f, jacobian, x, null);
  }

  /**
   * Checks an analytic Jacobian with named, shaped inputs and outputs ({@code null}: anonymous).
   *
   * @param f the function under test; not modified, and it must not modify its argument
   * @param jacobian the analytic Jacobian under test
   * @param x the point; not modified
   * @param signature names and shapes of the inputs and outputs, or {@code null} for anonymous
   *     entries
   * @return the report: verdict, worst entries, findings
   */
  public CheckReport checkJacobian(
      VectorFunction f, JacobianFunction jacobian, double[] x, Signature signature) {
    requireArgument(jacobian, "jacobian");
    return run(
        CheckKind.JACOBIAN, f, x, signature, g -> AnalyticSide.jacobian(g.jacobian(jacobian)));
  }

  /**
   * Checks a backward pass (x, g) → Jᵀg of {@code f} at {@code x}.
   *
   * @param f the function under test; not modified, and it must not modify its argument
   * @param vjp the backward pass under test
   * @param x the point; not modified
   * @return the report: verdict, worst entries, findings
   */
  public CheckReport checkVjp(VectorFunction f, VectorJacobianProduct vjp, double[] x) {
    return checkVjp(f, vjp, x, null);
  }

  /**
   * Checks a backward pass with named, shaped inputs and outputs ({@code null}: anonymous).
   *
   * @param f the function under test; not modified, and it must not modify its argument
   * @param vjp the backward pass under test
   * @param x the point; not modified
   * @param signature names and shapes of the inputs and outputs, or {@code null} for anonymous
   *     entries
   * @return the report: verdict, worst entries, findings
   */
  public CheckReport checkVjp(
      VectorFunction f, VectorJacobianProduct vjp, double[] x, Signature signature) {
    requireArgument(vjp, "vjp");
    return run(CheckKind.VJP, f, x, signature, g -> AnalyticSide.vjp(g.vjp(vjp)));
  }

  /**
   * Checks a forward-mode product (x, u) → J·u of {@code f} at {@code x}.
   *
   * @param f the function under test; not modified, and it must not modify its argument
   * @param jvp the forward-mode product under test
   * @param x the point; not modified
   * @return the report: verdict, worst entries, findings
   */
  public CheckReport checkJvp(VectorFunction f, JacobianVectorProduct jvp, double[] x) {
    return checkJvp(f, jvp, x, null);
  }

  /**
   * Checks a forward-mode product with named, shaped inputs and outputs ({@code null}: anonymous).
   *
   * @param f the function under test; not modified, and it must not modify its argument
   * @param jvp the forward-mode product under test
   * @param x the point; not modified
   * @param signature names and shapes of the inputs and outputs, or {@code null} for anonymous
   *     entries
   * @return the report: verdict, worst entries, findings
   */
  public CheckReport checkJvp(
      VectorFunction f, JacobianVectorProduct jvp, double[] x, Signature signature) {
    requireArgument(jvp, "jvp");
    return run(CheckKind.JVP, f, x, signature, g -> AnalyticSide.jvp(g.jvp(jvp)));
  }

  /**
   * Checks the gradient of a scalar function (a loss) at {@code x}.
   *
   * @param f the function under test; not modified, and it must not modify its argument
   * @param gradient the gradient function (under test for a gradient check; trusted for a Hessian
   *     check)
   * @param x the point; not modified
   * @return the report: verdict, worst entries, findings
   */
  public CheckReport checkGradient(ScalarFunction f, GradientFunction gradient, double[] x) {
    return checkGradient(f, gradient, x, null);
  }

  /**
   * Checks a gradient with named, shaped inputs ({@code null}: anonymous; one scalar output).
   *
   * @param f the function under test; not modified, and it must not modify its argument
   * @param gradient the gradient function (under test for a gradient check; trusted for a Hessian
   *     check)
   * @param x the point; not modified
   * @param signature names and shapes of the inputs and outputs, or {@code null} for anonymous
   *     entries
   * @return the report: verdict, worst entries, findings
   */
  public CheckReport checkGradient(
      ScalarFunction f, GradientFunction gradient, double[] x, Signature signature) {
    requireArgument(f, "function f");
    requireArgument(gradient, "gradient");
    return run(
        CheckKind.GRADIENT,
        f.asVectorFunction(),
        x,
        signature,
        g -> AnalyticSide.gradient(g.gradient(gradient)));
  }

  // ---- second order (gradgradcheck) -------------------------------------------------------

  /**
   * Checks an analytic Hessian against the numeric Jacobian of the (trusted) gradient.
   *
   * @param gradient the gradient function (under test for a gradient check; trusted for a Hessian
   *     check)
   * @param hessian the analytic Hessian under test
   * @param x the point; not modified
   * @return the report: verdict, worst entries, findings
   */
  public CheckReport checkHessian(GradientFunction gradient, HessianFunction hessian, double[] x) {
    return checkHessian(gradient, hessian, x, null);
  }

  /**
   * Checks an analytic Hessian with named inputs ({@code null}: anonymous). Only the signature's
   * inputs are used: entries read {@code ∂²f/∂W[0,1]∂b[2]}. The report also notes where the
   * analytic Hessian is not symmetric.
   *
   * @param gradient the gradient function (under test for a gradient check; trusted for a Hessian
   *     check)
   * @param hessian the analytic Hessian under test
   * @param x the point; not modified
   * @param signature names and shapes of the inputs and outputs, or {@code null} for anonymous
   *     entries
   * @return the report: verdict, worst entries, findings
   */
  public CheckReport checkHessian(
      GradientFunction gradient, HessianFunction hessian, double[] x, Signature signature) {
    requireArgument(gradient, "gradient");
    requireArgument(hessian, "hessian");
    return run(
        CheckKind.HESSIAN,
        gradient.asVectorFunction(),
        x,
        signature,
        g -> AnalyticSide.jacobian(g.jacobian(hessian::hessian)));
  }

  /**
   * Same as {@link #checkHessianVectorProduct(GradientFunction, HessianVectorProduct, double[])}.
   *
   * @param gradient the gradient function (under test for a gradient check; trusted for a Hessian
   *     check)
   * @param hvp the Hessian-vector product under test
   * @param x the point; not modified
   * @return the report: verdict, worst entries, findings
   */
  public CheckReport checkHessian(GradientFunction gradient, HessianVectorProduct hvp, double[] x) {
    return checkHessianVectorProduct(gradient, hvp, x, null);
  }

  /**
   * Checks a Hessian-vector product (x, v) → ∇²f(x)·v against the numeric Jacobian of ∇f.
   *
   * @param gradient the gradient function (under test for a gradient check; trusted for a Hessian
   *     check)
   * @param hvp the Hessian-vector product under test
   * @param x the point; not modified
   * @return the report: verdict, worst entries, findings
   */
  public CheckReport checkHessianVectorProduct(
      GradientFunction gradient, HessianVectorProduct hvp, double[] x) {
    return checkHessianVectorProduct(gradient, hvp, x, null);
  }

  /**
   * Checks a Hessian-vector product with named inputs ({@code null}: anonymous); only the
   * signature's inputs are used.
   *
   * @param gradient the gradient function (under test for a gradient check; trusted for a Hessian
   *     check)
   * @param hvp the Hessian-vector product under test
   * @param x the point; not modified
   * @param signature names and shapes of the inputs and outputs, or {@code null} for anonymous
   *     entries
   * @return the report: verdict, worst entries, findings
   */
  public CheckReport checkHessianVectorProduct(
      GradientFunction gradient, HessianVectorProduct hvp, double[] x, Signature signature) {
    requireArgument(gradient, "gradient");
    requireArgument(hvp, "hessian-vector product");
    return run(
        CheckKind.HVP,
        gradient.asVectorFunction(),
        x,
        signature,
        g -> AnalyticSide.jvp(g.jvp(hvp::apply)));
  }

  // ---- named forms ----------------------------------------------------------------------------

  /**
   * Checks an analytic Jacobian given as named blocks ∂output/∂input, at a point given by name.
   * Reduces to {@link #checkJacobian(VectorFunction, JacobianFunction, double[], Signature)} over
   * the signature's flat layout: the same guards, diagnosis and report, entries named by the
   * signature (e.g. {@code ∂Y[0,1]/∂W[1,2]}).
   *
   * @param signature the names and shapes of the inputs (constants included) and outputs
   * @param forward the function under test, reading inputs and returning outputs by name
   * @param jacobian every block ∂output/∂input of a differentiable input
   * @param at the point: every input of the signature, constants included
   * @return the report
   * @throws InvalidCheckInputException if the point lacks an input or belongs to another signature,
   *     or user code returns a missing, extra, constant or wrongly shaped block
   * @since 0.2
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.2")
  public CheckReport checkJacobian(
      Signature signature, NamedFunction forward, NamedJacobian jacobian, Inputs at) {
    double[] x = namedPoint(signature, forward, jacobian, at);
    return checkJacobian(
        forward.asVectorFunction(signature), jacobian.asJacobianFunction(signature), x, signature);
  }

  /**
   * Checks a backward pass that returns one gradient per differentiable input by name, at a point
   * given by name. Reduces to {@link #checkVjp(VectorFunction, VectorJacobianProduct, double[],
   * Signature)} over the signature's flat layout.
   *
   * <pre>{@code
   * checker.checkVjp(signature, forward, backward,
   *     Inputs.of(signature).put("X", x).put("W", w).put("b", b)).assertPassed();
   * }</pre>
   *
   * @param signature the names and shapes of the inputs (constants included) and outputs
   * @param forward the function under test, reading inputs and returning outputs by name
   * @param backward the backward pass: inputs and upstream per output → gradient per input
   * @param at the point: every input of the signature, constants included
   * @return the report
   * @throws InvalidCheckInputException if the point lacks an input or belongs to another signature,
   *     or user code returns a missing, extra, constant or wrongly shaped block
   * @since 0.2
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.2")
  public CheckReport checkVjp(
      Signature signature, NamedFunction forward, NamedBackward backward, Inputs at) {
    double[] x = namedPoint(signature, forward, backward, at);
    return checkVjp(forward.asVectorFunction(signature), backward.asVjp(signature), x, signature);
  }

  /**
   * Checks a forward-mode product that maps a tangent per input to a tangent per output by name, at
   * a point given by name. Reduces to {@link #checkJvp(VectorFunction, JacobianVectorProduct,
   * double[], Signature)} over the signature's flat layout.
   *
   * @param signature the names and shapes of the inputs (constants included) and outputs
   * @param forward the function under test, reading inputs and returning outputs by name
   * @param jvp the forward-mode product: inputs and tangent per input → tangent per output
   * @param at the point: every input of the signature, constants included
   * @return the report
   * @throws InvalidCheckInputException if the point lacks an input or belongs to another signature,
   *     or user code returns a missing, extra or wrongly shaped block
   * @since 0.2
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.2")
  public CheckReport checkJvp(Signature signature, NamedFunction forward, NamedJvp jvp, Inputs at) {
    double[] x = namedPoint(signature, forward, jvp, at);
    return checkJvp(forward.asVectorFunction(signature), jvp.asJvp(signature), x, signature);
  }

  /**
   * Checks the gradient of a scalar loss, both written by name, at a point given by name. The
   * signature declares the loss as its one scalar output (e.g. {@code .output("loss")}). Reduces to
   * {@link #checkGradient(ScalarFunction, GradientFunction, double[], Signature)} over the
   * signature's flat layout.
   *
   * @param signature the names and shapes of the inputs (constants included) and one scalar output
   * @param loss the loss under test, reading inputs by name
   * @param gradient its gradient, one block per differentiable input
   * @param at the point: every input of the signature, constants included
   * @return the report
   * @throws InvalidCheckInputException if the signature has not exactly one scalar output, the
   *     point lacks an input or belongs to another signature, or the gradient returns a missing,
   *     extra, constant or wrongly shaped block
   * @since 0.2
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.2")
  public CheckReport checkGradient(
      Signature signature, NamedLoss loss, NamedGradient gradient, Inputs at) {
    double[] x = namedPoint(signature, loss, gradient, at);
    if (signature.outputSize() != 1) {
      throw new InvalidCheckInputException(
          "a loss has one scalar output, but the signature declares "
              + Inputs.describe(signature.outputs())
              + "; declare it as e.g. .output(\"loss\")");
    }
    return checkGradient(
        loss.asScalarFunction(signature), gradient.asGradientFunction(signature), x, signature);
  }

  /** Checks the arguments of a named form and returns the point as the signature's flat input. */
  private static double[] namedPoint(
      Signature signature, Object function, Object derivative, Inputs at) {
    if (signature == null) {
      throw new InvalidCheckInputException(
          "signature is null; expected the inputs' names and shapes");
    }
    requireArgument(function, "function");
    requireArgument(derivative, "derivative");
    if (at == null) {
      throw new InvalidCheckInputException(
          "the point is null; expected Inputs.of(signature).put(name, value)… for "
              + Inputs.describe(signature.inputs()));
    }
    if (!at.signature().inputs().equals(signature.inputs())) {
      throw new InvalidCheckInputException(
          "the point was built for inputs "
              + Inputs.describe(at.signature().inputs())
              + " but the check's signature declares "
              + Inputs.describe(signature.inputs()));
    }
    return at.toArray();
  }

  /**
   * Runs one check (see {@link CheckRun} for the stages), attaches the expectation and hands the
   * report to the listener: every check method ends here.
   */
  private CheckReport run(
      CheckKind kind,
      VectorFunction f,
      double[] x,
      Signature signature,
      Function<CallGuard, AnalyticSide> analytic) {
    CheckReport report = CheckRun.run(settings, robustness, kind, f, x, signature, analytic);
    if (expectation != null) {
      report = report.toBuilder().expectation(expectation).build();
    }
    if (reportListener != null) {
      reportListener.accept(report);
    }
    return report;
  }

  private static void requireArgument(Object argument, String name) {
    if (argument == null) {
      throw new InvalidCheckInputException(name + " is null; expected a function to check");
    }
  }

  @Override
  public String toString() {
    return "GradientChecker["
        + settings
        + (expectation == null ? "" : ", " + expectation)
        + (reportListener == null ? "" : ", with a report listener")
        + "]";
  }

  /** Configures a {@link GradientChecker}; every knob starts at its default. */
  @API(status = API.Status.STABLE, since = "0.1")
  public static final class Builder {
    private NumericDifferentiator differentiator = NumericDifferentiator.defaults();
    private double atol = Tolerance.DEFAULT_ATOL;
    private double rtol = Tolerance.DEFAULT_RTOL;
    private double errorBoundFactor = Tolerance.DEFAULT_ERROR_BOUND_FACTOR;
    private Tolerance.RelativeTo relativeTo = Tolerance.RelativeTo.NUMERIC;
    private Mode mode = Mode.AUTO;
    private long seed = DEFAULT_SEED;
    private int probes = DEFAULT_PROBES;
    private int threads = 1;
    private int sampleSize = DEFAULT_SAMPLE_SIZE;
    private int autoFullColumns = DEFAULT_AUTO_FULL_COLUMNS;
    private int worstEntries = 10;
    private int sampleLimit = 2_048;
    private Precision precision = Precision.FLOAT64;
    private Robustness robustness = Robustness.defaults();
    private Consumer<? super CheckReport> reportListener;
    private ExpectedFailure expectation;

    private Builder() {}

    /**
     * Guards and policies for outcomes that are not gradient bugs: kinks (default: skip and
     * report), NaN/Inf (default: fail), nondeterminism (default: none tolerated), input mutation
     * and aliasing (always reported), a second numeric estimate for failing entries (default: on).
     *
     * @param robustness the robustness settings
     * @return this builder
     */
    @API(status = API.Status.EXPERIMENTAL)
    public Builder robustness(Robustness robustness) {
      this.robustness = Objects.requireNonNull(robustness, "robustness");
      return this;
    }

    /**
     * The numeric engine (its thread count is replaced by {@link #threads(int)}).
     *
     * @param differentiator the numeric engine
     * @return this builder
     */
    public Builder differentiator(NumericDifferentiator differentiator) {
      this.differentiator = Objects.requireNonNull(differentiator, "differentiator");
      return this;
    }

    /**
     * Absolute tolerance (default 1e-12).
     *
     * @param atol the absolute tolerance (≥ 0)
     * @return this builder
     */
    public Builder atol(double atol) {
      this.atol = atol;
      return this;
    }

    /**
     * Relative tolerance (default 1e-8).
     *
     * @param rtol the relative tolerance (0 ≤ rtol &lt; 1)
     * @return this builder
     */
    public Builder rtol(double rtol) {
      this.rtol = rtol;
      return this;
    }

    /**
     * k, the allowed multiple of the numeric error estimate (default 4).
     *
     * @param errorBoundFactor how many numeric error bars an entry may differ by (≥ 0)
     * @return this builder
     */
    public Builder errorBoundFactor(double errorBoundFactor) {
      this.errorBoundFactor = errorBoundFactor;
      return this;
    }

    /**
     * Which side rtol multiplies (default: the numeric value).
     *
     * @param relativeTo which side the relative tolerance scales with
     * @return this builder
     */
    public Builder relativeTo(Tolerance.RelativeTo relativeTo) {
      this.relativeTo = Objects.requireNonNull(relativeTo, "relativeTo");
      return this;
    }

    /**
     * All four tolerance values at once.
     *
     * @param tolerance the whole tolerance
     * @return this builder
     */
    public Builder tolerance(Tolerance tolerance) {
      Objects.requireNonNull(tolerance, "tolerance");
      this.atol = tolerance.atol();
      this.rtol = tolerance.rtol();
      this.errorBoundFactor = tolerance.errorBoundFactor();
      this.relativeTo = tolerance.relativeTo();
      return this;
    }

    /**
     * The mode (default {@link Mode#AUTO}).
     *
     * @param mode the comparison mode
     * @return this builder
     */
    public Builder mode(Mode mode) {
      this.mode = Objects.requireNonNull(mode, "mode");
      return this;
    }

    /**
     * The seed of every random choice (default 42).
     *
     * @param seed the seed of every random choice
     * @return this builder
     */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * Number of FAST probes, 1…{@value GradientChecker#MAX_PROBES} (default 4).
     *
     * @param probes the number of random probes in FAST mode
     * @return this builder
     */
    public Builder probes(int probes) {
      this.probes = probes;
      return this;
    }

    /**
     * Threads evaluating the function, 1…{@value GradientChecker#MAX_THREADS} (default 1). Opt in
     * only if the function and the analytic derivative are thread-safe.
     *
     * @param threads the number of threads for numeric columns
     * @return this builder
     */
    public Builder threads(int threads) {
      this.threads = threads;
      return this;
    }

    /**
     * Number of input coordinates SAMPLED mode compares, ≥ 1 (default 64).
     *
     * @param sampleSize the number of columns SAMPLED compares
     * @return this builder
     */
    public Builder sampleSize(int sampleSize) {
      this.sampleSize = sampleSize;
      return this;
    }

    /**
     * AUTO runs FULL when the check has at most this many differentiable inputs (and, through a
     * backward pass, at most 16 times as many outputs), FAST otherwise; FAST localises a failing
     * probe by FULL up to the same size. 1…{@value #MAX_SAMPLE} (default {@value
     * #DEFAULT_AUTO_FULL_COLUMNS}). The choice depends on the problem only, never on timing.
     *
     * @param autoFullColumns the largest number of differentiable inputs AUTO checks in FULL
     * @return this builder
     */
    public Builder autoFullColumns(int autoFullColumns) {
      this.autoFullColumns = autoFullColumns;
      return this;
    }

    /**
     * How many worst entries a report keeps, ≥ 1 (default 10).
     *
     * @param worstEntries how many worst entries a report keeps
     * @return this builder
     */
    public Builder worstEntries(int worstEntries) {
      this.worstEntries = worstEntries;
      return this;
    }

    /**
     * Bound of {@link CheckReport#comparedEntries()}, ≥ 1 (default 2 048).
     *
     * @param sampleLimit how many compared entries a report keeps
     * @return this builder
     */
    public Builder sampleLimit(int sampleLimit) {
      this.sampleLimit = sampleLimit;
      return this;
    }

    /**
     * The precision the functions under test compute in (default {@link Precision#FLOAT64}). With
     * {@link Precision#FLOAT32} the check rounds x to float, the engine evaluates only at
     * float-representable points with float rounding as the declared noise of f, and rtol is at
     * least {@link Precision#minimumRtol()}; see {@code org.gradcheck.float32.FloatGradientChecker}
     * for float functions.
     *
     * @param precision the precision the function computes in
     * @return this builder
     */
    @API(status = API.Status.EXPERIMENTAL, since = "0.2")
    public Builder precision(Precision precision) {
      this.precision = Objects.requireNonNull(precision, "precision");
      return this;
    }

    /**
     * Validates every knob and builds the checker.
     *
     * @return the checker
     */
    public GradientChecker build() {
      Tolerance tolerance =
          precision.tolerance(new Tolerance(atol, rtol, errorBoundFactor, relativeTo));
      requireWithin("probes", probes, MAX_PROBES);
      requireWithin("threads", threads, MAX_THREADS);
      requireWithin("sampleSize", sampleSize, MAX_SAMPLE);
      requireWithin("worstEntries", worstEntries, MAX_WORST_ENTRIES);
      requireWithin("sampleLimit", sampleLimit, MAX_SAMPLE);
      requireWithin("autoFullColumns", autoFullColumns, MAX_SAMPLE);
      return new GradientChecker(
          new CheckSettings(
              precision.engine(differentiator.withThreads(threads)),
              tolerance,
              mode,
              seed,
              probes,
              threads,
              sampleSize,
              autoFullColumns,
              worstEntries,
              sampleLimit,
              precision),
          robustness,
          reportListener,
          expectation);
    }

    private static void requireWithin(String name, int value, int max) {
      if (value < 1 || value > max) {
        throw new IllegalArgumentException(
            name + " = " + value + "; expected a whole number in [1, " + max + "]");
      }
    }
  }
}
