package org.gradcheck;

import java.util.Objects;
import org.apiguardian.api.API;

/**
 * An analytic Jacobian written against a {@link Signature}'s names: one block ∂output/∂input per
 * output and differentiable input ({@link JacobianBlocks}).
 *
 * @since 0.2
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.2")
@FunctionalInterface
public interface NamedJacobian {
  /**
   * Computes the Jacobian's blocks.
   *
   * @param inputs every input of the signature, constants included (read only)
   * @return every block ∂output/∂input of a differentiable input
   */
  JacobianBlocks apply(Inputs inputs);

  /**
   * This Jacobian as one outputSize × inputSize matrix (zero in the columns of constants); a
   * missing, extra, constant or wrongly shaped block is an {@link InvalidCheckInputException}.
   *
   * @param signature the names and shapes of the inputs and outputs
   * @return the flat Jacobian
   */
  default JacobianFunction asJacobianFunction(Signature signature) {
    Objects.requireNonNull(signature, "signature");
    return x ->
        BlockAssembly.jacobian(signature, apply(Inputs.of(signature, x)), "the analytic Jacobian");
  }
}
