package org.gradcheck.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apiguardian.api.API;

/**
 * Which registered rules a verification covered: for each rule whether it was verified, with which
 * input kinds and how many points, and which rules were never checked — because they declare no
 * input generator or because the configuration did not select them.
 *
 * @param entries one entry per registered rule: the selected ones in registration order, then the
 *     ones not selected
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record Coverage(List<Entry> entries) {

  /** Copies the entries. */
  public Coverage {
    entries = List.copyOf(entries);
  }

  /** How far one rule was covered. */
  @API(status = API.Status.EXPERIMENTAL, since = "0.1")
  public enum State {
    /** Checked, and every check passed. */
    VERIFIED,
    /** Checked, and at least one check failed. */
    FAILED,
    /** Selected but declares no input generator: never checked. */
    NO_GENERATOR,
    /**
     * Selected, but every point came within a declared kink's margin and was skipped ({@link
     * org.gradcheck.KinkPolicy#SKIP}): never checked.
     */
    SKIPPED,
    /** Not selected by the configuration's name filter. */
    NOT_SELECTED
  }

  /**
   * The coverage of one rule.
   *
   * @param ruleName the rule
   * @param state how far it was covered
   * @param pointsByInputKind distinct points checked per input kind
   * @param forms the derivative forms checked
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.1")
  public record Entry(
      String ruleName,
      State state,
      Map<String, Integer> pointsByInputKind,
      Set<DerivativeForm> forms) {
    /** Copies the maps. */
    public Entry {
      pointsByInputKind = Map.copyOf(pointsByInputKind);
      forms = Set.copyOf(forms);
    }

    /** Total distinct points checked. */
    public int points() {
      return pointsByInputKind.values().stream().mapToInt(Integer::intValue).sum();
    }
  }

  /** Names of the rules in the given state. */
  public List<String> rulesIn(State state) {
    return entries.stream().filter(e -> e.state() == state).map(Entry::ruleName).toList();
  }

  /** Names of the rules that were checked and passed. */
  public List<String> verified() {
    return rulesIn(State.VERIFIED);
  }

  /** Names of the rules that declare no input generator (and so were never checked). */
  public List<String> withoutGenerator() {
    return rulesIn(State.NO_GENERATOR);
  }

  /** The entry of the named rule. */
  public Entry entry(String ruleName) {
    return entries.stream()
        .filter(e -> e.ruleName().equals(ruleName))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "no rule named '"
                        + ruleName
                        + "' in this coverage; have "
                        + entries.stream().map(Entry::ruleName).toList()));
  }

  /** An aligned table: rule, state, points, forms, input kinds with their point counts. */
  @Override
  public String toString() {
    int width = entries.stream().mapToInt(e -> e.ruleName().length()).max().orElse(4);
    List<String> lines = new ArrayList<>();
    String format = "%-" + width + "s  %-12s %6s  %-20s %s";
    lines.add(
        String.format(Locale.ROOT, format, "rule", "state", "points", "forms", "input kinds"));
    for (Entry e : entries) {
      List<String> kinds = new ArrayList<>();
      e.pointsByInputKind().entrySet().stream()
          .sorted(Map.Entry.comparingByKey())
          .forEach(k -> kinds.add(k.getValue() + "× " + k.getKey()));
      lines.add(
          String.format(
              Locale.ROOT,
              format,
              e.ruleName(),
              e.state(),
              e.points(),
              e.forms().stream().sorted().toList(),
              String.join("; ", kinds)));
    }
    lines.add(
        verified().size()
            + " of "
            + entries.size()
            + " rules verified; without generator: "
            + withoutGenerator()
            + (rulesIn(State.SKIPPED).isEmpty()
                ? ""
                : "; every point skipped near a kink: " + rulesIn(State.SKIPPED))
            + "; not selected: "
            + rulesIn(State.NOT_SELECTED).size());
    return String.join(System.lineSeparator(), lines);
  }
}
