package org.gradcheck.diagnosis;

import static org.gradcheck.diagnosis.Format.ratio;
import static org.gradcheck.diagnosis.Format.value;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** Tests each hypothesis of {@link Diagnosis} on one set of compared entries. */
final class EntryAnalysis {
  private final List<EntryView> all;
  private final List<EntryView> wrong = new ArrayList<>();
  private final Layout sig;
  private final double[] x;
  private final Map<Long, EntryView> grid = new HashMap<>();

  EntryAnalysis(List<? extends EntryView> entries, Layout layout, double[] x) {
    Objects.requireNonNull(entries, "compared entries");
    List<EntryView> copy = new ArrayList<>(entries.size());
    int maxOut = -1;
    int maxIn = -1;
    for (int k = 0; k < entries.size(); k++) {
      EntryView e = entries.get(k);
      if (e == null) {
        throw new IllegalArgumentException("compared entry " + k + " is null");
      }
      copy.add(e);
      if (!e.withinTolerance()) {
        wrong.add(e);
      }
      maxOut = Math.max(maxOut, e.outputIndex());
      maxIn = Math.max(maxIn, e.inputIndex());
      if (e.outputIndex() >= 0 && e.inputIndex() >= 0) {
        grid.put(key(e.outputIndex(), e.inputIndex()), e);
      }
    }
    this.all = copy;
    Layout s = layout;
    if (s != null && (maxOut >= s.outputSize() || maxIn >= s.inputSize())) {
      s = null; // the entries do not belong to this signature: fall back to flat indices
    }
    if (s == null && maxOut >= 0 && maxIn >= 0) {
      s = new FlatLayout(maxIn + 1, maxOut + 1);
    }
    this.sig = s;
    this.x = x != null && s != null && x.length == s.inputSize() ? x : null;
  }

  private static long key(int output, int input) {
    return ((long) output << 32) | (input & 0xffffffffL);
  }

  Diagnosis run() {
    List<Hypothesis> findings = new ArrayList<>();
    if (wrong.isEmpty()) {
      return new Diagnosis(findings, all.size(), 0);
    }
    nonFinite(findings);
    List<EntryView> finite = all.stream().filter(EntryAnalysis::finite).toList();
    List<Hypothesis> global = relation(finite, "on all " + finite.size() + " entries");
    if (!global.isEmpty()) {
      findings.addAll(global);
      return new Diagnosis(findings, all.size(), wrong.size());
    }
    if (sig != null) {
      blocks(findings);
      transposedMatrixInputs(findings);
      constantTerm(findings);
      confinement(findings);
    }
    return new Diagnosis(findings, all.size(), wrong.size());
  }

  // ---------------------------------------------------------------- entry predicates

  private static boolean finite(EntryView e) {
    return Double.isFinite(e.analytic()) && Double.isFinite(e.numeric());
  }

  /** The tolerance one entry's numbers are compared with. */
  private static double tol(EntryView e) {
    double t = Math.max(e.allowed(), e.numericError());
    return Double.isFinite(t) && t > 0 ? t : 0.0;
  }

  /** The numeric value is clearly distinguishable from zero. */
  private static boolean significant(EntryView e) {
    return finite(e) && Math.abs(e.numeric()) > Math.max(tol(e), 2 * e.numericError());
  }

  private static boolean fits(double observed, double predicted, double tolerance) {
    double d = Math.abs(observed - predicted);
    return d <= tolerance || d <= 1e-12 * Math.max(Math.abs(observed), Math.abs(predicted));
  }

  // ---------------------------------------------------------------- NaN / Inf

  private void nonFinite(List<Hypothesis> findings) {
    int nan = 0;
    int inf = 0;
    int numericAlsoNonFinite = 0;
    EntryView first = null;
    for (EntryView e : all) {
      if (!Double.isFinite(e.analytic())) {
        if (Double.isNaN(e.analytic())) {
          nan++;
        } else {
          inf++;
        }
        if (!Double.isFinite(e.numeric())) {
          numericAlsoNonFinite++;
        }
        if (first == null) {
          first = e;
        }
      }
    }
    if (first == null) {
      return;
    }
    StringBuilder sb = new StringBuilder("analytic is ");
    if (nan > 0) {
      sb.append("NaN on ").append(nan);
    }
    if (inf > 0) {
      sb.append(nan > 0 ? " and infinite on " : "infinite on ").append(inf);
    }
    sb.append(" of ").append(all.size()).append(" entries (first: ").append(first.label());
    sb.append(", numeric ").append(value(first.numeric())).append(")");
    int numericFinite = nan + inf - numericAlsoNonFinite;
    if (numericFinite == nan + inf) {
      sb.append("; the numeric derivative is finite at all of them");
    } else if (numericFinite > 0) {
      sb.append("; the numeric derivative is finite at ").append(numericFinite).append(" of them");
    } else {
      sb.append("; the numeric derivative is not finite there either");
    }
    findings.add(new Hypothesis(Pattern.NON_FINITE, sb.toString()));
  }

  // ---------------------------------------------------------------- zero, sign, factor

  private record Factor(double value, String because) {}

  /** Hypotheses if one scalar relation analytic = c·numeric (c ≠ 1) or analytic = 0 fits all. */
  private List<Hypothesis> relation(List<EntryView> entries, String scope) {
    List<Hypothesis> out = new ArrayList<>();
    if (entries.isEmpty()) {
      return out;
    }
    List<EntryView> significant = entries.stream().filter(EntryAnalysis::significant).toList();
    if (significant.isEmpty()) {
      return out;
    }
    if (entries.stream().allMatch(e -> e.analytic() == 0.0)) {
      EntryView top = significant.get(0);
      for (EntryView e : significant) {
        if (Math.abs(e.numeric()) > Math.abs(top.numeric())) {
          top = e;
        }
      }
      out.add(
          new Hypothesis(
              Pattern.ZERO_GRADIENT,
              "analytic is 0 "
                  + scope
                  + " while |numeric| reaches "
                  + value(Math.abs(top.numeric()))
                  + " (at "
                  + top.label()
                  + "): the backward pass looks unwired"));
      return out;
    }
    if (significant.size() < 2) {
      return out;
    }
    for (Factor f : candidates()) {
      if (fitsFactor(entries, f.value())) {
        String text = "analytic = " + ratio(f.value()) + " × numeric " + scope;
        if (f.value() < 0) {
          out.add(new Hypothesis(Pattern.SIGN_FLIPPED, text));
        }
        if (f.value() != -1.0) {
          out.add(new Hypothesis(Pattern.CONSTANT_FACTOR, text + " (" + f.because() + ")"));
        }
        return out;
      }
    }
    double c = medianRatio(significant);
    if (Double.isFinite(c) && c != 0 && !fits(c, 1.0, 1e-6) && fitsFactor(entries, c)) {
      String text = "analytic = " + ratio(c) + " × numeric " + scope;
      if (c < 0) {
        out.add(new Hypothesis(Pattern.SIGN_FLIPPED, text));
      }
      out.add(
          new Hypothesis(
              Pattern.CONSTANT_FACTOR,
              text + " (a constant factor " + ratio(c) + ", not a simple number or size)"));
    }
    return out;
  }

  private static boolean fitsFactor(List<EntryView> entries, double c) {
    for (EntryView e : entries) {
      if (!fits(e.analytic(), c * e.numeric(), (1 + Math.abs(c)) * tol(e))) {
        return false;
      }
    }
    return true;
  }

  private static double medianRatio(List<EntryView> entries) {
    double[] r = new double[entries.size()];
    for (int k = 0; k < r.length; k++) {
      r[k] = entries.get(k).analytic() / entries.get(k).numeric();
    }
    java.util.Arrays.sort(r);
    return r[r.length / 2];
  }

  /** Simple factors first, then sizes read from the signature (n, m, batch size …). */
  private List<Factor> candidates() {
    Map<Double, String> named = new LinkedHashMap<>();
    named.put(-1.0, "sign flipped");
    named.put(2.0, "factor 2");
    named.put(0.5, "factor ½");
    named.put(-2.0, "sign flipped and factor 2");
    named.put(-0.5, "sign flipped and factor ½");
    if (sig != null) {
      int n = sig.differentiableInputIndices().length;
      addSize(named, n, "n = " + n + ", the number of differentiated inputs");
      addSize(named, sig.outputSize(), "m = " + sig.outputSize() + ", the number of outputs");
      for (Block t : sig.inputs()) {
        describeTensorSizes(named, t, "input");
      }
      for (Block t : sig.outputs()) {
        describeTensorSizes(named, t, "output");
      }
    }
    List<Factor> out = new ArrayList<>();
    named.forEach((v, because) -> out.add(new Factor(v, because)));
    return out;
  }

  private static void describeTensorSizes(Map<Double, String> named, Block t, String kind) {
    int[] shape = t.shape();
    if (shape.length >= 1) {
      addSize(named, t.size(), "the size of " + kind + " " + t.name());
    }
    if (shape.length == 2) {
      addSize(named, shape[0], "the batch size? rows of " + kind + " " + t.name());
      addSize(named, shape[1], "the columns of " + kind + " " + t.name());
    }
  }

  private static void addSize(Map<Double, String> named, int size, String because) {
    if (size <= 2) {
      return;
    }
    name(named, size, "factor " + size, because);
    name(named, 1.0 / size, "factor 1/" + size, "1 / " + because);
    name(named, -size, "sign flipped and factor " + size, because);
    name(named, -1.0 / size, "sign flipped and factor 1/" + size, "1 / " + because);
  }

  private static void name(Map<Double, String> named, double value, String title, String because) {
    named.merge(value, title + " = " + because, (old, add) -> old + " = " + because);
  }

  // ---------------------------------------------------------------- blocks

  /** The dense block ∂(output tensor p)/∂(input tensor q), or null if incomplete or non-finite. */
  private EntryView[][] block(int p, int q) {
    int o0 = sig.outputOffset(sig.outputs().get(p).name());
    int i0 = sig.inputOffset(sig.inputs().get(q).name());
    int rows = sig.outputs().get(p).size();
    int cols = sig.inputs().get(q).size();
    if ((long) rows * cols > 1_000_000) {
      return null;
    }
    EntryView[][] b = new EntryView[rows][cols];
    boolean anyWrong = false;
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        EntryView e = grid.get(key(o0 + i, i0 + j));
        if (e == null || !finite(e)) {
          return null;
        }
        anyWrong |= !e.withinTolerance();
        b[i][j] = e;
      }
    }
    return anyWrong ? b : null;
  }

  private void blocks(List<Hypothesis> findings) {
    for (int p = 0; p < sig.outputs().size(); p++) {
      for (int q = 0; q < sig.inputs().size(); q++) {
        if (sig.inputs().get(q).constant()) {
          continue;
        }
        EntryView[][] b = block(p, q);
        if (b == null) {
          continue;
        }
        String name = "∂" + sig.outputs().get(p).name() + "/∂" + sig.inputs().get(q).name();
        String shape = b.length + "×" + b[0].length;
        if (b.length == b[0].length && b.length >= 2) {
          transposed(findings, b, name, shape);
          diagonalOnly(findings, b, name, shape);
        }
        if (b.length >= 2 && b[0].length >= 2) {
          rankOne(findings, b, name, shape);
        }
      }
    }
  }

  private static void transposed(
      List<Hypothesis> findings, EntryView[][] b, String name, String shape) {
    int n = b.length;
    boolean asymmetric = false;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        double t = tol(b[i][j]) + tol(b[j][i]);
        if (!fits(b[i][j].analytic(), b[j][i].numeric(), t)) {
          return;
        }
        asymmetric |= !fits(b[i][j].numeric(), b[j][i].numeric(), t);
      }
    }
    if (asymmetric) {
      findings.add(
          new Hypothesis(
              Pattern.TRANSPOSED,
              "analytic[i,j] = numeric[j,i] on all "
                  + n * n
                  + " entries of the "
                  + shape
                  + " block "
                  + name
                  + ": the Jacobian is transposed"));
    }
  }

  private static void diagonalOnly(
      List<Hypothesis> findings, EntryView[][] b, String name, String shape) {
    int n = b.length;
    EntryView top = null;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        EntryView e = b[i][j];
        if (i == j) {
          if (!e.withinTolerance()) {
            return;
          }
        } else {
          if (!fits(e.analytic(), 0.0, tol(e))) {
            return;
          }
          if (significant(e) && (top == null || Math.abs(e.numeric()) > Math.abs(top.numeric()))) {
            top = e;
          }
        }
      }
    }
    if (top != null) {
      findings.add(
          new Hypothesis(
              Pattern.DIAGONAL_ONLY,
              "on the "
                  + shape
                  + " block "
                  + name
                  + " the "
                  + n
                  + " diagonal entries match but analytic is 0 on all "
                  + (n * n - n)
                  + " off-diagonal entries while |numeric| reaches "
                  + value(Math.abs(top.numeric()))
                  + " (at "
                  + top.label()
                  + "): the off-diagonal (Kronecker-delta) terms are missing, as in a softmax"
                  + " Jacobian written y(1 − y)"));
    }
  }

  private static void rankOne(
      List<Hypothesis> findings, EntryView[][] b, String name, String shape) {
    int rows = b.length;
    int cols = b[0].length;
    double[][] d = new double[rows][cols];
    int p = 0;
    int q = 0;
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        d[i][j] = b[i][j].analytic() - b[i][j].numeric();
        if (Math.abs(d[i][j]) > Math.abs(d[p][q])) {
          p = i;
          q = j;
        }
      }
    }
    double pivot = d[p][q];
    if (!Double.isFinite(pivot) || pivot == 0) {
      return;
    }
    Set<Integer> wrongRows = new LinkedHashSet<>();
    Set<Integer> wrongCols = new LinkedHashSet<>();
    boolean symmetric = rows == cols;
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        double u = d[i][q];
        double v = d[p][j] / pivot;
        double t =
            3 * (tol(b[i][j]) + Math.abs(v) * tol(b[i][q]) + Math.abs(u / pivot) * tol(b[p][j]));
        if (!fits(d[i][j], u * v, t)) {
          return;
        }
        if (!b[i][j].withinTolerance()) {
          wrongRows.add(i);
          wrongCols.add(j);
        }
        if (symmetric && !fits(d[i][j], d[j][i], tol(b[i][j]) + tol(b[j][i]))) {
          symmetric = false;
        }
      }
    }
    if (wrongRows.size() < 2 || wrongCols.size() < 2) {
      return; // one wrong row or column is a confinement, not a rank-one term
    }
    String text =
        "analytic − numeric is a rank-one matrix u vᵀ on all "
            + rows * cols
            + " entries of the "
            + shape
            + " block "
            + name
            + " (wrong in "
            + wrongRows.size()
            + " rows and "
            + wrongCols.size()
            + " columns)";
    if (symmetric) {
      text += "; it is symmetric (± w wᵀ), as a missing −y yᵀ term in a softmax Jacobian";
    }
    findings.add(new Hypothesis(Pattern.MISSING_RANK_ONE_TERM, text));
  }

  /**
   * The gradient of a matrix input W (r×c) laid out as Wᵀ: the analytic value at flat position k is
   * the numeric one of W[k mod r, k div r], for every output row.
   */
  private void transposedMatrixInputs(List<Hypothesis> findings) {
    for (Block t : sig.inputs()) {
      if (t.constant() || t.rank() != 2 || t.shape()[0] < 2 || t.shape()[1] < 2) {
        continue;
      }
      int r = t.shape()[0];
      int c = t.shape()[1];
      int off = sig.inputOffset(t.name());
      boolean fits = true;
      boolean differs = false;
      boolean anyWrong = false;
      for (int i = 0; i < sig.outputSize() && fits; i++) {
        for (int k = 0; k < r * c && fits; k++) {
          EntryView e = grid.get(key(i, off + k));
          EntryView src = grid.get(key(i, off + (k % r) * c + k / r));
          if (e == null || src == null || !finite(e) || !finite(src)) {
            fits = false;
            break;
          }
          fits = fits(e.analytic(), src.numeric(), tol(e) + tol(src));
          differs |= !fits(e.numeric(), src.numeric(), tol(e) + tol(src));
          anyWrong |= !e.withinTolerance();
        }
      }
      if (fits && differs && anyWrong) {
        findings.add(
            new Hypothesis(
                Pattern.TRANSPOSED,
                "the analytic gradient of "
                    + t.name()
                    + " ("
                    + r
                    + "×"
                    + c
                    + ") is the numeric one laid out as "
                    + t.name()
                    + "ᵀ ("
                    + c
                    + "×"
                    + r
                    + ", row-major) on all its entries: the gradient of a matrix input is"
                    + " transposed"));
      }
    }
  }

  // ---------------------------------------------------------------- constant inputs

  private void constantTerm(List<Hypothesis> findings) {
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
          EntryView[][] b = block(p, q);
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
      String text;
      if (g == 1) {
        text =
            "on "
                + block
                + ", analytic − numeric = "
                + ratio(alphas[0])
                + "·analytic"
                + (betas[0] < 0 ? " − " : " + ")
                + ratio(Math.abs(betas[0]))
                + "·"
                + c.name()
                + " on all "
                + t.size()
                + " entries: the error depends on the constant input "
                + c.name()
                + " (Σ"
                + c.name()
                + " = "
                + value(sums[0])
                + ")";
      } else {
        text =
            "on "
                + block
                + ", in each of the "
                + g
                + " rows analytic − numeric = α·analytic + β·"
                + c.name()
                + " (row 0: α = "
                + ratio(alphas[0])
                + ", β = "
                + ratio(betas[0])
                + "): the error depends on the constant input "
                + c.name()
                + " (row sums of "
                + c.name()
                + " from "
                + value(min(sums))
                + " to "
                + value(max(sums))
                + ")";
      }
      if (assumesUnitSum) {
        text +=
            "; the analytic side assumes Σ"
                + c.name()
                + " = 1"
                + (g > 1 ? " per row" : "")
                + " (as the cross-entropy gradient q − p does; with Σp ≠ 1 the truth is q·Σp − p)";
      }
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
    String text =
        "on "
            + block
            + ", analytic − numeric = "
            + ratio(beta)
            + "·"
            + c.name()
            + (gamma < 0 ? " − " : " + ")
            + ratio(Math.abs(gamma))
            + " on all "
            + len
            + " entries: the error depends on the constant input "
            + c.name()
            + " plus a constant";
    if (Math.abs(beta + gamma) <= 1e-6 * Math.max(1, Math.abs(beta))) {
      text +=
          "; the analytic side is right only where "
              + c.name()
              + " = 1 (as the cross-entropy gradient written q − 1 is: it replaces −"
              + c.name()
              + " by −1, which agrees with the truth q − "
              + c.name()
              + " only at a one-hot label's own index)";
    }
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

  // ---------------------------------------------------------------- confinement

  private void confinement(List<Hypothesis> findings) {
    List<EntryView> located =
        wrong.stream().filter(e -> e.outputIndex() >= 0 && e.inputIndex() >= 0).toList();
    if (located.size() != wrong.size() || grid.size() < 2) {
      return;
    }
    if (located.size() == 1) {
      EntryView e = located.get(0);
      String ratioText =
          finite(e) && e.numeric() != 0 ? ", ratio " + ratio(e.analytic() / e.numeric()) : "";
      findings.add(
          new Hypothesis(
              Pattern.CONFINED_TO_INDEX,
              "only "
                  + e.label()
                  + " is wrong (analytic "
                  + value(e.analytic())
                  + ", numeric "
                  + value(e.numeric())
                  + ratioText
                  + "); the other "
                  + (grid.size() - 1)
                  + " entries are within tolerance"));
      return;
    }
    Set<Integer> tensors = new LinkedHashSet<>();
    Set<Integer> rows = new LinkedHashSet<>();
    Set<Integer> cols = new LinkedHashSet<>();
    for (EntryView e : located) {
      tensors.add(sig.inputTensorIndex(e.inputIndex()));
      rows.add(e.outputIndex());
      cols.add(e.inputIndex());
    }
    if (tensors.size() == 1) {
      int q = tensors.iterator().next();
      Block t = sig.inputs().get(q);
      List<EntryView> inT = select(e -> sig.inputTensorIndex(e.inputIndex()) == q);
      Set<String> others = new LinkedHashSet<>();
      for (EntryView e : grid.values()) {
        int k = sig.inputTensorIndex(e.inputIndex());
        if (k != q) {
          others.add(sig.inputs().get(k).name());
        }
      }
      if (!others.isEmpty()) {
        findings.add(
            new Hypothesis(
                Pattern.CONFINED_TO_INPUT,
                "only input "
                    + t.name()
                    + " is wrong: all "
                    + located.size()
                    + " wrong entries are in "
                    + t.name()
                    + "; the entries of "
                    + String.join(", ", others)
                    + " are within tolerance"));
        findings.addAll(relation(inT, "on the " + inT.size() + " entries of " + t.name()));
      }
      if (t.rank() == 2) {
        tensorLines(findings, located, t, q);
      }
    }
    if (rows.size() == 1) {
      int r = rows.iterator().next();
      List<EntryView> inRow = select(e -> e.outputIndex() == r);
      if (inRow.size() < grid.size()) {
        String name = sig.outputLabel(r);
        findings.add(
            new Hypothesis(
                Pattern.CONFINED_TO_ROW,
                "only output row "
                    + name
                    + " is wrong: all "
                    + located.size()
                    + " wrong entries are in it; the other rows are within tolerance"));
        if (tensors.size() != 1) {
          findings.addAll(relation(inRow, "on the " + inRow.size() + " entries of row " + name));
        }
      }
    }
    if (cols.size() == 1) {
      int c = cols.iterator().next();
      List<EntryView> inCol = select(e -> e.inputIndex() == c);
      if (inCol.size() < grid.size()) {
        String name = sig.inputLabel(c);
        findings.add(
            new Hypothesis(
                Pattern.CONFINED_TO_COLUMN,
                "only column ∂·/∂"
                    + name
                    + " is wrong: all "
                    + located.size()
                    + " wrong entries are in it; the other columns are within tolerance"));
        findings.addAll(relation(inCol, "on the " + inCol.size() + " entries of column " + name));
      }
    }
  }

  /** Wrong entries confined to one row or one column of a matrix-shaped input. */
  private void tensorLines(List<Hypothesis> findings, List<EntryView> located, Block t, int q) {
    int off = sig.inputOffset(t.name());
    int cols = t.shape()[1];
    int rowsOfT = t.shape()[0];
    Set<Integer> tr = new LinkedHashSet<>();
    Set<Integer> tc = new LinkedHashSet<>();
    for (EntryView e : located) {
      tr.add((e.inputIndex() - off) / cols);
      tc.add((e.inputIndex() - off) % cols);
    }
    if (tr.size() == 1 && rowsOfT > 1 && tc.size() > 1) {
      int r = tr.iterator().next();
      findings.add(
          new Hypothesis(
              Pattern.CONFINED_TO_ROW,
              "all "
                  + located.size()
                  + " wrong entries are in row "
                  + r
                  + " of input "
                  + t.name()
                  + " ("
                  + t.name()
                  + "["
                  + r
                  + ",·]); its other rows are within tolerance"));
    }
    if (tc.size() == 1 && cols > 1 && tr.size() > 1) {
      int c = tc.iterator().next();
      findings.add(
          new Hypothesis(
              Pattern.CONFINED_TO_COLUMN,
              "all "
                  + located.size()
                  + " wrong entries are in column "
                  + c
                  + " of input "
                  + t.name()
                  + " ("
                  + t.name()
                  + "[·,"
                  + c
                  + "]); its other columns are within tolerance"));
    }
  }

  private List<EntryView> select(java.util.function.Predicate<EntryView> keep) {
    return grid.values().stream()
        .filter(keep)
        .filter(EntryAnalysis::finite)
        .sorted(
            java.util.Comparator.comparingInt(EntryView::outputIndex)
                .thenComparingInt(EntryView::inputIndex))
        .toList();
  }
}
