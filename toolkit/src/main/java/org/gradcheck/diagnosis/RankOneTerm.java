package org.gradcheck.diagnosis;

import static org.gradcheck.diagnosis.Grid.fits;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * analytic − numeric = u vᵀ on a block, wrong in at least two rows and two columns; read further
 * when v is constant (a missing mean term), v follows the input's values (a missing term weighted
 * by them), u follows the outputs y (a missing term weighted by the outputs, as −y⟨g, y⟩ in a
 * softmax backward), u is constant, or the error is symmetric (a missing −y yᵀ).
 */
final class RankOneTerm implements BlockHypothesis {
  @Override
  public List<Hypothesis> test(Region b) {
    int rows = b.rows();
    int cols = b.cols();
    if (rows < 2 || cols < 2) {
      return List.of();
    }
    double[][] d = new double[rows][cols];
    int p = 0;
    int q = 0;
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        d[i][j] = b.analytic(i, j) - b.numeric(i, j);
        if (Math.abs(d[i][j]) > Math.abs(d[p][q])) {
          p = i;
          q = j;
        }
      }
    }
    double pivot = d[p][q];
    if (!Double.isFinite(pivot) || pivot == 0) {
      return List.of();
    }
    Set<Integer> wrongRows = new LinkedHashSet<>();
    Set<Integer> wrongCols = new LinkedHashSet<>();
    boolean symmetric = rows == cols;
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        double u = d[i][q];
        double v = d[p][j] / pivot;
        double t =
            3 * (b.tol(i, j) + Math.abs(v) * b.tol(i, q) + Math.abs(u / pivot) * b.tol(p, j));
        if (!fits(d[i][j], u * v, t)) {
          return List.of();
        }
        if (!b.at(i, j).withinTolerance()) {
          wrongRows.add(i);
          wrongCols.add(j);
        }
        if (symmetric && !fits(d[i][j], d[j][i], b.tol(i, j) + b.tol(j, i))) {
          symmetric = false;
        }
      }
    }
    if (wrongRows.size() < 2 || wrongCols.size() < 2) {
      return List.of(); // one wrong row or column is a confinement, not a rank-one term
    }
    String reading = "";
    double[] ones = new double[cols];
    java.util.Arrays.fill(ones, 1.0);
    double[] xs = b.inputValues();
    if (proportional(d[p], ones, b, p, q)) {
      reading = Wording.rankOneMean(b.input().name());
    } else if (xs != null
        && xs.length == cols
        && (proportional(d[p], xs, b, p, q) || proportional(d[p], centred(xs), b, p, q))) {
      reading = Wording.rankOneWeighted(b.input().name());
    } else if (outputWeighted(d, b, p, q)) {
      reading = Wording.rankOneOutputs(b.output().name(), symmetric);
    } else if (symmetric) {
      reading = Wording.RANK_ONE_SYMMETRIC;
    } else {
      double[] column = new double[rows];
      double[] rowOnes = new double[rows];
      for (int i = 0; i < rows; i++) {
        column[i] = d[i][q];
        rowOnes[i] = 1.0;
      }
      if (proportional(column, rowOnes, b.transposed(), q, p)) {
        reading = Wording.rankOneRows();
      }
    }
    return List.of(
        new Hypothesis(
            Pattern.MISSING_RANK_ONE_TERM,
            Wording.rankOne(b, wrongRows.size(), wrongCols.size(), reading)));
  }

  /**
   * True if column q of the error (u, one value per output row) is c·y for the output block's
   * values y at the point, with y not constant (a constant u is read as a term missing from all
   * outputs alike).
   */
  private static boolean outputWeighted(double[][] d, Region b, int p, int q) {
    double[] ys = b.outputValues();
    if (ys == null || ys.length != d.length) {
      return false;
    }
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (double v : ys) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    if (!(hi - lo > 1e-9 * Math.max(Math.abs(hi), Math.abs(lo)))) {
      return false;
    }
    double[] u = new double[d.length];
    for (int i = 0; i < d.length; i++) {
      u[i] = d[i][q];
    }
    return proportional(u, ys, b.transposed(), q, p);
  }

  /**
   * True if row {@code d} (row p of the error) is c·{@code shape} within the entries' tolerance.
   */
  private static boolean proportional(double[] d, double[] shape, Region b, int p, int q) {
    if (shape[q] == 0) {
      return false;
    }
    double c = d[q] / shape[q];
    for (int j = 0; j < d.length; j++) {
      if (!fits(
          d[j], c * shape[j], 3 * (b.tol(p, j) + Math.abs(shape[j] / shape[q]) * b.tol(p, q)))) {
        return false;
      }
    }
    return true;
  }

  private static double[] centred(double[] v) {
    double mean = 0;
    for (double a : v) {
      mean += a / v.length;
    }
    double[] out = new double[v.length];
    for (int j = 0; j < v.length; j++) {
      out[j] = v[j] - mean;
    }
    return out;
  }
}
