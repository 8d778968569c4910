/**
 * Gradient checks as JUnit Jupiter tests: {@link org.gradcheck.junit.GradientCheck} runs a method
 * once per seeded trial with generated inputs ({@link org.gradcheck.junit.Shape}, {@link
 * org.gradcheck.junit.Range}, {@link org.gradcheck.junit.DrawnFrom}) and an injected {@link
 * org.gradcheck.junit.TrialChecker}; {@link org.gradcheck.junit.VerifyRegistry} turns registry
 * rules into test invocations. Every report is published as a JUnit report entry.
 *
 * <p>API status: EXPERIMENTAL. The extension's implementation lives in {@code
 * org.gradcheck.junit.internal}, which is not API.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
package org.gradcheck.junit;

import org.apiguardian.api.API;
