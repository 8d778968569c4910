package org.gradcheck.samples.layers;

import org.apiguardian.api.API;
import org.ejml.data.DMatrixRMaj;

/**
 * A two-layer perceptron Y = Dense(act(Dense(X, W1, b1)), W2, b2). Its backward pass is the two
 * layers' backward passes chained in reverse order: nothing new to derive, which is the point.
 *
 * @param activation the hidden layer's activation
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.2")
public record Mlp(Activation activation) {

  /** The gradients with respect to X and both layers' weights and biases. */
  public record Grads(
      DMatrixRMaj dX, DMatrixRMaj dW1, double[] db1, DMatrixRMaj dW2, double[] db2) {}

  /** Y (batch×out) for X (batch×in), W1 (hidden×in), b1, W2 (out×hidden), b2. */
  public DMatrixRMaj forward(
      DMatrixRMaj x, DMatrixRMaj w1, double[] b1, DMatrixRMaj w2, double[] b2) {
    return Dense.forward(activation.forward(Dense.forward(x, w1, b1)), w2, b2);
  }

  /** The chain: second layer, activation, first layer. No argument is modified. */
  public Grads backward(
      DMatrixRMaj x, DMatrixRMaj w1, double[] b1, DMatrixRMaj w2, double[] b2, DMatrixRMaj dY) {
    DMatrixRMaj h = Dense.forward(x, w1, b1);
    Dense.Grads second = Dense.backward(activation.forward(h), w2, b2, dY);
    DMatrixRMaj dH = activation.backward(h, second.dX());
    Dense.Grads first = Dense.backward(x, w1, b1, dH);
    return new Grads(first.dX(), first.dW(), first.db(), second.dW(), second.db());
  }
}
