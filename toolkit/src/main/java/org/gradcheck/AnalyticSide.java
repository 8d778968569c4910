package org.gradcheck;

import org.ejml.data.DMatrixRMaj;

/**
 * The user's analytic derivative seen uniformly: whole columns (forward forms), whole rows (reverse
 * forms) and probes vᵀAu. Every call validates the user's result and counts itself.
 */
abstract class AnalyticSide {
  private long calls;
  int m;
  int n;

  /** A full Jacobian (or Hessian) matrix, fetched once. */
  static AnalyticSide jacobian(JacobianFunction jacobian) {
    return new MatrixSide(jacobian);
  }

  /** A backward pass. */
  static AnalyticSide vjp(VectorJacobianProduct vjp) {
    return new ReverseSide(vjp);
  }

  /** A gradient: the backward pass of a scalar function with upstream g = [g0]. */
  static AnalyticSide gradient(GradientFunction gradient) {
    return new ReverseSide(
        (x, g) -> {
          double[] grad = gradient.gradient(x);
          if (grad == null) {
            return null;
          }
          double[] out = new double[grad.length];
          for (int j = 0; j < grad.length; j++) {
            out[j] = grad[j] * g[0];
          }
          return out;
        },
        "gradient");
  }

  /** A forward-mode product (JVP or Hessian-vector product). */
  static AnalyticSide jvp(JacobianVectorProduct jvp) {
    return new ForwardSide(jvp);
  }

  void bind(int m, int n) {
    this.m = m;
    this.n = n;
  }

  /** Calls of the user's derivative so far. */
  long calls() {
    return calls;
  }

  void countCall() {
    calls++;
  }

  /** True if whole columns are cheap (matrix or forward mode), false if rows are (reverse mode). */
  abstract boolean columnWise();

  /** Column j of the analytic Jacobian (length m). */
  abstract double[] column(double[] x, int j);

  /** Row i of the analytic Jacobian (length n). */
  abstract double[] row(double[] x, int i);

  /** A·u (length m), or null when only reverse products are available. */
  abstract double[] forward(double[] x, double[] u);

  /** Aᵀ·v (length n), or null when only forward products are available. */
  abstract double[] reverse(double[] x, double[] v);

  /** Name of the user's derivative in messages. */
  abstract String what();

  /** The user's full matrix if one was fetched (Jacobian or Hessian form), else null. */
  DMatrixRMaj fetchedMatrix() {
    return null;
  }

  /**
   * The whole m×n analytic Jacobian at x as rows, from whichever form the user gave (matrix, m
   * backward passes, or n forward products); for small problems only.
   */
  double[][] dense(double[] x, int m, int n) {
    bind(m, n);
    double[][] out = new double[m][];
    if (columnWise()) {
      for (int i = 0; i < m; i++) {
        out[i] = new double[n];
      }
      for (int j = 0; j < n; j++) {
        double[] col = column(x, j);
        for (int i = 0; i < m; i++) {
          out[i][j] = col[i];
        }
      }
    } else {
      for (int i = 0; i < m; i++) {
        out[i] = row(x, i);
      }
    }
    return out;
  }

  /**
   * The user's derivative called twice with the same arguments (a random upstream or tangent vector
   * drawn from {@code random}, or the whole matrix fetched again), for the reproducibility test of
   * the analytic side: {first, second} as copies.
   */
  abstract double[][] callTwice(double[] x, java.util.SplittableRandom random);

  /** A direction of the given length with Gaussian entries drawn from {@code random}. */
  static double[] gaussian(int length, java.util.SplittableRandom random) {
    double[] d = new double[length];
    for (int k = 0; k < length; k++) {
      d[k] = random.nextGaussian();
    }
    return d;
  }

  /** vᵀ·A·u from whichever product is available. */
  double probe(double[] x, double[] v, double[] u) {
    double[] au = forward(x, u);
    if (au != null) {
      return Vectors.dot(v, au);
    }
    return Vectors.dot(reverse(x, v), u);
  }

  double[] checkedVector(double[] result, int expected, String call, String expectedWhat) {
    if (result == null) {
      throw new InvalidCheckInputException(
          what() + " returned null for " + call + "; expected " + expectedWhat);
    }
    if (result.length != expected) {
      throw new InvalidCheckInputException(
          what()
              + " returned an array of length "
              + result.length
              + " for "
              + call
              + "; expected length "
              + expected
              + " ("
              + expectedWhat
              + ")");
    }
    return result;
  }

  /** A full matrix, fetched on first use and kept (the user's own m×n Jacobian). */
  static final class MatrixSide extends AnalyticSide {
    private final JacobianFunction jacobian;
    private DMatrixRMaj matrix;

    MatrixSide(JacobianFunction jacobian) {
      this.jacobian = jacobian;
    }

    private DMatrixRMaj matrix(double[] x) {
      if (matrix == null) {
        countCall();
        DMatrixRMaj j = jacobian.jacobian(x.clone());
        if (j == null) {
          throw new InvalidCheckInputException(
              "the analytic Jacobian returned null; expected a " + m + "×" + n + " matrix");
        }
        if (j.numRows != m || j.numCols != n) {
          String hint = j.numRows == n && j.numCols == m && m != n ? " (it looks transposed)" : "";
          throw new InvalidCheckInputException(
              "the analytic Jacobian is "
                  + j.numRows
                  + "×"
                  + j.numCols
                  + ", expected "
                  + m
                  + "×"
                  + n
                  + " (m outputs × n inputs)"
                  + hint);
        }
        matrix = j;
      }
      return matrix;
    }

    @Override
    boolean columnWise() {
      return true;
    }

    @Override
    double[] column(double[] x, int j) {
      DMatrixRMaj a = matrix(x);
      double[] c = new double[m];
      for (int i = 0; i < m; i++) {
        c[i] = a.data[i * n + j];
      }
      return c;
    }

    @Override
    double[] row(double[] x, int i) {
      DMatrixRMaj a = matrix(x);
      double[] r = new double[n];
      System.arraycopy(a.data, i * n, r, 0, n);
      return r;
    }

    @Override
    double[] forward(double[] x, double[] u) {
      DMatrixRMaj a = matrix(x);
      double[] out = new double[m];
      for (int i = 0; i < m; i++) {
        double s = 0;
        int base = i * n;
        for (int j = 0; j < n; j++) {
          s += a.data[base + j] * u[j];
        }
        out[i] = s;
      }
      return out;
    }

    @Override
    double[] reverse(double[] x, double[] v) {
      DMatrixRMaj a = matrix(x);
      double[] out = new double[n];
      for (int i = 0; i < m; i++) {
        double vi = v[i];
        if (vi != 0) {
          int base = i * n;
          for (int j = 0; j < n; j++) {
            out[j] += a.data[base + j] * vi;
          }
        }
      }
      return out;
    }

    /** The matrix kept by this check and a fresh second fetch, as flat row-major copies. */
    @Override
    double[][] callTwice(double[] x, java.util.SplittableRandom random) {
      double[] first = matrix(x).data.clone();
      countCall();
      DMatrixRMaj again = jacobian.jacobian(x.clone());
      double[] second =
          again == null || again.numRows != m || again.numCols != n
              ? new double[0]
              : java.util.Arrays.copyOf(again.data, m * n);
      return new double[][] {java.util.Arrays.copyOf(first, m * n), second};
    }

    @Override
    String what() {
      return "the analytic Jacobian";
    }

    @Override
    DMatrixRMaj fetchedMatrix() {
      return matrix;
    }
  }

  /** A backward pass: rows from unit upstream vectors, probes from one backward call. */
  static final class ReverseSide extends AnalyticSide {
    private final VectorJacobianProduct vjp;
    private final String what;

    ReverseSide(VectorJacobianProduct vjp) {
      this(vjp, "the VJP (backward pass)");
    }

    ReverseSide(VectorJacobianProduct vjp, String what) {
      this.vjp = vjp;
      this.what = what;
    }

    @Override
    boolean columnWise() {
      return false;
    }

    @Override
    double[] column(double[] x, int j) {
      throw new UnsupportedOperationException("a backward pass gives rows, not columns");
    }

    @Override
    double[] row(double[] x, int i) {
      double[] e = new double[m];
      e[i] = 1.0;
      return reverse(x, e);
    }

    @Override
    double[] forward(double[] x, double[] u) {
      return null;
    }

    @Override
    double[] reverse(double[] x, double[] v) {
      countCall();
      return checkedVector(
          vjp.apply(x.clone(), v.clone()), n, "an upstream vector", "n = " + n + " inputs");
    }

    @Override
    double[][] callTwice(double[] x, java.util.SplittableRandom random) {
      double[] v = gaussian(m, random);
      return new double[][] {reverse(x, v).clone(), reverse(x, v).clone()};
    }

    @Override
    String what() {
      return what;
    }
  }

  /** A forward-mode product: columns from unit tangents. */
  static final class ForwardSide extends AnalyticSide {
    private final JacobianVectorProduct jvp;

    ForwardSide(JacobianVectorProduct jvp) {
      this.jvp = jvp;
    }

    @Override
    boolean columnWise() {
      return true;
    }

    @Override
    double[] column(double[] x, int j) {
      double[] e = new double[n];
      e[j] = 1.0;
      return forward(x, e);
    }

    @Override
    double[] row(double[] x, int i) {
      throw new UnsupportedOperationException("a forward product gives columns, not rows");
    }

    @Override
    double[] forward(double[] x, double[] u) {
      countCall();
      return checkedVector(
          jvp.apply(x.clone(), u.clone()), m, "a tangent vector", "m = " + m + " outputs");
    }

    @Override
    double[] reverse(double[] x, double[] v) {
      return null;
    }

    @Override
    double[][] callTwice(double[] x, java.util.SplittableRandom random) {
      double[] u = gaussian(n, random);
      return new double[][] {forward(x, u).clone(), forward(x, u).clone()};
    }

    @Override
    String what() {
      return "the JVP (forward product)";
    }
  }
}
