package org.gradcheck;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.apiguardian.api.API;
import org.ejml.data.DMatrixRMaj;

/**
 * The Jacobian of a {@link Signature}'s function as blocks ∂output/∂input, one per output and
 * differentiable input: what a {@link NamedJacobian} returns. Block ∂Y/∂W is a matrix with one row
 * per value of Y and one column per value of W (both row-major), e.g. 12×9 for Y: 4×3 and W: 3×3.
 *
 * <pre>{@code
 * return JacobianBlocks.of("Y", "X", dYdX).put("Y", "W", dYdW).put("Y", "b", dYdb);
 * }</pre>
 *
 * <p>Every block must be given, zero blocks included; a block for a constant input, a missing,
 * extra or wrongly shaped block is an {@link InvalidCheckInputException} naming the block, its
 * expected shape and what came back. Values are copied when put and when read. Immutable.
 *
 * @since 0.2
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.2")
public final class JacobianBlocks {
  /** By {@link #label(String, String)}. */
  final Map<String, BlockValue> blocks;

  private JacobianBlocks(Map<String, BlockValue> blocks) {
    this.blocks = Collections.unmodifiableMap(blocks);
  }

  /**
   * One block.
   *
   * @param output an output's name in the signature
   * @param input a differentiable input's name in the signature
   * @param block ∂output/∂input, (size of output)×(size of input) (copied)
   * @return blocks holding that one
   */
  public static JacobianBlocks of(String output, String input, DMatrixRMaj block) {
    return new JacobianBlocks(Map.of()).put(output, input, block);
  }

  /**
   * One block.
   *
   * @param output an output's name in the signature
   * @param input a differentiable input's name in the signature
   * @param block ∂output/∂input, row-major (copied)
   * @return blocks holding that one
   */
  public static JacobianBlocks of(String output, String input, double[] block) {
    return new JacobianBlocks(Map.of()).put(output, input, block);
  }

  /**
   * These blocks and one more (replacing a block of the same output and input).
   *
   * @param output an output's name in the signature
   * @param input a differentiable input's name in the signature
   * @param block ∂output/∂input, (size of output)×(size of input) (copied)
   * @return new blocks
   */
  public JacobianBlocks put(String output, String input, DMatrixRMaj block) {
    String label = label(output, input);
    return with(label, BlockValue.of(label, block));
  }

  /**
   * These blocks and one more (replacing a block of the same output and input).
   *
   * @param output an output's name in the signature
   * @param input a differentiable input's name in the signature
   * @param block ∂output/∂input, row-major (copied)
   * @return new blocks
   */
  public JacobianBlocks put(String output, String input, double[] block) {
    String label = label(output, input);
    return with(label, BlockValue.of(label, block));
  }

  private JacobianBlocks with(String label, BlockValue value) {
    Map<String, BlockValue> copy = new LinkedHashMap<>(blocks);
    copy.put(label, value);
    return new JacobianBlocks(copy);
  }

  /**
   * Block ∂output/∂input as a fresh matrix, shaped as it was given (a {@code double[]} as one row).
   *
   * @param output an output's name
   * @param input an input's name
   * @return a copy of the block
   * @throws IllegalArgumentException if there is no such block
   */
  public DMatrixRMaj block(String output, String input) {
    BlockValue b = blocks.get(label(output, input));
    if (b == null) {
      throw new IllegalArgumentException(
          "no block " + label(output, input) + "; have " + blocks.keySet());
    }
    int[] shape = b.shape();
    return shape.length == 2
        ? DMatrixRMaj.wrap(shape[0], shape[1], b.data().clone())
        : DMatrixRMaj.wrap(1, b.data().length, b.data().clone());
  }

  /** The name of block ∂output/∂input in messages, e.g. {@code ∂Y/∂W}. */
  static String label(String output, String input) {
    Objects.requireNonNull(output, "output name");
    Objects.requireNonNull(input, "input name");
    return "∂" + output + "/∂" + input;
  }

  @Override
  public String toString() {
    return "JacobianBlocks" + blocks.keySet();
  }
}
