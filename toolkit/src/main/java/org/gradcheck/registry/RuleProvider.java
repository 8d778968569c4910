package org.gradcheck.registry;

import java.util.Collection;
import org.apiguardian.api.API;

/**
 * The service-provider interface through which a jar contributes gradient rules: implement it with
 * a public no-argument constructor and list the class in {@code
 * META-INF/services/org.gradcheck.registry.RuleProvider}; {@link GradientRegistry#discover()} then
 * finds it with {@link java.util.ServiceLoader}.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public interface RuleProvider {
  /** The rules this provider contributes; names must be unique across all providers. */
  Collection<GradientRule> rules();
}
