/**
 * The built-in reference rules (the derivatives deep-learning frameworks hand-write, each with its
 * derivative forms) and the built-in known bugs (deliberately wrong rules a checker must catch).
 * {@link org.gradcheck.reference.ReferenceRuleProvider} contributes them to a registry.
 *
 * <p>API status: EXPERIMENTAL; which rules are shipped may change between releases.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
package org.gradcheck.reference;

import org.apiguardian.api.API;
