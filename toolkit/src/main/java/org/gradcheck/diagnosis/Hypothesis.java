package org.gradcheck.diagnosis;

import java.util.List;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * One hypothesis of a {@link Diagnosis} that fits the compared entries, with its evidence. A check
 * reports it as an {@code org.gradcheck.Finding} of the kind with the same name.
 *
 * @param pattern which kind of mistake fits
 * @param evidence the evidence in plain words, without the {@code diagnosis: title:} prefix
 * @param blocks the blocks it concerns, as the evidence names them ({@code W}, or {@code ∂y/∂W}
 *     when there are several outputs); empty when it concerns the whole comparison or single
 *     entries
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.2")
public record Hypothesis(Pattern pattern, String evidence, List<String> blocks) {

  /** Validates the fields and copies the blocks. */
  public Hypothesis {
    Objects.requireNonNull(pattern, "pattern");
    Objects.requireNonNull(evidence, "evidence");
    blocks = List.copyOf(Objects.requireNonNull(blocks, "blocks"));
  }

  /**
   * A hypothesis about the whole comparison or single entries, concerning no particular block.
   *
   * @param pattern which kind of mistake fits
   * @param evidence the evidence in plain words
   */
  public Hypothesis(Pattern pattern, String evidence) {
    this(pattern, evidence, List.of());
  }

  /**
   * The same hypothesis, concerning these blocks.
   *
   * @param concerned the blocks' names
   * @return a copy with {@link #blocks()} set
   */
  public Hypothesis about(List<String> concerned) {
    return new Hypothesis(pattern, evidence, concerned);
  }

  /**
   * The report line: {@code diagnosis: sign flipped: <evidence>}, or {@code diagnosis: <evidence>}
   * for {@link Pattern#NO_KNOWN_PATTERN}, whose evidence says so itself.
   */
  @Override
  public String toString() {
    return pattern == Pattern.NO_KNOWN_PATTERN
        ? "diagnosis: " + evidence
        : "diagnosis: " + pattern.title() + ": " + evidence;
  }
}
