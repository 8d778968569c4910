package org.gradcheck.reference;

import java.util.Collection;
import org.apiguardian.api.API;
import org.gradcheck.registry.GradientRule;
import org.gradcheck.registry.RuleProvider;

/**
 * Contributes every {@link ReferenceRules} case (at the default sizes of {@link
 * ReferenceRules#all()}) to a registry. Not listed in the toolkit's own {@code META-INF/services},
 * so that discovery only finds what a user asked for: list {@code
 * org.gradcheck.reference.ReferenceRuleProvider} in your own {@code
 * META-INF/services/org.gradcheck.registry.RuleProvider}, or call {@code registry.registerFrom(new
 * ReferenceRuleProvider())}.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class ReferenceRuleProvider implements RuleProvider {
  /** Creates the provider (the no-argument constructor {@link java.util.ServiceLoader} needs). */
  public ReferenceRuleProvider() {}

  @Override
  public Collection<GradientRule> rules() {
    return ReferenceRules.all();
  }
}
