package org.gradcheck.samples;

import java.util.List;
import org.gradcheck.Signature;
import org.gradcheck.generate.Generators;
import org.gradcheck.registry.GradientRule;
import org.gradcheck.registry.RuleProvider;

/**
 * The sample layers as registry rules: how a user keeps hand-derived backward passes in one place
 * and verifies them all at once (with {@code gradcheck verify}, {@code GradientRegistry.verifyAll}
 * or {@code @VerifyRegistry}). Listed in {@code
 * META-INF/services/org.gradcheck.registry.RuleProvider}.
 */
public final class SampleRules implements RuleProvider {
  private static final int WIDTH = 8;

  /** Creates the provider (ServiceLoader needs a public no-argument constructor). */
  public SampleRules() {}

  @Override
  public List<GradientRule> rules() {
    DenseLayer dense = new DenseLayer(3, 4, 2);
    return List.of(
        GradientRule.builder("samples/gelu")
            .description("GELU, tanh approximation, elementwise")
            .signature(Signature.anonymous(WIDTH, WIDTH))
            .forward(Gelu::forward)
            .vjp(Gelu::backward)
            .inputs(Generators.uniform(WIDTH, -5, 5))
            .build(),
        GradientRule.builder("samples/tanh")
            .description("tanh with the right derivative 1 − y²")
            .signature(Signature.anonymous(WIDTH, WIDTH))
            .forward(TanhLayer::forward)
            .vjp(TanhLayer::backward)
            .inputs(Generators.uniform(WIDTH, -3, 3))
            .build(),
        GradientRule.builder("samples/dense")
            .description("batched dense layer X·Wᵀ + b (EJML)")
            .signature(dense.signature())
            .forward(dense::forward)
            .vjp(dense::backward)
            .inputs(Generators.uniform(dense.signature().inputSize(), -2, 2))
            .build());
  }
}
