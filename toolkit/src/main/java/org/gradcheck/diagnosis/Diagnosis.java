package org.gradcheck.diagnosis;

import java.util.List;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * What kind of mistake a failing derivative check shows: the hypotheses (sign flip, constant
 * factor, transposed Jacobian, missing Kronecker-delta or rank-one terms, zero or NaN gradient,
 * errors confined to one input/row/column/entry, a term depending on a constant input) that fit the
 * compared entries, each with its evidence. A pure analysis of numbers already computed: it
 * evaluates nothing. When no hypothesis fits, it says so instead of guessing.
 *
 * <p>The hypotheses run on the whole comparison and on each block (output block × input block) of
 * the layout, so a mistake confined to one block of a composed layer is named for that block, and
 * the blocks that are right are said as plainly as those that are wrong. Each hypothesis is one
 * package-private class; FAST probes (entries without a position) are never counted as entries.
 *
 * <pre>{@code
 * Diagnosis d = Diagnosis.of(report.comparedEntries(), signature, x, y);
 * d.names(Pattern.SIGN_FLIPPED);   // true for a backward pass with the wrong sign
 * }</pre>
 *
 * <p>It reads entries, blocks and layouts through its own views ({@link EntryView}, {@link Block},
 * {@link Layout}), which {@code ComparedEntry}, {@code Tensor} and {@code Signature} implement, and
 * answers in its own terms ({@link Hypothesis}); a check turns each into an {@code
 * org.gradcheck.Finding}.
 *
 * @param hypotheses the hypotheses that fit, most specific structural ones first
 * @param comparedEntries how many entries were analysed (FAST probes included)
 * @param wrongEntries how many of them were outside their tolerance
 * @param probes how many of the compared entries are FAST probes or projections, which name no
 *     position
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record Diagnosis(
    List<Hypothesis> hypotheses, int comparedEntries, int wrongEntries, int probes) {

  /** The hypotheses every diagnosis tests, in words (used when none fits). */
  public static final String TESTED =
      "sign flip, constant factor (incl. sizes n, 1/n, √n, 1/√n), transposed Jacobian or matrix"
          + " gradient, diagonal only, wrong activation derivative, reversed/rolled/permuted or"
          + " shifted rows or columns, one batch row, missing rank-one term, zero gradient,"
          + " NaN/Inf, confinement to blocks/one input/row/column/entry, a term depending on a"
          + " constant input";

  /** Copies the hypotheses. */
  public Diagnosis {
    hypotheses = List.copyOf(Objects.requireNonNull(hypotheses, "hypotheses"));
  }

  /**
   * A diagnosis of entries that all name a position (no FAST probes).
   *
   * @param hypotheses the hypotheses that fit
   * @param comparedEntries how many entries were analysed
   * @param wrongEntries how many of them were outside their tolerance
   */
  public Diagnosis(List<Hypothesis> hypotheses, int comparedEntries, int wrongEntries) {
    this(hypotheses, comparedEntries, wrongEntries, 0);
  }

  /**
   * Diagnoses the compared entries of one check.
   *
   * @param entries the compared entries (all of them, or at least the wrong ones and some right
   *     ones); not modified
   * @param layout names and shapes of inputs and outputs (such as a {@code Signature}), or null for
   *     anonymous flat indices
   * @param x the point the check ran at (constant inputs such as labels are read from it), or null
   * @return the hypotheses that fit; empty if every entry is within tolerance or if nothing fits
   */
  public static Diagnosis of(List<? extends EntryView> entries, Layout layout, double[] x) {
    return of(entries, layout, x, null);
  }

  /**
   * Diagnoses the compared entries of one check, knowing also the outputs f(x): an error that is a
   * rank-one term u vᵀ with u ∝ y is then read as a missing term weighted by the outputs (as the
   * −y⟨g, y⟩ of a softmax backward).
   *
   * @param entries the compared entries (all of them, or at least the wrong ones and some right
   *     ones); not modified
   * @param layout names and shapes of inputs and outputs (such as a {@code Signature}), or null for
   *     anonymous flat indices
   * @param x the point the check ran at (constant inputs such as labels are read from it), or null
   * @param y the outputs f(x) at that point, or null (ignored unless of the layout's output size)
   * @return the hypotheses that fit; empty if every entry is within tolerance or if nothing fits
   */
  public static Diagnosis of(
      List<? extends EntryView> entries, Layout layout, double[] x, double[] y) {
    return new EntryAnalysis(entries, layout, x, y).run();
  }

  /** Diagnoses entries without names, shapes or input values. */
  public static Diagnosis of(List<? extends EntryView> entries) {
    return of(entries, null, null);
  }

  /** True if at least one hypothesis fits. */
  public boolean explained() {
    return !hypotheses.isEmpty();
  }

  /** True if a hypothesis of this pattern fits. */
  public boolean names(Pattern pattern) {
    return hypotheses.stream().anyMatch(h -> h.pattern() == pattern);
  }

  /**
   * The hypotheses a report carries: those that fit, or one {@link Pattern#NO_KNOWN_PATTERN} saying
   * that nothing does; empty when no entry was wrong.
   */
  public List<Hypothesis> reported() {
    if (wrongEntries == 0) {
      return List.of();
    }
    if (hypotheses.isEmpty()) {
      return List.of(
          new Hypothesis(
              Pattern.NO_KNOWN_PATTERN,
              Wording.noKnownPattern(wrongEntries, comparedEntries, probes, TESTED)));
    }
    return hypotheses;
  }

  @Override
  public String toString() {
    if (wrongEntries == 0) {
      return "diagnosis: all " + comparedEntries + " compared entries are within tolerance";
    }
    return String.join("\n", reported().stream().map(Hypothesis::toString).toList());
  }
}
