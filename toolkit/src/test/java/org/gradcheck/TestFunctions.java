package org.gradcheck;

import java.util.function.Function;
import org.ejml.data.DMatrixRMaj;

/**
 * Functions with exact derivatives for the checker's tests, and the ways a hand-written derivative
 * typically goes wrong.
 */
final class TestFunctions {
  private TestFunctions() {}

  /** The typical mistakes applied to a correct Jacobian (or Hessian). */
  enum Mistake {
    SIGN_FLIP,
    TRANSPOSED,
    FACTOR_TWO,
    MISSING_TERM,
    ONE_WRONG_ENTRY,
    ZERO
  }

  /** Row and column of the entry {@link Mistake#ONE_WRONG_ENTRY} corrupts. */
  static final int WRONG_ROW = 1;

  static final int WRONG_COLUMN = 2;

  /** A fixed non-symmetric 4×4 matrix. */
  static final double[][] A = {
    {0.9, -0.4, 0.3, 0.2},
    {0.1, 0.7, -0.5, 0.6},
    {-0.3, 0.2, 0.8, -0.1},
    {0.5, -0.6, 0.1, 0.4}
  };

  /** Weight of the small regulariser term whose omission is the "missing term". */
  static final double REG = 1e-4;

  static final Signature SQUARE = Signature.builder().input("w", 4).output("y", 4).build();

  /** f(w) = tanh(A w) + REG·w∘w/2 : R⁴ → R⁴ (non-symmetric Jacobian). */
  static double[] square(double[] w) {
    double[] y = new double[4];
    for (int i = 0; i < 4; i++) {
      double s = 0;
      for (int j = 0; j < 4; j++) {
        s += A[i][j] * w[j];
      }
      y[i] = Math.tanh(s) + REG * w[i] * w[i] / 2;
    }
    return y;
  }

  /** J = diag(sech²(A w))·A + REG·diag(w); {@code withTerm = false} drops the REG term. */
  static DMatrixRMaj squareJacobian(double[] w, boolean withTerm) {
    DMatrixRMaj j = new DMatrixRMaj(4, 4);
    for (int i = 0; i < 4; i++) {
      double s = 0;
      for (int k = 0; k < 4; k++) {
        s += A[i][k] * w[k];
      }
      double t = Math.tanh(s);
      for (int k = 0; k < 4; k++) {
        j.set(i, k, (1 - t * t) * A[i][k]);
      }
      if (withTerm) {
        j.add(i, i, REG * w[i]);
      }
    }
    return j;
  }

  /** φ(w) = Σ log cosh((A w)_i) + REG·|w|²/2 : R⁴ → R. */
  static double phi(double[] w) {
    double s = 0;
    for (int i = 0; i < 4; i++) {
      double z = 0;
      for (int j = 0; j < 4; j++) {
        z += A[i][j] * w[j];
      }
      s += Math.log(Math.cosh(z));
    }
    for (double wi : w) {
      s += REG * wi * wi / 2;
    }
    return s;
  }

  /** ∇φ = Aᵀ tanh(A w) + REG·w. */
  static double[] phiGradient(double[] w) {
    double[] g = new double[4];
    for (int i = 0; i < 4; i++) {
      double z = 0;
      for (int j = 0; j < 4; j++) {
        z += A[i][j] * w[j];
      }
      double t = Math.tanh(z);
      for (int j = 0; j < 4; j++) {
        g[j] += A[i][j] * t;
      }
    }
    for (int j = 0; j < 4; j++) {
      g[j] += REG * w[j];
    }
    return g;
  }

  /** ∇²φ = Aᵀ diag(sech²(A w)) A + REG·I; {@code withTerm = false} drops REG·I. */
  static DMatrixRMaj phiHessian(double[] w, boolean withTerm) {
    DMatrixRMaj h = new DMatrixRMaj(4, 4);
    for (int i = 0; i < 4; i++) {
      double z = 0;
      for (int j = 0; j < 4; j++) {
        z += A[i][j] * w[j];
      }
      double t = Math.tanh(z);
      double s2 = 1 - t * t;
      for (int a = 0; a < 4; a++) {
        for (int b = 0; b < 4; b++) {
          h.add(a, b, A[i][a] * s2 * A[i][b]);
        }
      }
    }
    if (withTerm) {
      for (int a = 0; a < 4; a++) {
        h.add(a, a, REG);
      }
    }
    return h;
  }

  /**
   * The derivative as the user would (mis)write it: {@code exact(x, withTerm)} is the correct
   * matrix (with or without the small term), the mistake is applied on top.
   */
  static Function<double[], DMatrixRMaj> broken(
      java.util.function.BiFunction<double[], Boolean, DMatrixRMaj> exact, Mistake mistake) {
    return x -> {
      DMatrixRMaj j = exact.apply(x, mistake != Mistake.MISSING_TERM);
      DMatrixRMaj out = j.copy();
      switch (mistake) {
        case SIGN_FLIP -> scale(out, -1);
        case FACTOR_TWO -> scale(out, 2);
        case ZERO -> out.zero();
        case TRANSPOSED -> org.ejml.dense.row.CommonOps_DDRM.transpose(j, out);
        case ONE_WRONG_ENTRY -> out.add(WRONG_ROW, WRONG_COLUMN, 1e-3);
        case MISSING_TERM -> {}
      }
      return out;
    };
  }

  private static void scale(DMatrixRMaj m, double s) {
    for (int k = 0; k < m.getNumElements(); k++) {
      m.data[k] *= s;
    }
  }

  /** M·u. */
  static double[] times(DMatrixRMaj m, double[] u) {
    double[] out = new double[m.numRows];
    for (int i = 0; i < m.numRows; i++) {
      for (int j = 0; j < m.numCols; j++) {
        out[i] += m.get(i, j) * u[j];
      }
    }
    return out;
  }

  /** Mᵀ·g. */
  static double[] transposeTimes(DMatrixRMaj m, double[] g) {
    double[] out = new double[m.numCols];
    for (int i = 0; i < m.numRows; i++) {
      for (int j = 0; j < m.numCols; j++) {
        out[j] += m.get(i, j) * g[i];
      }
    }
    return out;
  }

  /** softmax(x). */
  static double[] softmax(double[] x) {
    double max = Double.NEGATIVE_INFINITY;
    for (double v : x) {
      max = Math.max(max, v);
    }
    double sum = 0;
    double[] y = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = Math.exp(x[i] - max);
      sum += y[i];
    }
    for (int i = 0; i < x.length; i++) {
      y[i] /= sum;
    }
    return y;
  }

  /** diag(y) − y yᵀ, or the common mistake diag(y(1 − y)) when {@code diagonalOnly}. */
  static DMatrixRMaj softmaxJacobian(double[] x, boolean diagonalOnly) {
    double[] y = softmax(x);
    DMatrixRMaj j = new DMatrixRMaj(y.length, y.length);
    for (int a = 0; a < y.length; a++) {
      for (int b = 0; b < y.length; b++) {
        if (a == b) {
          j.set(a, b, y[a] * (1 - y[a]));
        } else if (!diagonalOnly) {
          j.set(a, b, -y[a] * y[b]);
        }
      }
    }
    return j;
  }

  /** A point with a few coordinates of mixed sign. */
  static double[] point() {
    return new double[] {0.3, -0.7, 1.1, 0.45};
  }
}
