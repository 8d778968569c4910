package org.gradcheck.samples.layers;

import org.apiguardian.api.API;
import org.ejml.data.DMatrixRMaj;

/**
 * A gated recurrent unit. W (3·hidden×in), U (3·hidden×hidden) and b (3·hidden) stack the update
 * gate z, the reset gate r and the candidate n, in that order (block 0, 1, 2):
 *
 * <pre>
 * z = σ(W_z·x + U_z·h + b_z)      r = σ(W_r·x + U_r·h + b_r)
 * n = tanh(W_n·x + b_n + r ⊙ (U_n·h))
 * h′ = (1 − z) ⊙ n + z ⊙ h
 * </pre>
 *
 * (the reset gate applied after U_n, as in cuDNN and PyTorch).
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.2")
public record GruCell() implements RecurrentCell {

  @Override
  public double[] step(double[] x, double[] h, DMatrixRMaj w, DMatrixRMaj u, double[] b) {
    return gates(x, h, w, u, b).next();
  }

  /**
   * Backward through h′ = (1 − z)n + zh. The pre-activation gradients, stacked like b, are da_z =
   * dh′(h − n)·z(1 − z), da_n = dh′(1 − z)(1 − n²) and da_r = da_n(U_n·h)·r(1 − r); they give dW =
   * da·xᵀ, db = da and dx = Wᵀ·da. U·h enters as U_z·h and U_r·h directly but as r ⊙ U_n·h, so its
   * gradient stacks (da_z, da_r, r ⊙ da_n): dU = that·hᵀ, and dh = Uᵀ·that + z ⊙ dh′.
   */
  @Override
  public StepGrads stepBackward(
      double[] x, double[] h, DMatrixRMaj w, DMatrixRMaj u, double[] b, double[] dNext) {
    Gates g = gates(x, h, w, u, b);
    int hidden = h.length;
    double[] da = new double[3 * hidden];
    double[] dUh = new double[3 * hidden];
    for (int k = 0; k < hidden; k++) {
      double z = g.z()[k];
      double r = g.r()[k];
      double n = g.n()[k];
      double daN = dNext[k] * (1 - z) * (1 - n * n);
      da[k] = dNext[k] * (h[k] - n) * z * (1 - z);
      da[hidden + k] = daN * g.uh()[2 * hidden + k] * r * (1 - r);
      da[2 * hidden + k] = daN;
      dUh[k] = da[k];
      dUh[hidden + k] = da[hidden + k];
      dUh[2 * hidden + k] = daN * r;
    }
    double[] dh = MatVec.transposeTimes(u, dUh);
    for (int k = 0; k < hidden; k++) {
      dh[k] += dNext[k] * g.z()[k];
    }
    return new StepGrads(
        MatVec.transposeTimes(w, da), dh, MatVec.outer(da, x), MatVec.outer(dUh, h), da);
  }

  /** One step's gates and U·h, kept for the backward pass. */
  private record Gates(double[] z, double[] r, double[] n, double[] uh, double[] next) {}

  private static Gates gates(double[] x, double[] h, DMatrixRMaj w, DMatrixRMaj u, double[] b) {
    int hidden = h.length;
    double[] wx = MatVec.times(w, x);
    double[] uh = MatVec.times(u, h);
    double[] z = new double[hidden];
    double[] r = new double[hidden];
    double[] n = new double[hidden];
    double[] next = new double[hidden];
    for (int k = 0; k < hidden; k++) {
      z[k] = Sigmoid.sigmoid(wx[k] + uh[k] + b[k]);
      r[k] = Sigmoid.sigmoid(wx[hidden + k] + uh[hidden + k] + b[hidden + k]);
      n[k] = Math.tanh(wx[2 * hidden + k] + b[2 * hidden + k] + r[k] * uh[2 * hidden + k]);
      next[k] = (1 - z[k]) * n[k] + z[k] * h[k];
    }
    return new Gates(z, r, n, uh, next);
  }
}
