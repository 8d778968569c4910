package org.gradcheck.samples.layers;

import org.apiguardian.api.API;
import org.ejml.data.DMatrixRMaj;

/**
 * The Elman cell h′ = tanh(W·x + U·h + b), W: hidden×in, U: hidden×hidden, b: hidden. With a = W·x
 * + U·h + b and da = dh′ ⊙ (1 − h′²): dW = da·xᵀ, dU = da·hᵀ, db = da, dx = Wᵀ·da, dh = Uᵀ·da.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.2")
public record RnnCell() implements RecurrentCell {

  @Override
  public double[] step(double[] x, double[] h, DMatrixRMaj w, DMatrixRMaj u, double[] b) {
    double[] wx = MatVec.times(w, x);
    double[] uh = MatVec.times(u, h);
    double[] next = new double[b.length];
    for (int k = 0; k < next.length; k++) {
      next[k] = Math.tanh(wx[k] + uh[k] + b[k]);
    }
    return next;
  }

  @Override
  public StepGrads stepBackward(
      double[] x, double[] h, DMatrixRMaj w, DMatrixRMaj u, double[] b, double[] dNext) {
    double[] next = step(x, h, w, u, b);
    double[] da = new double[next.length];
    for (int k = 0; k < da.length; k++) {
      da[k] = dNext[k] * (1 - next[k] * next[k]);
    }
    return new StepGrads(
        MatVec.transposeTimes(w, da),
        MatVec.transposeTimes(u, da),
        MatVec.outer(da, x),
        MatVec.outer(da, h),
        da);
  }
}
