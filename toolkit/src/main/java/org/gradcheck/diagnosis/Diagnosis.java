package org.gradcheck.diagnosis;

import java.util.List;
import java.util.Objects;
import org.apiguardian.api.API;
import org.gradcheck.ComparedEntry;
import org.gradcheck.Finding;
import org.gradcheck.Signature;

/**
 * What kind of mistake a failing derivative check shows: the hypotheses (sign flip, constant
 * factor, transposed Jacobian, missing Kronecker-delta or rank-one terms, zero or NaN gradient,
 * errors confined to one input/row/column/entry, a term depending on a constant input) that fit the
 * compared entries, each with its evidence. A pure analysis of numbers already computed: it
 * evaluates nothing. When no hypothesis fits, it says so instead of guessing.
 *
 * <pre>{@code
 * Diagnosis d = Diagnosis.of(report.comparedEntries(), signature, x);
 * d.names(Finding.Kind.SIGN_FLIPPED);   // true for a backward pass with the wrong sign
 * }</pre>
 *
 * @param findings the hypotheses that fit, most specific structural ones first
 * @param comparedEntries how many entries were analysed
 * @param wrongEntries how many of them were outside their tolerance
 */
@API(status = API.Status.EXPERIMENTAL)
public record Diagnosis(List<Finding> findings, int comparedEntries, int wrongEntries) {

  /** The hypotheses every diagnosis tests, in words (used when none fits). */
  public static final String TESTED =
      "sign flip, constant factor, transposed Jacobian, diagonal only, missing rank-one term, zero"
          + " gradient, NaN/Inf, confinement to one input/row/column/entry, a term depending on a"
          + " constant input";

  /** Copies the findings. */
  public Diagnosis {
    findings = List.copyOf(Objects.requireNonNull(findings, "findings"));
  }

  /**
   * Diagnoses the compared entries of one check.
   *
   * @param entries the compared entries (all of them, or at least the wrong ones and some right
   *     ones); not modified
   * @param signature names and shapes of inputs and outputs, or null for anonymous flat indices
   * @param x the point the check ran at (constant inputs such as labels are read from it), or null
   * @return the findings; empty if every entry is within tolerance or if nothing fits
   */
  public static Diagnosis of(List<ComparedEntry> entries, Signature signature, double[] x) {
    return new EntryAnalysis(entries, signature, x).run();
  }

  /** Diagnoses entries without names, shapes or input values. */
  public static Diagnosis of(List<ComparedEntry> entries) {
    return of(entries, null, null);
  }

  /** True if at least one hypothesis fits. */
  public boolean explained() {
    return !findings.isEmpty();
  }

  /** True if a finding of this kind was made. */
  public boolean names(Finding.Kind kind) {
    return findings.stream().anyMatch(f -> f.kind() == kind);
  }

  /**
   * The findings a report carries: those that fit, or one {@link Finding.Kind#NO_KNOWN_PATTERN}
   * saying that nothing does; empty when no entry was wrong.
   */
  public List<Finding> reported() {
    if (wrongEntries == 0) {
      return List.of();
    }
    if (findings.isEmpty()) {
      return List.of(
          new Finding(
              Finding.Kind.NO_KNOWN_PATTERN,
              "no known pattern fits the "
                  + wrongEntries
                  + " wrong of "
                  + comparedEntries
                  + " compared entries (tested: "
                  + TESTED
                  + ")"));
    }
    return findings;
  }

  @Override
  public String toString() {
    if (wrongEntries == 0) {
      return "diagnosis: all " + comparedEntries + " compared entries are within tolerance";
    }
    return String.join("\n", reported().stream().map(Finding::toString).toList());
  }
}
