package org.gradcheck.samples.layers;

import static org.gradcheck.hamcrest.GradientMatchers.elementsCloseTo;
import static org.gradcheck.hamcrest.GradientMatchers.failsGradientCheckWith;
import static org.gradcheck.hamcrest.GradientMatchers.matchesNumericGradientOf;
import static org.gradcheck.hamcrest.GradientMatchers.matchesNumericJacobianOf;
import static org.gradcheck.hamcrest.GradientMatchers.matchesNumericJvpOf;
import static org.gradcheck.hamcrest.GradientMatchers.matchesNumericVjpOf;
import static org.gradcheck.hamcrest.GradientMatchers.passesGradientCheck;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.not;

import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.gradcheck.Finding;
import org.gradcheck.GradientChecker;
import org.gradcheck.Inputs;
import org.gradcheck.samples.NamedLayers;
import org.gradcheck.samples.NamedLayers.Layer;
import org.gradcheck.samples.broken.BrokenRnnCell;
import org.gradcheck.samples.broken.BrokenSoftmaxCrossEntropy;
import org.junit.jupiter.api.Test;

/**
 * Hamcrest assertions on the layers' derivatives: the analytic value on the left, the numeric one
 * computed by the matcher from the forward pass on the right, each both ways (the right derivative
 * matches, a wrong one does not). The matchers take flat functions, so each test wraps its flat
 * vector into the layer's EJML matrix with {@code DMatrixRMaj.wrap}.
 */
class LayerMatchersTest {
  private final SplittableRandom seeded = new SplittableRandom(7); // per test: order-free

  private DMatrixRMaj random(int rows, int cols, double scale) {
    DMatrixRMaj m = new DMatrixRMaj(rows, cols);
    for (int i = 0; i < m.data.length; i++) {
      m.data[i] = scale * (2 * seeded.nextDouble() - 1);
    }
    return m;
  }

  @Test
  void softmaxJacobianIsDiagQMinusQQt() {
    double[] z = {0.3, -1.2, 2.0, 0.5};
    double[] q = Softmax.forward(DMatrixRMaj.wrap(1, 4, z)).data;
    DMatrixRMaj jacobian = new DMatrixRMaj(4, 4);
    DMatrixRMaj diagonalOnly = new DMatrixRMaj(4, 4);
    for (int i = 0; i < 4; i++) {
      for (int j = 0; j < 4; j++) {
        jacobian.set(i, j, (i == j ? q[i] : 0) - q[i] * q[j]); // ∂q_i/∂z_j
      }
      diagonalOnly.set(i, i, q[i] * (1 - q[i])); // forgets the off-diagonal −q_i·q_j
    }
    var numeric = matchesNumericJacobianOf(v -> Softmax.forward(DMatrixRMaj.wrap(1, 4, v)).data);
    assertThat(jacobian, numeric.at(z));
    assertThat(diagonalOnly, not(numeric.at(z)));
  }

  @Test
  void crossEntropyGradientWithUnnormalisedSoftLabels() {
    DMatrixRMaj z = random(2, 4, 3);
    DMatrixRMaj p = random(2, 4, 1); // labels that do not sum to 1
    CommonOps_DDRM.abs(p);
    var numeric =
        matchesNumericGradientOf(v -> SoftmaxCrossEntropy.forward(DMatrixRMaj.wrap(2, 4, v), p));
    assertThat(SoftmaxCrossEntropy.backward(z, p, 1).data, numeric.at(z.data));
    assertThat(
        BrokenSoftmaxCrossEntropy.backwardAssumingNormalisedLabels(z, p, 1).data,
        not(numeric.at(z.data)));
  }

  @Test
  void conv2dInputGradientIsAVjp() {
    Conv2d conv = new Conv2d(1);
    DMatrixRMaj x = random(4, 5, 1);
    DMatrixRMaj k = random(2, 3, 1);
    DMatrixRMaj dY = random(5, 5, 1); // (4 + 2 − 2 + 1) × (5 + 2 − 3 + 1)
    var numeric = matchesNumericVjpOf(v -> conv.forward(DMatrixRMaj.wrap(4, 5, v), k, 0.5).data);
    assertThat(conv.backward(x, k, 0.5, dY).dX().data, numeric.at(x.data, dY.data));
    // the classic slip: the kernel gradient where the input gradient belongs
    DMatrixRMaj swapped = new DMatrixRMaj(4, 5);
    CommonOps_DDRM.insert(conv.backward(x, k, 0.5, dY).dK(), swapped, 0, 0);
    assertThat(swapped.data, not(numeric.at(x.data, dY.data)));
  }

  @Test
  void attentionIsLinearInTheValues() {
    // Y = A·V with A = softmax(Q·Kᵀ/√d) independent of V: the JVP along dV is A·dV = Y(Q, K, dV)
    DMatrixRMaj q = random(2, 3, 1.5);
    DMatrixRMaj k = random(4, 3, 1.5);
    DMatrixRMaj v = random(4, 2, 1);
    DMatrixRMaj dV = random(4, 2, 1);
    var numeric =
        matchesNumericJvpOf(flat -> Attention.forward(q, k, DMatrixRMaj.wrap(4, 2, flat)).data);
    assertThat(Attention.forward(q, k, dV).data, numeric.at(v.data, dV.data));
    assertThat(Attention.forward(k, k, dV).data, not(numeric.at(v.data, dV.data)));
  }

  @Test
  void weightDecayGradientIsLambdaW() {
    DMatrixRMaj w = random(3, 4, 2);
    DMatrixRMaj lambdaW = w.copy();
    CommonOps_DDRM.scale(0.1, lambdaW);
    assertThat(WeightDecay.backward(w, 0.1, 1), elementsCloseTo(lambdaW, 1e-15));
    assertThat(
        WeightDecay.backward(w, 0.1, 1).data,
        matchesNumericGradientOf(v -> WeightDecay.forward(DMatrixRMaj.wrap(3, 4, v), 0.1))
            .named(NamedLayers.weightDecay(3, 4, 0.1).signature()) // a failure names ∂R/∂W[i,j]
            .at(w.data));
  }

  @Test
  void reportsOfNamedChecksAsMatchers() {
    Layer gru = NamedLayers.recurrent(new GruCell(), 3, 2, 2);
    Inputs at = gru.point(seeded);
    GradientChecker checker = GradientChecker.defaults();
    assertThat(
        checker.checkVjp(gru.signature(), gru.forward(), gru.backward(), at),
        passesGradientCheck());
    Layer broken = NamedLayers.recurrent(new BrokenRnnCell(), 4, 2, 3);
    assertThat(
        checker.checkVjp(
            broken.signature(), broken.forward(), broken.backward(), broken.point(seeded)),
        failsGradientCheckWith(Finding.Kind.CONFINED_TO_BLOCKS));
  }
}
