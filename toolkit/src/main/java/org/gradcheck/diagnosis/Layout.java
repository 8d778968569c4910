package org.gradcheck.diagnosis;

import java.util.List;
import org.apiguardian.api.API;

/**
 * What a {@link Diagnosis} reads of the named, shaped inputs and outputs of the checked function,
 * each laid end to end in one flat vector. {@code org.gradcheck.Signature} is one.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.2")
public interface Layout {

  /** The input blocks in order. */
  List<? extends Block> inputs();

  /** The output blocks in order. */
  List<? extends Block> outputs();

  /** Length of the flat input vector (constants included). */
  int inputSize();

  /** Length of the flat output vector. */
  int outputSize();

  /** Offset of the named input in the flat input vector. */
  int inputOffset(String name);

  /** Offset of the named output in the flat output vector. */
  int outputOffset(String name);

  /** Index in {@link #inputs()} of the block holding flat input index {@code flat}. */
  int inputTensorIndex(int flat);

  /** The label of flat input index {@code flat}, e.g. {@code W[2,3]}. */
  String inputLabel(int flat);

  /** The label of flat output index {@code flat}, e.g. {@code y[1]}. */
  String outputLabel(int flat);

  /** The flat indices of all differentiated (non-constant) inputs, ascending. */
  int[] differentiableInputIndices();

  /** A copy of the named input's block of the flat input vector {@code flat}. */
  double[] inputArray(double[] flat, String name);
}
