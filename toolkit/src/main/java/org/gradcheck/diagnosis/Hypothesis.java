package org.gradcheck.diagnosis;

import java.util.Objects;
import org.apiguardian.api.API;

/**
 * One hypothesis of a {@link Diagnosis} that fits the compared entries, with its evidence. A check
 * reports it as an {@code org.gradcheck.Finding} of the kind with the same name.
 *
 * @param pattern which kind of mistake fits
 * @param evidence the evidence in plain words, without the {@code diagnosis: title:} prefix
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.2")
public record Hypothesis(Pattern pattern, String evidence) {

  /** Validates both fields. */
  public Hypothesis {
    Objects.requireNonNull(pattern, "pattern");
    Objects.requireNonNull(evidence, "evidence");
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
