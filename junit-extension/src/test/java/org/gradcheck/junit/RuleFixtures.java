package org.gradcheck.junit;

import java.util.Collection;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.gradcheck.Finding;
import org.gradcheck.Signature;
import org.gradcheck.generate.Generators;
import org.gradcheck.reference.KnownBugs;
import org.gradcheck.reference.ReferenceRules;
import org.gradcheck.registry.DeclaredKink;
import org.gradcheck.registry.GradientRule;
import org.gradcheck.registry.RuleProvider;

/** Rule providers for the {@link VerifyRegistry} fixtures. */
public final class RuleFixtures {
  private RuleFixtures() {}

  /** Two correct reference rules. */
  public static final class Correct implements RuleProvider {
    /** For the service loader. */
    public Correct() {}

    @Override
    public Collection<GradientRule> rules() {
      return List.of(ReferenceRules.softmax(4), ReferenceRules.sigmoid(3));
    }
  }

  /**
   * The softmax Jacobian with its diagonal only, as a rule meant to be right (not declared a known
   * bug): {@code wrong/softmax-diagonal-only}.
   */
  static GradientRule diagonalOnly() {
    GradientRule bug = KnownBugs.SOFTMAX_DIAGONAL_ONLY.rule();
    return bug.derive("wrong/softmax-diagonal-only")
        .jacobian(bug.jacobian().orElseThrow())
        .vjp(bug.vjp().orElseThrow())
        .jvp(bug.jvp().orElseThrow())
        .build();
  }

  /** The softmax Jacobian with its diagonal only, next to a correct rule. */
  public static final class DiagonalOnly implements RuleProvider {
    /** For the service loader. */
    public DiagonalOnly() {}

    @Override
    public Collection<GradientRule> rules() {
      return List.of(ReferenceRules.sigmoid(3), diagonalOnly());
    }
  }

  /**
   * A correct rule ({@code sigmoid}), one whose input generator throws ({@code mine/broken-inputs})
   * and one whose function throws ({@code mine/broken-forward}).
   */
  public static final class Throwing implements RuleProvider {
    /** For the service loader. */
    public Throwing() {}

    @Override
    public Collection<GradientRule> rules() {
      Signature sig = Signature.builder().input("x", 2).output("y", 2).build();
      int[] draws = {0};
      GradientRule brokenInputs =
          GradientRule.builder("mine/broken-inputs")
              .signature(sig)
              .forward(x -> x.clone())
              .jvp((x, u) -> u.clone())
              .inputs(
                  Generators.uniform(2, -1, 1)
                      .map(
                          x -> {
                            if (draws[0]++ > 0) { // the builder's length check draws once
                              throw new IllegalStateException("generator out of points");
                            }
                            return x;
                          }))
              .build();
      GradientRule brokenForward =
          GradientRule.builder("mine/broken-forward")
              .signature(sig)
              .forward(
                  x -> {
                    throw new IllegalStateException("forward out of order");
                  })
              .jvp((x, u) -> u.clone())
              .inputs(Generators.uniform(2, -1, 1))
              .build();
      return List.of(ReferenceRules.sigmoid(3), brokenInputs, brokenForward);
    }
  }

  /**
   * Known bugs that are caught: the built-in diagonal-only softmax, and a user's sigmoid derivative
   * doubled, declared with {@link Finding.Kind#CONSTANT_FACTOR}.
   */
  public static final class CaughtBugs implements RuleProvider {
    /** For the service loader. */
    public CaughtBugs() {}

    @Override
    public Collection<GradientRule> rules() {
      return List.of(
          KnownBugs.SOFTMAX_DIAGONAL_ONLY.rule(),
          sigmoid("mine/sigmoid-doubled", 2.0)
              .knownBug("σ′ doubled", Finding.Kind.CONSTANT_FACTOR)
              .build());
    }
  }

  /**
   * Known bugs that are not caught: the right sigmoid derivative declared a bug, and the doubled
   * one declared a sign flip.
   */
  public static final class MissedBugs implements RuleProvider {
    /** For the service loader. */
    public MissedBugs() {}

    @Override
    public Collection<GradientRule> rules() {
      return List.of(
          sigmoid("mine/sigmoid-not-a-bug", 1.0).knownBug(Finding.Kind.CONSTANT_FACTOR).build(),
          sigmoid("mine/sigmoid-wrong-kind", 2.0).knownBug(Finding.Kind.SIGN_FLIPPED).build());
    }
  }

  /** The reference sigmoid with its VJP scaled by {@code factor} (right for 1). */
  private static GradientRule.Builder sigmoid(String name, double factor) {
    GradientRule sigmoid = ReferenceRules.sigmoid(3);
    var vjp = sigmoid.vjp().orElseThrow();
    return sigmoid
        .derive(name)
        .vjp(
            (x, g) -> {
              double[] v = vjp.apply(x, g);
              for (int i = 0; i < v.length; i++) {
                v[i] *= factor;
              }
              return v;
            });
  }

  /**
   * |x| elementwise, declared with a kink at 0 of margin 0.5, whose generator always lands within
   * the margin ({@code abs}, and {@code abs/wrong} with half the derivative); and a rule without a
   * generator.
   */
  public static final class Kinked implements RuleProvider {
    /** For the service loader. */
    public Kinked() {}

    @Override
    public Collection<GradientRule> rules() {
      Signature sig = Signature.anonymous(2, 2);
      GradientRule abs =
          GradientRule.builder("abs")
              .signature(sig)
              .forward(x -> new double[] {Math.abs(x[0]), Math.abs(x[1])})
              .jacobian(
                  x ->
                      new DMatrixRMaj(
                          new double[][] {{Math.signum(x[0]), 0}, {0, Math.signum(x[1])}}))
              .inputs(Generators.uniform(2, 0.1, 0.4))
              .kink(new DeclaredKink("x", 0.0, 0.5, "|x| turns at 0"))
              .build();
      GradientRule absWrong =
          abs.derive("abs/wrong")
              .jacobian(
                  x ->
                      new DMatrixRMaj(
                          new double[][] {
                            {0.5 * Math.signum(x[0]), 0}, {0, 0.5 * Math.signum(x[1])}
                          }))
              .build();
      GradientRule ungenerated =
          GradientRule.builder("ungenerated")
              .signature(sig)
              .forward(x -> x.clone())
              .jacobian(x -> DMatrixRMaj.wrap(2, 2, new double[] {1, 0, 0, 1}))
              .build();
      return List.of(abs, absWrong, ungenerated);
    }
  }

  /** Found through META-INF/services by {@link VerifyRegistry} without providers. */
  public static final class Discovered implements RuleProvider {
    /** For the service loader. */
    public Discovered() {}

    @Override
    public Collection<GradientRule> rules() {
      return List.of(
          ReferenceRules.tanh(2)
              .derive("discovered/tanh")
              .jacobian(
                  x -> {
                    DMatrixRMaj j = new DMatrixRMaj(2, 2);
                    for (int i = 0; i < 2; i++) {
                      double t = Math.tanh(x[i]);
                      j.set(i, i, 1 - t * t);
                    }
                    return j;
                  })
              .build());
    }
  }
}
