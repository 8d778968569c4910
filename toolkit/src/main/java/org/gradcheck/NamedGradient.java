package org.gradcheck;

import java.util.Objects;
import org.apiguardian.api.API;

/**
 * The analytic gradient of a {@link NamedLoss}: one block per differentiable input, by name.
 * Constant inputs are read, never returned.
 *
 * <pre>{@code
 * NamedGradient gradient = in -> Gradients.of("z", minus(softmax(in.array("z")), in.array("p")));
 * }</pre>
 *
 * @since 0.2
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.2")
@FunctionalInterface
public interface NamedGradient {
  /**
   * Computes the gradient.
   *
   * @param inputs every input of the signature, constants included (read only)
   * @return the gradient with respect to each differentiable input, shaped as the input
   */
  Gradients apply(Inputs inputs);

  /**
   * This gradient over the signature's flat layout (zeros at constants); a missing, extra, constant
   * or wrongly shaped block is an {@link InvalidCheckInputException}.
   *
   * @param signature the names and shapes of the inputs
   * @return the flat gradient
   */
  default GradientFunction asGradientFunction(Signature signature) {
    Objects.requireNonNull(signature, "signature");
    return x -> BlockAssembly.gradients(signature, apply(Inputs.of(signature, x)), "the gradient");
  }
}
