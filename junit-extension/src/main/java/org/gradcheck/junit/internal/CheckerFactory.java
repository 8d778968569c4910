package org.gradcheck.junit.internal;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.gradcheck.GradientChecker;
import org.gradcheck.Mode;
import org.gradcheck.Robustness;
import org.gradcheck.numeric.NumericDifferentiator;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/** Builds the {@link GradientChecker} of a trial from the resolved {@link Settings}. */
final class CheckerFactory {
  /** The numeric methods selectable by name, e.g. {@code @GradientCheck(method = "default")}. */
  private static final Map<String, Supplier<NumericDifferentiator>> METHODS = new TreeMap<>();

  static {
    METHODS.put("default", NumericDifferentiator::defaults);
    METHODS.put("classic", NumericDifferentiator::classic);
    METHODS.put("richardson", NumericDifferentiator::richardson);
  }

  private CheckerFactory() {}

  /** Rejects an unknown method name early, listing the known ones. */
  static void validate(Settings settings) {
    if (settings.method() != null) {
      differentiator(settings.method());
    }
  }

  /** The checker of the trial with seed {@code seed}: checker defaults, then the settings. */
  static GradientChecker checker(Settings settings, long seed) {
    GradientChecker.Builder builder = GradientChecker.builder().seed(seed);
    if (settings.mode() != null) {
      builder.mode(Mode.valueOf(settings.mode().name()));
    }
    if (settings.atol() != null) {
      builder.atol(settings.atol());
    }
    if (settings.rtol() != null) {
      builder.rtol(settings.rtol());
    }
    if (settings.method() != null) {
      builder.differentiator(differentiator(settings.method()));
    }
    if (settings.kinkPolicy() != null) {
      builder.robustness(Robustness.defaults().withKinkPolicy(settings.kinkPolicy()));
    }
    return builder.build();
  }

  private static NumericDifferentiator differentiator(String method) {
    Supplier<NumericDifferentiator> known = METHODS.get(method.toLowerCase(Locale.ROOT));
    if (known == null) {
      throw new ExtensionConfigurationException(
          "numeric method '" + method + "' is unknown; known methods: " + METHODS.keySet());
    }
    return known.get();
  }
}
