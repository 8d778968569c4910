package org.gradcheck.numeric;

import org.apiguardian.api.API;

/**
 * A numeric derivative of a scalar function of one variable.
 *
 * @param value the estimate
 * @param error an estimate of |value − true derivative| (round-off and truncation)
 * @param evaluations how many times the function was evaluated to obtain it
 */
@API(status = API.Status.STABLE, since = "0.1")
public record Derivative(double value, double error, long evaluations) {}
