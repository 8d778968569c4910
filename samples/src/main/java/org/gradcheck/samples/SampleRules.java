package org.gradcheck.samples;

import java.util.ArrayList;
import java.util.List;
import org.apiguardian.api.API;
import org.gradcheck.Signature;
import org.gradcheck.generate.Generators;
import org.gradcheck.registry.GradientRule;
import org.gradcheck.registry.RuleProvider;

/**
 * The sample layers as registry rules: how a user keeps hand-derived backward passes in one place
 * and verifies them all at once (with {@code gradcheck verify --classpath samples/target/classes},
 * {@code GradientRegistry.verifyAll} or {@code @VerifyRegistry}). Listed in {@code
 * META-INF/services/org.gradcheck.registry.RuleProvider}.
 *
 * <p>The flat GELU and tanh come first (a forward and a VJP on {@code double[]}); every layer of
 * {@link org.gradcheck.samples.layers} follows in its named form, {@link NamedLayers.Layer#rule()}.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.2")
public final class SampleRules implements RuleProvider {
  private static final int WIDTH = 8;

  /** Creates the provider (ServiceLoader needs a public no-argument constructor). */
  public SampleRules() {}

  @Override
  public List<GradientRule> rules() {
    List<GradientRule> rules = new ArrayList<>();
    rules.add(
        GradientRule.builder("samples/gelu-flat")
            .description("GELU, tanh approximation, elementwise on a flat vector")
            .signature(Signature.anonymous(WIDTH, WIDTH))
            .forward(Gelu::forward)
            .vjp(Gelu::backward)
            .inputs(Generators.uniform(WIDTH, -5, 5))
            .build());
    rules.add(
        GradientRule.builder("samples/tanh-flat")
            .description("tanh with the right derivative 1 − y², on a flat vector")
            .signature(Signature.anonymous(WIDTH, WIDTH))
            .forward(TanhLayer::forward)
            .vjp(TanhLayer::backward)
            .inputs(Generators.uniform(WIDTH, -3, 3))
            .build());
    for (NamedLayers.Layer layer : NamedLayers.all()) {
      rules.add(layer.rule());
    }
    return rules;
  }
}
