package org.gradcheck.diagnosis;

import static org.gradcheck.diagnosis.Grid.fits;
import static org.gradcheck.diagnosis.Grid.tol;

import java.util.List;

/**
 * The error is a term that depends on a constant input (labels, masks): analytic − numeric =
 * α·analytic + β·c (the cross-entropy gradient assuming Σp = 1), or β·c + γ (q − 1 for q − p).
 */
final class ConstantTerm {
  private ConstantTerm() {}

  static void test(Grid grid, List<Hypothesis> findings) {
    Layout sig = grid.layout();
    double[] x = grid.x();
    if (x == null) {
      return;
    }
    for (Block c : sig.inputs()) {
      if (!c.constant()) {
        continue;
      }
      double[] cv = sig.inputArray(x, c.name());
      for (int q = 0; q < sig.inputs().size(); q++) {
        Block t = sig.inputs().get(q);
        if (t.constant() || t.size() != c.size()) {
          continue;
        }
        for (int p = 0; p < sig.outputs().size(); p++) {
          Region r = grid.block(p, q);
          EntryView[][] b = r == null || r.wrongCount() == 0 ? null : r.cells();
          if (b != null) {
            int before = findings.size();
            constantTermOn(findings, b, c, cv, t, sig.outputs().get(p));
            if (findings.size() == before) {
              constantOffsetOn(findings, b, c, cv, t, sig.outputs().get(p));
            }
          }
        }
      }
    }
  }

  private static void constantTermOn(
      List<Hypothesis> findings, EntryView[][] b, Block c, double[] cv, Block t, Block out) {
    int[] shape = t.shape();
    int groups = shape.length == 2 ? shape[0] : 1;
    for (int mode = 0; mode < (groups > 1 ? 2 : 1); mode++) {
      int g = mode == 0 ? 1 : groups;
      int len = t.size() / g;
      if (len < 4) {
        continue;
      }
      double[] alphas = new double[g];
      double[] betas = new double[g];
      double[] sums = new double[g];
      boolean ok = true;
      for (int row = 0; row < b.length && ok; row++) {
        for (int k = 0; k < g && ok; k++) {
          double[] fit = fitOnConstant(b[row], cv, k * len, len);
          if (fit == null) {
            ok = false;
          } else {
            alphas[k] = fit[0];
            betas[k] = fit[1];
            sums[k] = 0;
            for (int j = k * len; j < (k + 1) * len; j++) {
              sums[k] += cv[j];
            }
          }
        }
      }
      if (!ok) {
        continue;
      }
      boolean assumesUnitSum = true;
      for (int k = 0; k < g; k++) {
        double expect = 1 - sums[k];
        double scale = Math.max(1e-8, Math.abs(expect));
        assumesUnitSum &=
            Math.abs(alphas[k] - expect) <= 1e-6 * Math.max(1, scale) + 1e-3 * scale
                && Math.abs(betas[k] - expect) <= 1e-6 * Math.max(1, scale) + 1e-3 * scale;
      }
      String block = "∂" + out.name() + "/∂" + t.name();
      String text =
          g == 1
              ? Wording.constantTerm(
                  block, alphas[0], betas[0], c.name(), t.size(), sums[0], assumesUnitSum)
              : Wording.constantTermPerRow(
                  block, g, alphas[0], betas[0], c.name(), min(sums), max(sums), assumesUnitSum);
      findings.add(new Hypothesis(Pattern.MISSING_CONSTANT_TERM, text));
      return;
    }
  }

  /**
   * The error is an affine function of a constant input, analytic − numeric = β·c + γ with γ ≠ 0,
   * the same in every output row: a term of the constant input replaced by a constant, as in the
   * cross-entropy gradient written q − 1 (right only where the label p is 1).
   */
  private static void constantOffsetOn(
      List<Hypothesis> findings, EntryView[][] b, Block c, double[] cv, Block t, Block out) {
    int len = t.size();
    if (len < 3) {
      return;
    }
    double beta = Double.NaN;
    double gamma = Double.NaN;
    for (EntryView[] row : b) {
      double[] fit = fitOffset(row, cv, len);
      if (fit == null
          || (!Double.isNaN(beta)
              && (Math.abs(fit[0] - beta) > 1e-6 * Math.max(1, Math.abs(beta))
                  || Math.abs(fit[1] - gamma) > 1e-6 * Math.max(1, Math.abs(gamma))))) {
        return;
      }
      beta = fit[0];
      gamma = fit[1];
    }
    if (Double.isNaN(beta)) {
      return;
    }
    String block = "∂" + out.name() + "/∂" + t.name();
    boolean onlyWhereOne = Math.abs(beta + gamma) <= 1e-6 * Math.max(1, Math.abs(beta));
    String text = Wording.constantOffset(block, beta, gamma, c.name(), len, onlyWhereOne);
    findings.add(new Hypothesis(Pattern.MISSING_CONSTANT_TERM, text));
  }

  /**
   * Fits analytic − numeric = β·c + γ on the first {@code len} entries of one row; returns {β, γ}
   * if the fit is exact within tolerance, some entry is wrong, and both β and γ matter.
   */
  private static double[] fitOffset(EntryView[] row, double[] c, int len) {
    double sc = 0;
    double scc = 0;
    double sd = 0;
    double scd = 0;
    boolean anyWrong = false;
    for (int j = 0; j < len; j++) {
      EntryView e = row[j];
      double d = e.analytic() - e.numeric();
      sc += c[j];
      scc += c[j] * c[j];
      sd += d;
      scd += c[j] * d;
      anyWrong |= !e.withinTolerance();
    }
    double det = len * scc - sc * sc;
    if (!anyWrong || !(det > 1e-10 * len * scc) || !Double.isFinite(det)) {
      return null; // c is (nearly) constant: β and γ cannot be told apart
    }
    double beta = (len * scd - sc * sd) / det;
    double gamma = (sd - beta * sc) / len;
    boolean betaMatters = false;
    for (int j = 0; j < len; j++) {
      EntryView e = row[j];
      double d = e.analytic() - e.numeric();
      double t = 2 * tol(e);
      if (!fits(d, beta * c[j] + gamma, t)) {
        return null;
      }
      betaMatters |= Math.abs(beta * c[j]) > 2 * t;
    }
    return betaMatters && Math.abs(gamma) > 1e-12 ? new double[] {beta, gamma} : null;
  }

  private static double min(double[] v) {
    double m = Double.POSITIVE_INFINITY;
    for (double d : v) {
      m = Math.min(m, d);
    }
    return m;
  }

  private static double max(double[] v) {
    double m = Double.NEGATIVE_INFINITY;
    for (double d : v) {
      m = Math.max(m, d);
    }
    return m;
  }

  /**
   * Fits analytic − numeric = α·analytic + β·c on entries [from, from + len) of one row; returns
   * {α, β} if the fit is exact within tolerance, β matters and α alone does not explain it.
   */
  private static double[] fitOnConstant(EntryView[] row, double[] c, int from, int len) {
    double aa = 0;
    double ac = 0;
    double cc = 0;
    double ad = 0;
    double cd = 0;
    boolean anyWrong = false;
    for (int j = from; j < from + len; j++) {
      EntryView e = row[j];
      double a = e.analytic();
      double d = a - e.numeric();
      aa += a * a;
      ac += a * c[j];
      cc += c[j] * c[j];
      ad += a * d;
      cd += c[j] * d;
      anyWrong |= !e.withinTolerance();
    }
    if (!anyWrong) {
      return null;
    }
    double det = aa * cc - ac * ac;
    if (!(det > 1e-10 * aa * cc) || !Double.isFinite(det)) {
      return null; // analytic and c are (nearly) parallel: the split is not identifiable
    }
    double alpha = (ad * cc - cd * ac) / det;
    double beta = (aa * cd - ac * ad) / det;
    boolean betaMatters = false;
    for (int j = from; j < from + len; j++) {
      EntryView e = row[j];
      double d = e.analytic() - e.numeric();
      double t = 2 * tol(e) * (1 + Math.abs(alpha));
      if (!fits(d, alpha * e.analytic() + beta * c[j], t)) {
        return null;
      }
      betaMatters |= Math.abs(beta * c[j]) > 2 * t;
    }
    return betaMatters ? new double[] {alpha, beta} : null;
  }
}
