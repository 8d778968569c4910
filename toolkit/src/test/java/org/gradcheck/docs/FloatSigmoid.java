package org.gradcheck.docs;

/** A float sigmoid layer for the user guide's float32 section. */
final class FloatSigmoid {
  private FloatSigmoid() {}

  static float[] forward(float[] x) {
    float[] y = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = (float) (1 / (1 + Math.exp(-x[i])));
    }
    return y;
  }

  /** dy/dx = y(1 − y), times the upstream gradient. */
  static float[] backward(float[] x, float[] g) {
    float[] y = forward(x);
    float[] d = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      d[i] = y[i] * (1 - y[i]) * g[i];
    }
    return d;
  }

  /** The same backward pass off by 1e-4 relative: a slip float rounding cannot explain. */
  static float[] backwardOffBy1e4(float[] x, float[] g) {
    float[] d = backward(x, g);
    for (int i = 0; i < d.length; i++) {
      d[i] *= 1.0001f;
    }
    return d;
  }
}
