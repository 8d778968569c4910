package org.gradcheck;

import java.util.Map;
import org.apiguardian.api.API;
import org.ejml.data.DMatrixRMaj;

/**
 * Values of a {@link Signature}'s outputs by name: what a {@link NamedFunction} (forward) and a
 * {@link NamedJvp} return, and the upstream gradient a {@link NamedBackward} receives (one block
 * per output, shaped as declared).
 *
 * <pre>{@code
 * return Outputs.of("Y", y).put("cache", c);
 * }</pre>
 *
 * <p>A returned block is checked against the signature when the check reads it: a missing, extra or
 * wrongly shaped block is an {@link InvalidCheckInputException} naming the block, its expected
 * shape and what came back. Values are copied when put; reads return fresh copies. Immutable.
 *
 * @since 0.2
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.2")
public final class Outputs extends NamedBlocks {

  private Outputs(Map<String, BlockValue> blocks) {
    super(blocks);
  }

  /**
   * One output.
   *
   * @param name the output's name in the signature
   * @param values its values, row-major (copied)
   * @return outputs holding that block
   */
  public static Outputs of(String name, double[] values) {
    return new Outputs(Map.of()).put(name, values);
  }

  /**
   * One output.
   *
   * @param name the output's name in the signature
   * @param values its values (copied)
   * @return outputs holding that block
   */
  public static Outputs of(String name, DMatrixRMaj values) {
    return new Outputs(Map.of()).put(name, values);
  }

  /**
   * One scalar output.
   *
   * @param name the output's name in the signature
   * @param value its value
   * @return outputs holding that block
   */
  public static Outputs of(String name, double value) {
    return new Outputs(Map.of()).put(name, value);
  }

  /** The upstream gradient of every output of {@code signature}, cut from a flat vector. */
  static Outputs upstream(Signature signature, double[] flat) {
    Map<String, BlockValue> blocks = new java.util.LinkedHashMap<>();
    int offset = 0;
    for (Tensor t : signature.outputs()) {
      double[] data = new double[t.size()];
      System.arraycopy(flat, offset, data, 0, data.length);
      blocks.put(t.name(), new BlockValue(data, t.shape()));
      offset += data.length;
    }
    return new Outputs(blocks);
  }

  /**
   * These outputs and one more (replacing a block of the same name).
   *
   * @param name the output's name in the signature
   * @param values its values, row-major (copied)
   * @return new outputs
   */
  public Outputs put(String name, double[] values) {
    return new Outputs(with(requireName(name), BlockValue.of(name, values)));
  }

  /**
   * These outputs and one more (replacing a block of the same name).
   *
   * @param name the output's name in the signature
   * @param values its values (copied)
   * @return new outputs
   */
  public Outputs put(String name, DMatrixRMaj values) {
    return new Outputs(with(requireName(name), BlockValue.of(name, values)));
  }

  /**
   * These outputs and one more scalar (replacing a block of the same name).
   *
   * @param name the output's name in the signature
   * @param value its value
   * @return new outputs
   */
  public Outputs put(String name, double value) {
    return new Outputs(with(requireName(name), BlockValue.of(value)));
  }
}
