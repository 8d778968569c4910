/**
 * The gradient checker: {@link org.gradcheck.GradientChecker} compares a hand-written derivative
 * (gradient, backward pass, forward-mode product, Jacobian, Hessian) with near machine-precision
 * numeric derivatives and returns an immutable {@link org.gradcheck.CheckReport}. The functional
 * interfaces say which derivative form is checked; {@link org.gradcheck.Signature} and {@link
 * org.gradcheck.Tensor} name the blocks of the flat vectors; {@link org.gradcheck.Tolerance} is the
 * pass rule.
 *
 * <p>API status: STABLE, except the types and members annotated {@code EXPERIMENTAL} (diagnosis
 * findings, report builders, robustness settings); everything package-private is internal.
 */
@API(status = API.Status.STABLE, since = "0.1")
package org.gradcheck;

import org.apiguardian.api.API;
