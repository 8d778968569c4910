package org.gradcheck;

import java.util.Objects;
import org.apiguardian.api.API;

/**
 * A scalar function (a loss) written against a {@link Signature}'s input names; constant inputs
 * such as labels are read like any other.
 *
 * <pre>{@code
 * NamedLoss loss = in -> crossEntropy(in.array("p"), softmax(in.array("z")));
 * }</pre>
 *
 * @since 0.2
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.2")
@FunctionalInterface
public interface NamedLoss {
  /**
   * Evaluates the loss.
   *
   * @param inputs every input of the signature, constants included (read only)
   * @return the loss
   */
  double apply(Inputs inputs);

  /**
   * This loss over the signature's flat input layout.
   *
   * @param signature the names and shapes of the inputs
   * @return the flat scalar function
   */
  default ScalarFunction asScalarFunction(Signature signature) {
    Objects.requireNonNull(signature, "signature");
    return x -> apply(Inputs.of(signature, x));
  }
}
