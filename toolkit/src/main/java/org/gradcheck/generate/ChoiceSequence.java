package org.gradcheck.generate;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * The choices one value was drawn from, in order: replaying them with {@link Choices#replay}
 * redraws the value exactly. Ordered by simplicity ("shortlex"): a shorter sequence is simpler, and
 * of two sequences of equal length the one whose first differing choice is {@linkplain
 * Choice#compareSimplicity simpler} is simpler.
 *
 * @param choices the choices, oldest first
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.2")
public record ChoiceSequence(List<Choice> choices) {

  /** Copies the list. */
  public ChoiceSequence {
    choices = List.copyOf(Objects.requireNonNull(choices, "choices"));
  }

  /** The number of choices. */
  public int size() {
    return choices.size();
  }

  /** True if this sequence is strictly simpler than {@code other}. */
  public boolean simplerThan(ChoiceSequence other) {
    if (size() != other.size()) {
      return size() < other.size();
    }
    for (int i = 0; i < size(); i++) {
      int c = choices.get(i).compareSimplicity(other.choices.get(i));
      if (c != 0) {
        return c < 0;
      }
    }
    return false;
  }

  /** How many edge cases were taken (edge choices with a non-zero value). */
  public int edgeCases() {
    return (int)
        choices.stream().filter(c -> c.kind() == Choice.Kind.EDGE && c.value() != 0).count();
  }

  /**
   * One line per choice, {@code KIND lo hi value} with exact hexadecimal doubles; {@link #parse}
   * reads it back.
   */
  public String text() {
    StringBuilder out = new StringBuilder();
    for (Choice c : choices) {
      out.append(c.kind())
          .append(' ')
          .append(Double.toHexString(c.lo()))
          .append(' ')
          .append(Double.toHexString(c.hi()))
          .append(' ')
          .append(Double.toHexString(c.value()))
          .append('\n');
    }
    return out.toString();
  }

  /**
   * Reads the form written by {@link #text()}; blank lines and lines starting with {@code #} are
   * skipped.
   *
   * @throws IllegalArgumentException naming the line that is not a choice
   */
  public static ChoiceSequence parse(String text) {
    List<Choice> out = new ArrayList<>();
    String[] lines = text.split("\n");
    for (int k = 0; k < lines.length; k++) {
      String line = lines[k].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] f = line.split(" ");
      try {
        if (f.length != 4) {
          throw new IllegalArgumentException("expected 4 fields, got " + f.length);
        }
        out.add(
            new Choice(
                Choice.Kind.valueOf(f[0]),
                Double.parseDouble(f[1]),
                Double.parseDouble(f[2]),
                Double.parseDouble(f[3])));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "line "
                + (k + 1)
                + " '"
                + line
                + "' is not a choice (KIND lo hi value): "
                + e.getMessage(),
            e);
      }
    }
    return new ChoiceSequence(out);
  }
}
