package org.gradcheck.float32;

import org.apiguardian.api.API;

/** A single-precision scalar function R^n → R, typically a float32 loss. {@code x} is read only. */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
@FunctionalInterface
public interface FloatScalarFunction {
  /** Evaluates f at {@code x}. */
  float apply(float[] x);
}
