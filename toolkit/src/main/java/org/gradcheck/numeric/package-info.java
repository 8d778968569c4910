/**
 * The numeric differentiation engine: {@link org.gradcheck.numeric.NumericDifferentiator} computes
 * derivatives, directional derivatives and Jacobians with finite-difference stencils and Richardson
 * extrapolation, each value with an error estimate. It is the numeric side of every gradient check
 * and usable on its own; its exceptions name the input, coordinate or step that failed.
 *
 * <p>API status: STABLE for the engine, its results and its exceptions; the tuning types ({@link
 * org.gradcheck.numeric.StepSize}, {@link org.gradcheck.numeric.FiniteDifferenceMethod}, ...) are
 * EXPERIMENTAL as annotated.
 */
@API(status = API.Status.STABLE, since = "0.1")
package org.gradcheck.numeric;

import org.apiguardian.api.API;
