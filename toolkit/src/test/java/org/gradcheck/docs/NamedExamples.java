package org.gradcheck.docs;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.gradcheck.Gradients;
import org.gradcheck.NamedBackward;
import org.gradcheck.NamedFunction;
import org.gradcheck.NamedGradient;
import org.gradcheck.NamedLoss;
import org.gradcheck.Outputs;
import org.gradcheck.Signature;

/**
 * The worked examples of the user guide's "Named inputs" section, as the guide shows them: a dense
 * layer X·W + b and a softmax cross-entropy loss with a constant soft label. {@link
 * NamedFormsGuideTest} runs them as the guide does; {@code NamedFormsTest} checks every named form
 * against them, both ways.
 */
public final class NamedExamples {
  private NamedExamples() {}

  /** Y = X·W + b: X is batch×in, W in×out, b has out values, Y is batch×out. */
  public static final Signature DENSE =
      Signature.builder().input("X", 4, 3).input("W", 3, 3).input("b", 3).output("Y", 4, 3).build();

  public static final NamedFunction DENSE_FORWARD =
      in -> {
        DMatrixRMaj x = in.matrix("X");
        DMatrixRMaj w = in.matrix("W");
        double[] b = in.array("b");
        DMatrixRMaj y = new DMatrixRMaj(x.numRows, w.numCols);
        CommonOps_DDRM.mult(x, w, y);
        for (int i = 0; i < y.numRows; i++) {
          for (int k = 0; k < y.numCols; k++) {
            y.add(i, k, b[k]);
          }
        }
        return Outputs.of("Y", y);
      };

  public static final NamedBackward DENSE_BACKWARD =
      (in, up) -> {
        DMatrixRMaj x = in.matrix("X");
        DMatrixRMaj w = in.matrix("W");
        DMatrixRMaj g = up.matrix("Y"); // ∂L/∂Y, batch×out
        DMatrixRMaj dx = new DMatrixRMaj(x.numRows, x.numCols);
        CommonOps_DDRM.multTransB(g, w, dx); // ∂L/∂X = G·Wᵀ
        DMatrixRMaj dw = new DMatrixRMaj(w.numRows, w.numCols);
        CommonOps_DDRM.multTransA(x, g, dw); // ∂L/∂W = Xᵀ·G
        DMatrixRMaj db = CommonOps_DDRM.sumCols(g, null); // ∂L/∂b = column sums of G (1×out)
        return Gradients.of("X", dx).put("W", dw).put("b", db);
      };

  /** L = −Σ pᵢ·log softmax(z)ᵢ with soft labels p (a constant: read, never differentiated). */
  public static final Signature CROSS_ENTROPY =
      Signature.builder().input("z", 5).constant("p", 5).output("loss").build();

  public static final NamedLoss CROSS_ENTROPY_LOSS =
      in -> {
        double[] q = softmax(in.array("z"));
        double[] p = in.array("p");
        double loss = 0;
        for (int i = 0; i < q.length; i++) {
          loss -= p[i] * Math.log(q[i]);
        }
        return loss;
      };

  public static final NamedGradient CROSS_ENTROPY_GRADIENT =
      in -> {
        double[] dz = softmax(in.array("z"));
        double[] p = in.array("p");
        for (int i = 0; i < dz.length; i++) {
          dz[i] -= p[i]; // ∂L/∂z = q − p, since Σ p = 1
        }
        return Gradients.of("z", dz); // no block for the constant p
      };

  static double[] softmax(double[] z) {
    double max = Double.NEGATIVE_INFINITY;
    for (double v : z) {
      max = Math.max(max, v);
    }
    double[] q = new double[z.length];
    double sum = 0;
    for (int i = 0; i < z.length; i++) {
      q[i] = Math.exp(z[i] - max);
      sum += q[i];
    }
    for (int i = 0; i < z.length; i++) {
      q[i] /= sum;
    }
    return q;
  }

  /** A fixed point of {@link #DENSE}: X, W, b with no special structure. */
  public static double[] denseValues(int count, double scale, double shift) {
    double[] v = new double[count];
    for (int i = 0; i < count; i++) {
      v[i] = scale * Math.sin(1.3 * i + shift);
    }
    return v;
  }
}
