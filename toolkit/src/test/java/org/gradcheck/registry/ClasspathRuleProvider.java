package org.gradcheck.registry;

import java.util.Collection;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.gradcheck.Signature;
import org.gradcheck.generate.Generators;

/**
 * A rule provider contributed through {@code META-INF/services} on the test classpath, as a user's
 * jar would: one verifiable rule and one rule without an input generator.
 */
public class ClasspathRuleProvider implements RuleProvider {
  /** Name of the verifiable rule: y_i = x_i³ with y′ = 3x². */
  public static final String CUBE = "test/cube";

  /** Name of the rule that declares no generator. */
  public static final String UNCHECKED = "test/no-generator";

  @Override
  public Collection<GradientRule> rules() {
    Signature sig = Signature.builder().input("x", 3).output("y", 3).build();
    GradientRule cube =
        GradientRule.builder(CUBE)
            .description("y = x³ elementwise")
            .signature(sig)
            .forward(x -> new double[] {x[0] * x[0] * x[0], x[1] * x[1] * x[1], x[2] * x[2] * x[2]})
            .jacobian(
                x -> {
                  DMatrixRMaj j = new DMatrixRMaj(3, 3);
                  for (int i = 0; i < 3; i++) {
                    j.set(i, i, 3 * x[i] * x[i]);
                  }
                  return j;
                })
            .vjp(
                (x, g) ->
                    new double[] {
                      3 * x[0] * x[0] * g[0], 3 * x[1] * x[1] * g[1], 3 * x[2] * x[2] * g[2]
                    })
            .inputs(Generators.uniform(3, -2, 2))
            .build();
    GradientRule unchecked =
        GradientRule.builder(UNCHECKED)
            .signature(sig)
            .forward(x -> x.clone())
            .jvp((x, u) -> u.clone())
            .build();
    return List.of(cube, unchecked);
  }
}
