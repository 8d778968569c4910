package org.gradcheck.numeric;

import org.apiguardian.api.API;
import org.ejml.data.DMatrixRMaj;

/**
 * A numeric m×n Jacobian with an error estimate per entry.
 *
 * @param values J[i,j] ≈ ∂f_i/∂x_j
 * @param errors error estimate of each entry
 * @param evaluations how many times f was evaluated
 */
@API(status = API.Status.STABLE, since = "0.1")
public record NumericJacobian(DMatrixRMaj values, DMatrixRMaj errors, long evaluations) {}
