package org.gradcheck.junit;

import java.util.Collection;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
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

  /** The softmax Jacobian with its diagonal only, next to a correct rule. */
  public static final class DiagonalOnly implements RuleProvider {
    /** For the service loader. */
    public DiagonalOnly() {}

    @Override
    public Collection<GradientRule> rules() {
      return List.of(ReferenceRules.sigmoid(3), KnownBugs.SOFTMAX_DIAGONAL_ONLY.rule());
    }
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
