package org.gradcheck;

import java.util.Objects;
import org.apiguardian.api.API;

/**
 * A forward-mode derivative (Jacobian-vector product) written against a {@link Signature}'s names:
 * given the inputs and a tangent of every input (zero for constants), returns the tangent of every
 * output, by name.
 *
 * @since 0.2
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.2")
@FunctionalInterface
public interface NamedJvp {
  /**
   * Computes J·tangent, block by block.
   *
   * @param inputs every input of the signature, constants included (read only)
   * @param tangent a direction for every input, shaped as the input; zero for constants
   * @return the tangent of every output, shaped as the output
   */
  Outputs apply(Inputs inputs, Inputs tangent);

  /**
   * This product over the signature's flat layout; a missing, extra or wrongly shaped output block
   * is an {@link InvalidCheckInputException}.
   *
   * @param signature the names and shapes of the inputs and outputs
   * @return the flat product (x, u) → J·u
   */
  default JacobianVectorProduct asJvp(Signature signature) {
    Objects.requireNonNull(signature, "signature");
    return (x, u) ->
        BlockAssembly.outputs(
            signature, apply(Inputs.of(signature, x), Inputs.tangent(signature, u)), "the JVP");
  }
}
