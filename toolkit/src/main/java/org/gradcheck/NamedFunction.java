package org.gradcheck;

import java.util.Objects;
import org.apiguardian.api.API;

/**
 * A forward pass written against a {@link Signature}'s names: reads its inputs by name and returns
 * its outputs by name, so that no code packs or slices a flat array.
 *
 * <pre>{@code
 * NamedFunction dense = in -> Outputs.of("Y", plus(times(in.matrix("X"), in.matrix("W")), in.array("b")));
 * }</pre>
 *
 * @since 0.2
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.2")
@FunctionalInterface
public interface NamedFunction {
  /**
   * Evaluates the function.
   *
   * @param inputs every input of the signature, constants included (read only)
   * @return one block per output of the signature, shaped as declared
   */
  Outputs apply(Inputs inputs);

  /**
   * This function over the signature's flat layout; a missing, extra or wrongly shaped output block
   * is an {@link InvalidCheckInputException}.
   *
   * @param signature the names and shapes of the inputs and outputs
   * @return the flat function R^inputSize → R^outputSize
   */
  default VectorFunction asVectorFunction(Signature signature) {
    Objects.requireNonNull(signature, "signature");
    return x -> BlockAssembly.outputs(signature, apply(Inputs.of(signature, x)), "the forward");
  }
}
