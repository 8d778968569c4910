package org.gradcheck.diagnosis;

import static org.gradcheck.diagnosis.Format.ratio;
import static org.gradcheck.diagnosis.Format.value;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one place a diagnosis renders text: every hypothesis's evidence is a sentence built here from
 * the numbers a hypothesis found, so the sentences agree with each other in their terms (an entry
 * is a position of the Jacobian, a probe is not; a block is named once, the same way).
 */
final class Wording {
  private Wording() {}

  /** One reason a number is a declared size: {@code what} of {@code block}, or a whole phrase. */
  record Reason(String what, String block) {}

  // ---------------------------------------------------------------- scopes

  /** "on all 12 entries", "on all 4 probes", "on all 20 entries and 4 probes". */
  static String whole(int entries, int probes) {
    if (probes == 0) {
      return "on all " + entries + " entries";
    }
    if (entries == 0) {
      return "on all " + probes + " probes";
    }
    return "on all " + entries + " entries and " + probes + " probes";
  }

  static String ofBlock(int entries, String block) {
    return "on the " + entries + " entries of " + block;
  }

  static String ofRow(int entries, String row) {
    return "on the " + entries + " entries of row " + row;
  }

  static String ofColumn(int entries, String column) {
    return "on the " + entries + " entries of column " + column;
  }

  // ---------------------------------------------------------------- zero, sign, factor

  static String zero(String scope, double top, String at) {
    return "analytic is 0 "
        + scope
        + " while |numeric| reaches "
        + value(top)
        + " (at "
        + at
        + "): the backward pass looks unwired";
  }

  static String factor(double c, String scope) {
    return "analytic = " + ratio(c) + " × numeric " + scope;
  }

  /** The factor's name and why, e.g. {@code factor 8 = the number of rows of input X}. */
  static String factorReason(String title, List<Reason> reasons) {
    if (reasons.isEmpty()) {
      return title;
    }
    Map<String, StringBuilder> grouped = new LinkedHashMap<>();
    for (Reason r : reasons) {
      StringBuilder sb = grouped.get(r.what());
      if (sb == null) {
        grouped.put(
            r.what(),
            new StringBuilder(r.what()).append(r.block().isEmpty() ? "" : " ").append(r.block()));
      } else if (!r.block().isEmpty() && sb.indexOf(r.block()) < 0) {
        sb.append(" and of ").append(r.block());
      }
    }
    return title
        + " = "
        + String.join(", also ", grouped.values().stream().map(StringBuilder::toString).toList());
  }

  static String oddFactor(double c) {
    return "a constant factor " + ratio(c) + ", not a simple number or size";
  }

  static String withReason(String text, String reason) {
    return text + " (" + reason + ")";
  }

  // ---------------------------------------------------------------- NaN / Inf

  static String nonFinite(int nan, int inf, int total, EntryView first, int numericFinite) {
    StringBuilder sb = new StringBuilder("analytic is ");
    if (nan > 0) {
      sb.append("NaN on ").append(nan);
    }
    if (inf > 0) {
      sb.append(nan > 0 ? " and infinite on " : "infinite on ").append(inf);
    }
    sb.append(" of ").append(total).append(" entries (first: ").append(first.label());
    sb.append(", numeric ").append(value(first.numeric())).append(")");
    if (numericFinite == nan + inf) {
      sb.append("; the numeric derivative is finite at all of them");
    } else if (numericFinite > 0) {
      sb.append("; the numeric derivative is finite at ").append(numericFinite).append(" of them");
    } else {
      sb.append("; the numeric derivative is not finite there either");
    }
    return sb.toString();
  }

  // ---------------------------------------------------------------- block structure

  static String transposedBlock(Region b) {
    return "analytic[i,j] = numeric[j,i] on all "
        + b.size()
        + " entries of the "
        + b.shape()
        + " block "
        + b.name()
        + ": the Jacobian is transposed";
  }

  static String scaledTransposed(Region b) {
    return "analytic = D numericᵀ D⁻¹ for a diagonal D on all "
        + b.size()
        + " entries of the "
        + b.shape()
        + " block "
        + b.name()
        + ": a matrix is transposed inside an elementwise factor, as diag(g) Wᵀ written for"
        + " diag(g) W";
  }

  static String transposedMatrixInput(Region b, int r, int c) {
    String t = b.input().name();
    return "the analytic gradient of "
        + t
        + " ("
        + r
        + "×"
        + c
        + ") is the numeric one laid out as "
        + t
        + "ᵀ ("
        + c
        + "×"
        + r
        + ", row-major) on all "
        + b.size()
        + " entries of "
        + b.name()
        + ": the gradient of a matrix input is transposed";
  }

  static String diagonalOnly(Region b, double top, String at) {
    int n = b.rows();
    return "on the "
        + b.shape()
        + " block "
        + b.name()
        + " the "
        + n
        + " diagonal entries match but analytic is 0 on all "
        + (n * n - n)
        + " off-diagonal entries while |numeric| reaches "
        + value(top)
        + " (at "
        + at
        + "): the off-diagonal (Kronecker-delta) terms are missing, as in a softmax"
        + " Jacobian written y(1 − y)";
  }

  static String rankOne(Region b, int wrongRows, int wrongCols, String reading) {
    return "analytic − numeric is a rank-one matrix u vᵀ on all "
        + b.size()
        + " entries of the "
        + b.shape()
        + " block "
        + b.name()
        + " (wrong in "
        + wrongRows
        + " rows and "
        + wrongCols
        + " columns)"
        + (reading.isEmpty() ? "" : "; " + reading);
  }

  static final String RANK_ONE_SYMMETRIC =
      "it is symmetric (± w wᵀ), as a missing −y yᵀ term in a softmax Jacobian";

  static String rankOneMean(String block) {
    return "v is constant (v ∝ 1): each output's error is the same on every entry of "
        + block
        + ", as a missing mean term (−mean(g), as in layer or batch norm)";
  }

  static String rankOneWeighted(String block) {
    return "v ∝ the values of "
        + block
        + ": a missing term weighted by "
        + block
        + " (as −x̂·mean(g·x̂) in layer norm)";
  }

  static String rankOneOutputs(String output, boolean symmetric) {
    return "u ∝ the outputs "
        + output
        + ": a missing term weighted by the outputs "
        + output
        + " (as −y⟨g, y⟩ in a softmax backward or a normalisation's y-weighted term)"
        + (symmetric ? "; the error is symmetric (± w wᵀ), as a missing −y yᵀ" : "");
  }

  static String rankOneRows() {
    return "u is constant (u ∝ 1): every output row has the same error, a term missing from all"
        + " outputs alike";
  }

  static String permuted(Region b, String what, String how) {
    return "analytic = numeric with the "
        + what
        + " of the "
        + b.shape()
        + " block "
        + b.name()
        + " "
        + how
        + ", on all its "
        + b.size()
        + " entries";
  }

  static String permutedAmong(Region b, String how) {
    return "analytic = numeric with the "
        + b.cols()
        + " compared columns of block "
        + b.name()
        + " "
        + how
        + ", on all their "
        + b.size()
        + " entries (the other columns of "
        + b.input().name()
        + " were skipped, as at kinks)";
  }

  static String reversedHow(String what) {
    return "reversed (first ↔ last), as a kernel gradient taken with the kernel flipped";
  }

  static String reversedWithinRows(String t) {
    return "reversed within each row of "
        + t
        + ", as a kernel gradient taken with the kernel flipped";
  }

  static String rolledHow(int k) {
    return "rolled by " + k + " (cyclically), as an index that wraps around";
  }

  static String permutedHow(String mapping) {
    return "permuted (" + mapping + ")";
  }

  static String shifted(Region b, String what, int k, int matched, String unit) {
    return "on the "
        + b.shape()
        + " block "
        + b.name()
        + " analytic = numeric with its "
        + what
        + " shifted by "
        + Math.abs(k)
        + " "
        + unit
        + " (analytic at each position is numeric "
        + Math.abs(k)
        + " "
        + unit
        + (k < 0 ? " earlier" : " later")
        + ", on all "
        + matched
        + " entries where that position exists): padding ignored or an off-by-one index, a"
        + " gradient scattered to the wrong position";
  }

  static String oneBatchRow(Region b, int used, int groups, int width) {
    return "on "
        + b.name()
        + " only batch row "
        + used
        + " of "
        + b.output().name()
        + " ("
        + groups
        + "×"
        + width
        + ") is right and analytic is 0 on the other "
        + (groups - 1)
        + ": the gradient takes one batch row instead of summing over the batch";
  }

  static String wrongActivation(Region b, String activation, String wrote, String truth) {
    return "on the elementwise block "
        + b.name()
        + ", analytic / numeric on each of its "
        + b.rows()
        + " diagonal entries is ("
        + wrote
        + ") / ("
        + truth
        + ") for "
        + activation
        + " at the point: the derivative written "
        + wrote
        + " instead of "
        + truth;
  }

  // ---------------------------------------------------------------- blocks right and wrong

  static String blocks(List<String> wrong, List<String> right, List<String> counts) {
    return join(wrong)
        + (wrong.size() == 1 ? " is wrong, " : " are wrong, ")
        + join(right)
        + (right.size() == 1 ? " is right" : " are right")
        + " ("
        + String.join(", ", counts)
        + ")";
  }

  static String blockCount(String name, int wrong, int total) {
    return name + ": " + wrong + " of " + total + " wrong";
  }

  private static String join(List<String> names) {
    if (names.size() == 1) {
      return names.get(0);
    }
    return String.join(", ", names.subList(0, names.size() - 1))
        + " and "
        + names.get(names.size() - 1);
  }

  // ---------------------------------------------------------------- constant inputs

  static String constantTerm(
      String block, double alpha, double beta, String c, int size, double sum, boolean unit) {
    return "on "
        + block
        + ", analytic − numeric = "
        + ratio(alpha)
        + "·analytic"
        + (beta < 0 ? " − " : " + ")
        + ratio(Math.abs(beta))
        + "·"
        + c
        + " on all "
        + size
        + " entries: the error depends on the constant input "
        + c
        + " (Σ"
        + c
        + " = "
        + value(sum)
        + ")"
        + (unit ? unitSum(c, false) : "");
  }

  static String constantTermPerRow(
      String block,
      int g,
      double alpha0,
      double beta0,
      String c,
      double min,
      double max,
      boolean unit) {
    return "on "
        + block
        + ", in each of the "
        + g
        + " rows analytic − numeric = α·analytic + β·"
        + c
        + " (row 0: α = "
        + ratio(alpha0)
        + ", β = "
        + ratio(beta0)
        + "): the error depends on the constant input "
        + c
        + " (row sums of "
        + c
        + " from "
        + value(min)
        + " to "
        + value(max)
        + ")"
        + (unit ? unitSum(c, true) : "");
  }

  private static String unitSum(String c, boolean perRow) {
    return "; the analytic side assumes Σ"
        + c
        + " = 1"
        + (perRow ? " per row" : "")
        + " (as the cross-entropy gradient q − p does; with Σp ≠ 1 the truth is q·Σp − p)";
  }

  static String constantOffset(
      String block, double beta, double gamma, String c, int len, boolean onlyWhereOne) {
    String text =
        "on "
            + block
            + ", analytic − numeric = "
            + ratio(beta)
            + "·"
            + c
            + (gamma < 0 ? " − " : " + ")
            + ratio(Math.abs(gamma))
            + " on all "
            + len
            + " entries: the error depends on the constant input "
            + c
            + " plus a constant";
    if (onlyWhereOne) {
      text +=
          "; the analytic side is right only where "
              + c
              + " = 1 (as the cross-entropy gradient written q − 1 is: it replaces −"
              + c
              + " by −1, which agrees with the truth q − "
              + c
              + " only at a one-hot label's own index)";
    }
    return text;
  }

  // ---------------------------------------------------------------- confinement

  static String oneEntry(EntryView e, int others) {
    String ratioText =
        Grid.finite(e) && e.numeric() != 0 ? ", ratio " + ratio(e.analytic() / e.numeric()) : "";
    return "only "
        + e.label()
        + " is wrong (analytic "
        + value(e.analytic())
        + ", numeric "
        + value(e.numeric())
        + ratioText
        + "); the other "
        + others
        + " entries are within tolerance";
  }

  static String oneInput(String name, int wrong, List<String> others) {
    return "only input "
        + name
        + " is wrong: all "
        + wrong
        + " wrong entries are in "
        + name
        + "; the entries of "
        + String.join(", ", others)
        + " are within tolerance";
  }

  static String oneOutputRow(String name, int wrong) {
    return only("output row " + name, wrong, "rows");
  }

  static String oneColumn(String name, int wrong) {
    return only("column ∂·/∂" + name, wrong, "columns");
  }

  private static String only(String what, int wrong, String others) {
    return "only "
        + what
        + " is wrong: all "
        + wrong
        + " wrong entries are in it; the other "
        + others
        + " are within tolerance";
  }

  static String rowOfInput(int wrong, int r, String t) {
    return lineOfInput(wrong, "row " + r, t, t + "[" + r + ",·]", "rows");
  }

  static String columnOfInput(int wrong, int c, String t) {
    return lineOfInput(wrong, "column " + c, t, t + "[·," + c + "]", "columns");
  }

  private static String lineOfInput(int wrong, String line, String t, String slice, String others) {
    return "all "
        + wrong
        + " wrong entries are in "
        + line
        + " of input "
        + t
        + " ("
        + slice
        + "); its other "
        + others
        + " are within tolerance";
  }

  static String noKnownPattern(int wrong, int compared, int probes, String tested) {
    return "no known pattern fits the "
        + wrong
        + " wrong of "
        + (probes == 0
            ? compared + " compared entries"
            : compared
                + " compared ("
                + (compared - probes)
                + (compared - probes == 1 ? " entry, " : " entries, ")
                + probes
                + " probes)")
        + " (tested: "
        + tested
        + ")";
  }
}
