package org.gradcheck;

import java.util.Random;

/**
 * A small fully connected network's loss as a function of its flat parameters: inputs → tanh hidden
 * layer → softmax cross-entropy, over a fixed batch, plus a 1e-4·|θ|²/2 regulariser; with its
 * hand-written backpropagation gradient.
 */
final class SmallNetwork {
  static final double REG = 1e-4;
  private final int in;
  private final int hidden;
  private final int classes;
  private final double[][] batch;
  private final int[] labels;

  SmallNetwork(int in, int hidden, int classes, int batchSize, long seed) {
    this.in = in;
    this.hidden = hidden;
    this.classes = classes;
    Random random = new Random(seed);
    batch = new double[batchSize][in];
    labels = new int[batchSize];
    for (int b = 0; b < batchSize; b++) {
      for (int k = 0; k < in; k++) {
        batch[b][k] = random.nextGaussian();
      }
      labels[b] = random.nextInt(classes);
    }
  }

  int parameterCount() {
    return hidden * in + hidden + classes * hidden + classes;
  }

  Signature signature() {
    return Signature.builder()
        .input("W1", hidden, in)
        .input("b1", hidden)
        .input("W2", classes, hidden)
        .input("b2", classes)
        .output("loss")
        .build();
  }

  double[] initialParameters(long seed) {
    Random random = new Random(seed);
    double[] theta = new double[parameterCount()];
    for (int k = 0; k < theta.length; k++) {
      theta[k] = 0.5 * random.nextGaussian();
    }
    return theta;
  }

  double loss(double[] theta) {
    return run(theta, null);
  }

  double[] gradient(double[] theta) {
    double[] g = new double[theta.length];
    run(theta, g);
    return g;
  }

  /** The loss; when {@code grad} is non-null, also accumulates the gradient into it. */
  private double run(double[] t, double[] grad) {
    int w1 = 0;
    int b1 = w1 + hidden * in;
    int w2 = b1 + hidden;
    int b2 = w2 + classes * hidden;
    double loss = 0;
    double[] h = new double[hidden];
    double[] z = new double[classes];
    double[] dh = new double[hidden];
    for (int b = 0; b < batch.length; b++) {
      double[] xb = batch[b];
      for (int i = 0; i < hidden; i++) {
        double s = t[b1 + i];
        for (int k = 0; k < in; k++) {
          s += t[w1 + i * in + k] * xb[k];
        }
        h[i] = Math.tanh(s);
      }
      double max = Double.NEGATIVE_INFINITY;
      for (int c = 0; c < classes; c++) {
        double s = t[b2 + c];
        for (int i = 0; i < hidden; i++) {
          s += t[w2 + c * hidden + i] * h[i];
        }
        z[c] = s;
        max = Math.max(max, s);
      }
      double sum = 0;
      for (int c = 0; c < classes; c++) {
        sum += Math.exp(z[c] - max);
      }
      loss += (max + Math.log(sum) - z[labels[b]]) / batch.length;
      if (grad != null) {
        java.util.Arrays.fill(dh, 0);
        for (int c = 0; c < classes; c++) {
          double dz = (Math.exp(z[c] - max) / sum - (c == labels[b] ? 1 : 0)) / batch.length;
          grad[b2 + c] += dz;
          for (int i = 0; i < hidden; i++) {
            grad[w2 + c * hidden + i] += dz * h[i];
            dh[i] += dz * t[w2 + c * hidden + i];
          }
        }
        for (int i = 0; i < hidden; i++) {
          double ds = dh[i] * (1 - h[i] * h[i]);
          grad[b1 + i] += ds;
          for (int k = 0; k < in; k++) {
            grad[w1 + i * in + k] += ds * xb[k];
          }
        }
      }
    }
    double reg = 0;
    for (int k = 0; k < t.length; k++) {
      reg += t[k] * t[k];
      if (grad != null) {
        grad[k] += REG * t[k];
      }
    }
    return loss + REG * reg / 2;
  }
}
