/**
 * Hamcrest matchers for gradient checking ({@link org.gradcheck.hamcrest.GradientMatchers}): typed
 * matchers of check reports and registry rules, function-level matchers that compare an analytic
 * gradient, Jacobian, VJP or JVP with the numeric one, and elementwise closeness of vectors and
 * matrices.
 *
 * <p>Why here, in the toolkit: the matchers import no test-framework type, only Hamcrest, so a
 * TestNG (or plain-main) user with Hamcrest needs no JUnit, and a JUnit user without Hamcrest needs
 * no Hamcrest. Hamcrest is an {@code <optional>} dependency of the toolkit (and of the JUnit
 * extension): whoever uses these matchers declares Hamcrest themselves; nobody else gets it.
 *
 * <p>API status: EXPERIMENTAL.
 */
package org.gradcheck.hamcrest;
