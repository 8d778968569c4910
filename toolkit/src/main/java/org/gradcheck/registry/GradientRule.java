package org.gradcheck.registry;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import org.apiguardian.api.API;
import org.ejml.data.DMatrixRMaj;
import org.gradcheck.CheckReport;
import org.gradcheck.ExpectedFailure;
import org.gradcheck.Finding;
import org.gradcheck.GradientChecker;
import org.gradcheck.GradientFunction;
import org.gradcheck.JacobianFunction;
import org.gradcheck.JacobianVectorProduct;
import org.gradcheck.NamedBackward;
import org.gradcheck.NamedFunction;
import org.gradcheck.NamedGradient;
import org.gradcheck.NamedJacobian;
import org.gradcheck.NamedJvp;
import org.gradcheck.NamedLoss;
import org.gradcheck.Signature;
import org.gradcheck.VectorFunction;
import org.gradcheck.VectorJacobianProduct;
import org.gradcheck.generate.Generator;

/**
 * A named differentiable operation with its hand-derived derivative — the unit a {@link
 * GradientRegistry} keeps and verifies, as ChainRules' {@code rrule} is in Julia.
 *
 * <p>A rule has a forward pass, at least one analytic derivative form (full Jacobian, backward pass
 * VJP, forward-mode JVP), a {@link Signature} naming its inputs (constants such as labels are
 * carried in the flat input but not differentiated), generators of valid inputs (the domain:
 * positive, simplex, one-hot, away from kinks — several generators give several input kinds),
 * optional tolerance overrides and its known kinks. Analytic Jacobians are m × inputSize and VJPs
 * return inputSize values: the entries of constant inputs are not compared.
 *
 * <pre>{@code
 * GradientRule rule = GradientRule.builder("softmax")
 *     .signature(Signature.builder().input("a", 5).output("y", 5).build())
 *     .forward(softmax).jacobian(jacobian).vjp(vjp)
 *     .inputs(Generators.logits(5, 3.0))
 *     .build();
 * }</pre>
 *
 * <p>A rule can also be written against its signature's names ({@link Builder#namedForward}, {@link
 * Builder#namedBackward}, {@link Builder#namedJvp}, {@link Builder#namedJacobian}, and for a scalar
 * loss {@link Builder#namedLoss}): it is then kept and checked over the signature's flat layout,
 * and a block its code returns that does not fit the signature is an {@link
 * org.gradcheck.InvalidCheckInputException} naming the block.
 *
 * <pre>{@code
 * GradientRule dense = GradientRule.builder("dense")
 *     .signature(Signature.builder().input("X", 4, 3).input("W", 3, 2).input("b", 2)
 *         .output("Y", 4, 2).build())
 *     .namedForward(forward).namedBackward(backward)
 *     .inputs(Generators.uniform(4 * 3 + 3 * 2 + 2, -1, 1))
 *     .build();
 * }</pre>
 *
 * <p>A rule can be a deliberately wrong derivative kept so that verification proves the checker
 * still catches it — a "bugs we must always catch" list next to the rules ({@link
 * Builder#knownBug(String, Finding.Kind...)}). Its checks then carry that expectation, and it is
 * verified when it is caught, not when it passes.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class GradientRule {
  private final String name;
  private final String description;
  private final Signature signature;
  private final VectorFunction forward;
  private final JacobianFunction jacobian;
  private final VectorJacobianProduct vjp;
  private final JacobianVectorProduct jvp;
  private final List<Generator<double[]>> generators;
  private final List<DeclaredKink> kinks;
  private final RuleTolerance tolerance;
  private final ExpectedFailure knownBug;
  private final String mistake;

  private GradientRule(Builder b) {
    this.name = b.name;
    this.description = b.description;
    this.signature = b.signature;
    this.forward = b.forward;
    this.jacobian = b.jacobian;
    this.vjp = b.vjp;
    this.jvp = b.jvp;
    this.generators = List.copyOf(b.generators);
    this.kinks = List.copyOf(b.kinks);
    this.tolerance = b.tolerance;
    this.knownBug = b.knownBug;
    this.mistake = b.mistake;
  }

  /** Starts a rule with the given unique name. */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /**
   * Configures a {@link GradientRule}; name, signature, forward and one derivative are required.
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.1")
  public static final class Builder {
    private final String name;
    private String description = "";
    private Signature signature;
    private VectorFunction forward;
    private JacobianFunction jacobian;
    private VectorJacobianProduct vjp;
    private JacobianVectorProduct jvp;
    private NamedFunction namedForward;
    private NamedBackward namedBackward;
    private NamedJvp namedJvp;
    private NamedJacobian namedJacobian;
    private NamedLoss namedLoss;
    private NamedGradient namedGradient;
    private final List<Generator<double[]>> generators = new ArrayList<>();
    private final List<DeclaredKink> kinks = new ArrayList<>();
    private RuleTolerance tolerance;
    private ExpectedFailure knownBug;
    private String mistake = "";

    private Builder(String name) {
      Objects.requireNonNull(name, "rule name");
      if (name.isBlank()) {
        throw new IllegalArgumentException("rule name must not be blank");
      }
      this.name = name;
    }

    /** What the rule computes, and where its derivative comes from. */
    public Builder description(String description) {
      this.description = Objects.requireNonNull(description, "description");
      return this;
    }

    /** The named, shaped inputs (constants included) and outputs. */
    public Builder signature(Signature signature) {
      this.signature = Objects.requireNonNull(signature, "signature");
      return this;
    }

    /** The forward pass, R^inputSize → R^outputSize. */
    public Builder forward(VectorFunction forward) {
      this.forward = Objects.requireNonNull(forward, "forward");
      return this;
    }

    /** The analytic Jacobian, outputSize × inputSize. */
    public Builder jacobian(JacobianFunction jacobian) {
      this.jacobian = Objects.requireNonNull(jacobian, "jacobian");
      return this;
    }

    /** The analytic backward pass (x, g) → Jᵀg. */
    public Builder vjp(VectorJacobianProduct vjp) {
      this.vjp = Objects.requireNonNull(vjp, "vjp");
      return this;
    }

    /** The analytic forward-mode product (x, u) → J·u. */
    public Builder jvp(JacobianVectorProduct jvp) {
      this.jvp = Objects.requireNonNull(jvp, "jvp");
      return this;
    }

    /**
     * The derivative of a scalar-output rule (a loss) as its gradient ∇L, inputSize values with
     * zeros at constants: gives the rule all three forms, Jacobian = the row ∇Lᵀ, VJP = g₀·∇L, JVP
     * = ⟨∇L, u⟩.
     *
     * @param gradient the analytic gradient over the flat input
     * @return this builder
     * @since 0.2
     */
    @API(status = API.Status.EXPERIMENTAL, since = "0.2")
    public Builder gradient(GradientFunction gradient) {
      Objects.requireNonNull(gradient, "gradient");
      return jacobian(
              x -> {
                double[] grad = gradient.gradient(x);
                return grad == null ? null : DMatrixRMaj.wrap(1, grad.length, grad);
              })
          .vjp(
              (x, g) -> {
                double[] grad = gradient.gradient(x);
                for (int i = 0; grad != null && i < grad.length; i++) {
                  grad[i] *= g[0];
                }
                return grad;
              })
          .jvp(
              (x, u) -> {
                double[] grad = gradient.gradient(x);
                if (grad == null || grad.length != u.length) {
                  return grad; // the checker reports what came back
                }
                double s = 0;
                for (int i = 0; i < u.length; i++) {
                  s += grad[i] * u[i];
                }
                return new double[] {s};
              });
    }

    /**
     * The forward pass written against the signature's names (replaces {@link
     * #forward(VectorFunction)}).
     *
     * @param forward reads the inputs by name and returns every output by name
     * @return this builder
     * @since 0.2
     */
    @API(status = API.Status.EXPERIMENTAL, since = "0.2")
    public Builder namedForward(NamedFunction forward) {
      this.namedForward = Objects.requireNonNull(forward, "forward");
      return this;
    }

    /**
     * The backward pass written against the signature's names: one gradient per differentiable
     * input (the rule's {@link DerivativeForm#VJP}).
     *
     * @param backward inputs and upstream per output → gradient per differentiable input
     * @return this builder
     * @since 0.2
     */
    @API(status = API.Status.EXPERIMENTAL, since = "0.2")
    public Builder namedBackward(NamedBackward backward) {
      this.namedBackward = Objects.requireNonNull(backward, "backward");
      return this;
    }

    /**
     * The forward-mode product written against the signature's names (the rule's {@link
     * DerivativeForm#JVP}).
     *
     * @param jvp inputs and tangent per input → tangent per output
     * @return this builder
     * @since 0.2
     */
    @API(status = API.Status.EXPERIMENTAL, since = "0.2")
    public Builder namedJvp(NamedJvp jvp) {
      this.namedJvp = Objects.requireNonNull(jvp, "jvp");
      return this;
    }

    /**
     * The Jacobian as blocks ∂output/∂input (the rule's {@link DerivativeForm#JACOBIAN}).
     *
     * @param jacobian inputs → every block of a differentiable input
     * @return this builder
     * @since 0.2
     */
    @API(status = API.Status.EXPERIMENTAL, since = "0.2")
    public Builder namedJacobian(NamedJacobian jacobian) {
      this.namedJacobian = Objects.requireNonNull(jacobian, "jacobian");
      return this;
    }

    /**
     * A scalar loss and its gradient written against the signature's names; the signature declares
     * the loss as its one scalar output. The loss is the forward pass, and the gradient gives all
     * three forms as {@link #gradient(GradientFunction)} does.
     *
     * @param loss reads the inputs by name (constants such as labels included)
     * @param gradient one gradient block per differentiable input
     * @return this builder
     * @since 0.2
     */
    @API(status = API.Status.EXPERIMENTAL, since = "0.2")
    public Builder namedLoss(NamedLoss loss, NamedGradient gradient) {
      this.namedLoss = Objects.requireNonNull(loss, "loss");
      this.namedGradient = Objects.requireNonNull(gradient, "gradient");
      return this;
    }

    /** Turns the named forms into flat ones over the signature (which is known by now). */
    private void flattenNamedForms(String where) {
      if (namedLoss != null) {
        if (signature.outputSize() != 1) {
          throw new IllegalStateException(
              where + "a loss has one scalar output, but the signature declares " + signature);
        }
        forward = namedLoss.asScalarFunction(signature).asVectorFunction();
        gradient(namedGradient.asGradientFunction(signature));
      }
      if (namedForward != null) {
        forward = namedForward.asVectorFunction(signature);
      }
      if (namedJacobian != null) {
        jacobian = namedJacobian.asJacobianFunction(signature);
      }
      if (namedBackward != null) {
        vjp = namedBackward.asVjp(signature);
      }
      if (namedJvp != null) {
        jvp = namedJvp.asJvp(signature);
      }
    }

    /**
     * Adds generators of valid flat inputs, each one input kind (e.g. typical and extreme logits);
     * {@link GradientRegistry#verifyAll} spreads its points over them in turn.
     */
    @SafeVarargs
    public final Builder inputs(Generator<double[]>... generators) {
      for (Generator<double[]> g : generators) {
        this.generators.add(Objects.requireNonNull(g, "input generator"));
      }
      return this;
    }

    /** Declares a kink (a point of non-differentiability) that inputs must keep away from. */
    public Builder kink(DeclaredKink kink) {
      kinks.add(Objects.requireNonNull(kink, "kink"));
      return this;
    }

    /** Overrides (part of) the checker's tolerance for this rule. */
    public Builder tolerance(RuleTolerance tolerance) {
      this.tolerance = Objects.requireNonNull(tolerance, "tolerance");
      return this;
    }

    /**
     * Declares the rule a known bug: a deliberately wrong derivative that verification must catch,
     * with every one of {@code expectedKinds} among the findings of a failing check. {@link
     * GradientRegistry#verify} and the verification report count it verified when it is caught
     * ({@link RuleReport#verified()}), and not verified — a failure — when every check passes or
     * none fails with those kinds ({@link RuleReport#missed()} says what was found instead).
     *
     * @param mistake the mistake the rule makes, in one sentence (the report shows it)
     * @param expectedKinds the kinds a failing check must name (none: any failure will do)
     * @return this builder
     * @since 0.2
     */
    @API(status = API.Status.EXPERIMENTAL, since = "0.2")
    public Builder knownBug(String mistake, Finding.Kind... expectedKinds) {
      this.mistake = Objects.requireNonNull(mistake, "mistake");
      this.knownBug = ExpectedFailure.of(expectedKinds);
      return this;
    }

    /**
     * Declares the rule a known bug without a sentence on its mistake: {@link #knownBug(String,
     * Finding.Kind...)} with an empty mistake.
     *
     * @param expectedKinds the kinds a failing check must name (none: any failure will do)
     * @return this builder
     * @since 0.2
     */
    @API(status = API.Status.EXPERIMENTAL, since = "0.2")
    public Builder knownBug(Finding.Kind... expectedKinds) {
      return knownBug("", expectedKinds);
    }

    /**
     * Builds the rule. Checks that signature, forward and at least one derivative are present, that
     * each kink names an input, and that each generator produces flat inputs of the signature's
     * length (one draw with a fixed seed).
     */
    public GradientRule build() {
      String where = "rule '" + name + "': ";
      if (signature == null) {
        throw new IllegalStateException(where + "no signature");
      }
      flattenNamedForms(where);
      if (forward == null) {
        throw new IllegalStateException(where + "no forward function");
      }
      if (jacobian == null && vjp == null && jvp == null) {
        throw new IllegalStateException(where + "no analytic derivative (jacobian, vjp or jvp)");
      }
      for (DeclaredKink k : kinks) {
        try {
          signature.input(k.input());
        } catch (IllegalArgumentException e) {
          throw new IllegalStateException(
              where + "kink refers to an unknown input: " + e.getMessage(), e);
        }
      }
      for (Generator<double[]> g : generators) {
        int length = g.generate(new SplittableRandom(0)).length;
        if (length != signature.inputSize()) {
          throw new IllegalStateException(
              where
                  + "generator "
                  + g.kind()
                  + " produces inputs of length "
                  + length
                  + ", the signature needs "
                  + signature.inputSize()
                  + " ("
                  + signature
                  + ")");
        }
      }
      return new GradientRule(this);
    }
  }

  /** The unique name. */
  public String name() {
    return name;
  }

  /** What the rule computes (may be empty). */
  public String description() {
    return description;
  }

  /** The named inputs and outputs. */
  public Signature signature() {
    return signature;
  }

  /** The forward pass. */
  public VectorFunction forward() {
    return forward;
  }

  /** The analytic Jacobian, if the rule has one. */
  public Optional<JacobianFunction> jacobian() {
    return Optional.ofNullable(jacobian);
  }

  /** The analytic backward pass, if the rule has one. */
  public Optional<VectorJacobianProduct> vjp() {
    return Optional.ofNullable(vjp);
  }

  /** The analytic forward-mode product, if the rule has one. */
  public Optional<JacobianVectorProduct> jvp() {
    return Optional.ofNullable(jvp);
  }

  /**
   * Checks this rule's derivative of the given form at {@code x} with {@code checker}, using the
   * rule's signature for names. The report's {@link CheckReport#kind()} is {@link
   * DerivativeForm#checkKind() form.checkKind()}. For a {@link #knownBug()} the check is made with
   * {@code checker.expectFailure(kinds)}, so the report carries the expectation ({@link
   * CheckReport#expectation()}); {@code checker} is not modified.
   *
   * @throws IllegalArgumentException if the rule does not provide that form
   */
  public CheckReport check(GradientChecker checker, DerivativeForm form, double[] x) {
    Objects.requireNonNull(checker, "checker");
    Objects.requireNonNull(form, "form");
    if (!forms().contains(form)) {
      throw new IllegalArgumentException(
          "rule '" + name + "' provides no " + form + "; it provides " + forms());
    }
    GradientChecker c =
        knownBug == null
            ? checker
            : checker.expectFailure(knownBug.kinds().toArray(Finding.Kind[]::new));
    return switch (form) {
      case JACOBIAN -> c.checkJacobian(forward, jacobian, x, signature);
      case VJP -> c.checkVjp(forward, vjp, x, signature);
      case JVP -> c.checkJvp(forward, jvp, x, signature);
    };
  }

  /** The derivative forms this rule provides. */
  public Set<DerivativeForm> forms() {
    Set<DerivativeForm> forms = EnumSet.noneOf(DerivativeForm.class);
    if (jacobian != null) {
      forms.add(DerivativeForm.JACOBIAN);
    }
    if (vjp != null) {
      forms.add(DerivativeForm.VJP);
    }
    if (jvp != null) {
      forms.add(DerivativeForm.JVP);
    }
    return forms;
  }

  /** The input generators, one per input kind; empty if the rule cannot be verified. */
  public List<Generator<double[]>> generators() {
    return generators;
  }

  /** The declared kinks. */
  public List<DeclaredKink> kinks() {
    return kinks;
  }

  /** The tolerance override, if any. */
  public Optional<RuleTolerance> tolerance() {
    return Optional.ofNullable(tolerance);
  }

  /**
   * What a known-bug rule's checks must show ({@link Builder#knownBug(String, Finding.Kind...)}),
   * empty for a rule whose derivative is meant to be right.
   *
   * @return the expected failure, if the rule is a known bug
   * @since 0.2
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.2")
  public Optional<ExpectedFailure> knownBug() {
    return Optional.ofNullable(knownBug);
  }

  /**
   * The mistake a known-bug rule makes, in one sentence; empty if none was given or the rule is not
   * a known bug.
   *
   * @return the mistake
   * @since 0.2
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.2")
  public String mistake() {
    return mistake;
  }

  /**
   * A builder preloaded with this rule's description, signature, forward pass, generators, kinks
   * and tolerance but no derivative and no {@link #knownBug()} declaration: for variants of the
   * same operation under another name, such as a deliberately wrong derivation.
   */
  public Builder derive(String newName) {
    Builder b = builder(newName).description(description).signature(signature).forward(forward);
    b.generators.addAll(generators);
    b.kinks.addAll(kinks);
    b.tolerance = tolerance;
    return b;
  }

  @Override
  public String toString() {
    return name + " " + forms() + " " + signature;
  }
}
