package org.gradcheck.samples;

import org.gradcheck.Signature;

/**
 * Softmax followed by cross-entropy on logits, J = −Σ p_i log q_i with q = softmax(z), for soft
 * labels p that need not sum to 1. The gradient is ∂J/∂z_k = q_k·Σp − p_k; the common shortcut q −
 * p is right only when Σp = 1. Labels are a constant input: carried in x, never differentiated.
 */
public final class SoftmaxCrossEntropy {
  private final Signature signature;
  private final int classes;

  /** A loss over {@code classes} logits. */
  public SoftmaxCrossEntropy(int classes) {
    this.classes = classes;
    this.signature =
        Signature.builder().input("z", classes).constant("p", classes).output("loss").build();
  }

  /** Logits z then labels p, as one flat vector. */
  public Signature signature() {
    return signature;
  }

  /** The loss; stable for logits of any magnitude (log-sum-exp with the maximum subtracted). */
  public double loss(double[] flat) {
    double max = Double.NEGATIVE_INFINITY;
    for (int k = 0; k < classes; k++) {
      max = Math.max(max, flat[k]);
    }
    double sum = 0;
    for (int k = 0; k < classes; k++) {
      sum += Math.exp(flat[k] - max);
    }
    double logSumExp = max + Math.log(sum);
    double loss = 0;
    for (int k = 0; k < classes; k++) {
      loss -= flat[classes + k] * (flat[k] - logSumExp);
    }
    return loss;
  }

  /** The right gradient with respect to (z, p): (q·Σp − p, 0 for the constant labels). */
  public double[] gradient(double[] flat) {
    return gradient(flat, false);
  }

  /** The shortcut q − p, right only when the labels sum to 1. */
  public double[] gradientAssumingNormalisedLabels(double[] flat) {
    return gradient(flat, true);
  }

  private double[] gradient(double[] flat, boolean assumeNormalised) {
    double[] q = softmax(flat);
    double sumP = 0;
    for (int k = 0; k < classes; k++) {
      sumP += flat[classes + k];
    }
    double scale = assumeNormalised ? 1.0 : sumP;
    double[] grad = new double[2 * classes];
    for (int k = 0; k < classes; k++) {
      grad[k] = q[k] * scale - flat[classes + k];
    }
    return grad;
  }

  private double[] softmax(double[] flat) {
    double max = Double.NEGATIVE_INFINITY;
    for (int k = 0; k < classes; k++) {
      max = Math.max(max, flat[k]);
    }
    double[] q = new double[classes];
    double sum = 0;
    for (int k = 0; k < classes; k++) {
      q[k] = Math.exp(flat[k] - max);
      sum += q[k];
    }
    for (int k = 0; k < classes; k++) {
      q[k] /= sum;
    }
    return q;
  }
}
