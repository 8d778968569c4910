package org.gradcheck.float32;

import org.apiguardian.api.API;

/** A single-precision map f: R^n → R^m (a float32 layer's forward pass). {@code x} is read only. */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
@FunctionalInterface
public interface FloatVectorFunction {
  /** Evaluates f at {@code x}; returns a fresh array of a fixed length m. */
  float[] apply(float[] x);
}
