package org.gradcheck;

import java.util.Map;
import org.apiguardian.api.API;
import org.ejml.data.DMatrixRMaj;

/**
 * One gradient block per differentiable input of a {@link Signature}, by input name: what a {@link
 * NamedBackward} and a {@link NamedGradient} return. Constants are read, never returned: a block
 * for a constant input is an error, as is a missing, extra or wrongly shaped block — an {@link
 * InvalidCheckInputException} naming the block, its expected shape and what came back.
 *
 * <pre>{@code
 * return Gradients.of("X", dX).put("W", dW).put("b", db);
 * }</pre>
 *
 * <p>Values are copied when put; reads return fresh copies. Immutable.
 *
 * @since 0.2
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.2")
public final class Gradients extends NamedBlocks {

  private Gradients(Map<String, BlockValue> blocks) {
    super(blocks);
  }

  /**
   * One gradient block.
   *
   * @param name a differentiable input's name in the signature
   * @param values the gradient with respect to that input, row-major (copied)
   * @return gradients holding that block
   */
  public static Gradients of(String name, double[] values) {
    return new Gradients(Map.of()).put(name, values);
  }

  /**
   * One gradient block.
   *
   * @param name a differentiable input's name in the signature
   * @param values the gradient with respect to that input, shaped as the input (copied)
   * @return gradients holding that block
   */
  public static Gradients of(String name, DMatrixRMaj values) {
    return new Gradients(Map.of()).put(name, values);
  }

  /**
   * The gradient with respect to one scalar input.
   *
   * @param name a differentiable scalar input's name in the signature
   * @param value the derivative with respect to it
   * @return gradients holding that block
   */
  public static Gradients of(String name, double value) {
    return new Gradients(Map.of()).put(name, value);
  }

  /**
   * These gradients and one more block (replacing a block of the same name).
   *
   * @param name a differentiable input's name in the signature
   * @param values the gradient with respect to that input, row-major (copied)
   * @return new gradients
   */
  public Gradients put(String name, double[] values) {
    return new Gradients(with(requireName(name), BlockValue.of(name, values)));
  }

  /**
   * These gradients and one more block (replacing a block of the same name).
   *
   * @param name a differentiable input's name in the signature
   * @param values the gradient with respect to that input, shaped as the input (copied)
   * @return new gradients
   */
  public Gradients put(String name, DMatrixRMaj values) {
    return new Gradients(with(requireName(name), BlockValue.of(name, values)));
  }

  /**
   * These gradients and the derivative with respect to one more scalar input.
   *
   * @param name a differentiable scalar input's name in the signature
   * @param value the derivative with respect to it
   * @return new gradients
   */
  public Gradients put(String name, double value) {
    return new Gradients(with(requireName(name), BlockValue.of(value)));
  }
}
