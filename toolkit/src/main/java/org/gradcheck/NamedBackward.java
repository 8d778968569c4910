package org.gradcheck;

import java.util.Objects;
import org.apiguardian.api.API;

/**
 * A backward pass (vector-Jacobian product) written against a {@link Signature}'s names: given the
 * inputs and the upstream gradient of every output, returns the gradient of every differentiable
 * input, by name. Constant inputs are read, never returned.
 *
 * <pre>{@code
 * NamedBackward backward = (in, up) -> {
 *   DMatrixRMaj g = up.matrix("Y");
 *   return Gradients.of("X", times(g, transpose(in.matrix("W"))))
 *       .put("W", times(transpose(in.matrix("X")), g))
 *       .put("b", columnSums(g));
 * };
 * }</pre>
 *
 * @since 0.2
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.2")
@FunctionalInterface
public interface NamedBackward {
  /**
   * Computes Jᵀ·upstream, block by block.
   *
   * @param inputs every input of the signature, constants included (read only)
   * @param upstream the gradient of the loss with respect to each output, shaped as the output
   * @return one gradient per differentiable input, shaped as the input
   */
  Gradients apply(Inputs inputs, Outputs upstream);

  /**
   * This backward pass over the signature's flat layout (zeros at constants); a missing, extra,
   * constant or wrongly shaped gradient block is an {@link InvalidCheckInputException}.
   *
   * @param signature the names and shapes of the inputs and outputs
   * @return the flat backward pass (x, g) → Jᵀg
   */
  default VectorJacobianProduct asVjp(Signature signature) {
    Objects.requireNonNull(signature, "signature");
    return (x, g) ->
        BlockAssembly.gradients(
            signature,
            apply(Inputs.of(signature, x), Outputs.upstream(signature, g)),
            "the backward (VJP)");
  }
}
