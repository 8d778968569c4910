/**
 * Gradient rules kept in one place and verified all at once: a {@link
 * org.gradcheck.registry.GradientRule} is a named operation with its hand-derived derivative forms,
 * a {@link org.gradcheck.registry.GradientRegistry} verifies every registered rule at generated
 * points, and {@link org.gradcheck.registry.RuleProvider} is the service-provider interface through
 * which a jar contributes rules.
 *
 * <p>API status: EXPERIMENTAL.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
package org.gradcheck.registry;

import org.apiguardian.api.API;
