package org.gradcheck.diagnosis;

import org.apiguardian.api.API;

/**
 * What a {@link Diagnosis} reads of one named, shaped block of a flat input or output vector
 * (row-major). {@code org.gradcheck.Tensor} is one.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.2")
public interface Block {

  /** The name used in evidence, e.g. {@code W}. */
  String name();

  /** The dimensions; empty for a scalar. */
  int[] shape();

  /** Number of scalars in the block. */
  int size();

  /** The rank: 0 for a scalar, 1 for a vector, 2 for a matrix. */
  int rank();

  /** True for a constant input (labels, masks), which is carried but never differentiated. */
  boolean constant();
}
