package org.gradcheck.diagnosis;

import static org.gradcheck.diagnosis.Grid.fits;
import static org.gradcheck.diagnosis.Grid.tol;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One scalar relation over a set of entries: analytic = 0 (unwired), analytic = −numeric (sign
 * flip), analytic = c·numeric for a simple c or a declared size n, √n, 1/n, 1/√n, or any constant.
 */
final class ScalarRelation implements BlockHypothesis {
  private record Factor(double value, String title, List<Wording.Reason> reasons) {}

  private final List<Factor> candidates;

  ScalarRelation(Layout layout) {
    this.candidates = candidates(layout);
  }

  @Override
  public List<Hypothesis> test(Region block) {
    return test(block.entries(), Wording.ofBlock(block.size(), block.name()));
  }

  /** Hypotheses if one scalar relation analytic = c·numeric (c ≠ 1) or analytic = 0 fits all. */
  List<Hypothesis> test(List<EntryView> entries, String scope) {
    List<Hypothesis> out = new ArrayList<>();
    List<EntryView> significant = entries.stream().filter(Grid::significant).toList();
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
              Pattern.ZERO_GRADIENT, Wording.zero(scope, Math.abs(top.numeric()), top.label())));
      return out;
    }
    if (significant.size() < 2) {
      return out;
    }
    for (Factor f : candidates) {
      if (fitsFactor(entries, f.value())) {
        String text = Wording.factor(f.value(), scope);
        if (f.value() < 0) {
          out.add(new Hypothesis(Pattern.SIGN_FLIPPED, text));
        }
        if (f.value() != -1.0) {
          out.add(
              new Hypothesis(
                  Pattern.CONSTANT_FACTOR,
                  Wording.withReason(text, Wording.factorReason(f.title(), f.reasons()))));
        }
        return out;
      }
    }
    double c = medianRatio(significant);
    if (Double.isFinite(c) && c != 0 && !fits(c, 1.0, 1e-6) && fitsFactor(entries, c)) {
      String text = Wording.factor(c, scope);
      if (c < 0) {
        out.add(new Hypothesis(Pattern.SIGN_FLIPPED, text));
      }
      out.add(
          new Hypothesis(Pattern.CONSTANT_FACTOR, Wording.withReason(text, Wording.oddFactor(c))));
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
    Arrays.sort(r);
    return r[r.length / 2];
  }

  /** Simple factors first, then sizes read from the layout (n, m, batch size, √d …). */
  private static List<Factor> candidates(Layout layout) {
    Map<Double, Factor> named = new LinkedHashMap<>();
    simple(named, -1.0, "sign flipped");
    simple(named, 2.0, "factor 2");
    simple(named, 0.5, "factor ½");
    simple(named, -2.0, "sign flipped and factor 2");
    simple(named, -0.5, "sign flipped and factor ½");
    if (layout != null) {
      int n = layout.differentiableInputIndices().length;
      addSize(
          named, n, new Wording.Reason("n = " + n + ", the number of differentiated inputs", ""));
      addSize(
          named,
          layout.outputSize(),
          new Wording.Reason("m = " + layout.outputSize() + ", the number of outputs", ""));
      for (Block t : layout.inputs()) {
        describe(named, t, "input");
      }
      for (Block t : layout.outputs()) {
        describe(named, t, "output");
      }
    }
    return List.copyOf(named.values());
  }

  private static void simple(Map<Double, Factor> named, double value, String title) {
    named.put(value, new Factor(value, title, new ArrayList<>()));
  }

  private static void describe(Map<Double, Factor> named, Block t, String kind) {
    int[] shape = t.shape();
    String block = kind + " " + t.name();
    if (shape.length >= 1) {
      addSize(named, t.size(), new Wording.Reason("the size of", block));
    }
    if (shape.length == 2) {
      addSize(named, shape[0], new Wording.Reason("the number of rows of", block));
      addSize(named, shape[1], new Wording.Reason("the number of columns of", block));
    }
  }

  private static void addSize(Map<Double, Factor> named, int size, Wording.Reason reason) {
    if (size <= 2) {
      return;
    }
    Wording.Reason root = new Wording.Reason("√ of " + reason.what(), reason.block());
    name(named, size, "factor " + size, reason);
    name(named, 1.0 / size, "factor 1/" + size, reason);
    name(named, -size, "sign flipped and factor " + size, reason);
    name(named, -1.0 / size, "sign flipped and factor 1/" + size, reason);
    double r = Math.sqrt(size);
    name(named, r, "factor √" + size, root);
    name(named, 1 / r, "factor 1/√" + size, root);
  }

  private static void name(
      Map<Double, Factor> named, double value, String title, Wording.Reason r) {
    named.computeIfAbsent(value, v -> new Factor(v, title, new ArrayList<>())).reasons().add(r);
  }
}
