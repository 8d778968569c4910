package org.gradcheck.junit.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.gradcheck.generate.ChoiceSequence;
import org.gradcheck.generate.Choices;
import org.gradcheck.generate.TargetedSearch;
import org.gradcheck.property.GradientProperty;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/**
 * What the tries of one {@code @GradientProperty} run share: the settings, the drawn parameters,
 * the targeted search, whether a try failed (which ends the run), the failure database file and the
 * statistics of what the tries covered. Tries run one after another.
 *
 * @see PropertyTry
 */
final class PropertyRun {
  final GradientProperty annotation;
  final Settings settings;
  final PropertyParameters parameters;
  final FailureDatabase database;
  private final TargetedSearch search;
  private boolean failed;
  private ExtensionConfigurationException configurationError;
  private int tries;
  private int triesWithEdgeCases;
  private final List<Double> margins = new ArrayList<>();
  private final Map<String, Integer> shapes = new TreeMap<>();

  PropertyRun(
      GradientProperty annotation,
      Settings settings,
      PropertyParameters parameters,
      FailureDatabase database) {
    this.annotation = annotation;
    this.settings = settings;
    this.parameters = parameters;
    this.database = database;
    this.search =
        annotation.targeted()
            ? new TargetedSearch(annotation.edgeCases(), Math.max(1, settings.trials() / 10))
            : null;
  }

  /** The choices of the try with {@code seed}: random, or a targeted mutation. */
  Choices choices(long seed) {
    return search == null
        ? Choices.random(new java.util.SplittableRandom(seed), annotation.edgeCases())
        : search.next(seed);
  }

  /** True if the last targeted choices mutated an earlier try. */
  boolean lastMutated() {
    return search != null && search.lastMutated();
  }

  boolean failed() {
    return failed;
  }

  /**
   * True if try {@code k} is due: within the tries and none failed yet.
   *
   * @throws ExtensionConfigurationException the configuration error of an earlier try (a filter of
   *     an instance {@code @From} method that rejected everything), which fails the template
   */
  boolean more(int k) {
    if (configurationError != null) {
      throw configurationError;
    }
    return k <= settings.trials() && !failed;
  }

  /** Records a try's configuration error: it ends the run and fails the template. */
  void configurationError(ExtensionConfigurationException e) {
    configurationError = e;
  }

  void markFailed() {
    failed = true;
  }

  /** Records one try: its choices, drawn values and worst margin (NaN if it checked nothing). */
  void observe(ChoiceSequence choices, List<Object> values, double margin) {
    tries++;
    if (choices.edgeCases() > 0) {
      triesWithEdgeCases++;
    }
    if (!Double.isNaN(margin)) {
      margins.add(margin);
    }
    shapes.merge(
        values.stream().map(PropertyParameters::shape).toList().toString(), 1, Integer::sum);
    if (search != null) {
      search.observe(choices, Double.isNaN(margin) ? Double.NEGATIVE_INFINITY : margin);
    }
  }

  /** The statistics of the tries so far, for a report entry. */
  String statistics() {
    StringBuilder out =
        new StringBuilder(String.format(Locale.ROOT, "%d tries; shapes drawn: ", tries));
    int listed = 0;
    for (Map.Entry<String, Integer> e : shapes.entrySet()) {
      if (listed++ == 12) {
        out.append(", … (").append(shapes.size() - 12).append(" more)");
        break;
      }
      out.append(listed == 1 ? "" : ", ").append(e.getKey()).append(" ×").append(e.getValue());
    }
    out.append(
        String.format(
            Locale.ROOT,
            "; edge cases in %d tries (%.1f%%, share %.2f)",
            triesWithEdgeCases,
            tries == 0 ? 0.0 : 100.0 * triesWithEdgeCases / tries,
            annotation.edgeCases()));
    if (annotation.edgeCases() > 0 && triesWithEdgeCases == 0) {
      out.append(" — no try reached an edge case");
    }
    if (margins.isEmpty()) {
      out.append("; no gradient check was recorded, so no margins");
    } else {
      List<Double> sorted = margins.stream().sorted().toList();
      out.append(
          String.format(
              Locale.ROOT,
              "; worst margin (error/allowed) min %.3g, median %.3g, p90 %.3g, max %.3g",
              sorted.get(0),
              sorted.get(sorted.size() / 2),
              sorted.get(Math.min(sorted.size() - 1, (int) (0.9 * sorted.size()))),
              sorted.get(sorted.size() - 1)));
    }
    if (search != null) {
      out.append(String.format(Locale.ROOT, "; targeted, best margin %.3g", search.bestScore()));
    }
    return out.toString();
  }
}
