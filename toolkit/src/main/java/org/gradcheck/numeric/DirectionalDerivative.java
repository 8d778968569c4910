package org.gradcheck.numeric;

import org.apiguardian.api.API;

/**
 * A numeric directional derivative J·u of f: R^n → R^m (for u = e_j, one Jacobian column).
 *
 * @param values the m estimates
 * @param errors the m error estimates, each bounding |value − true value| with high probability
 * @param evaluations how many times f was evaluated
 */
@API(status = API.Status.STABLE, since = "0.1")
public record DirectionalDerivative(double[] values, double[] errors, long evaluations) {}
