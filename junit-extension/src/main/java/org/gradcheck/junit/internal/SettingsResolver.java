package org.gradcheck.junit.internal;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.gradcheck.KinkPolicy;
import org.gradcheck.junit.CheckMode;
import org.gradcheck.junit.GradientCheck;
import org.gradcheck.junit.GradientCheckConfig;
import org.gradcheck.property.GradientProperty;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Resolves the {@link Settings} of a {@code @GradientCheck} or {@code @GradientProperty} method:
 * the {@code gradcheck.seed} override, then the method's attributes, then class-level {@link
 * GradientCheckConfig} (innermost class first), then the other {@code gradcheck.*} configuration
 * parameters, then defaults. A property's {@code tries} and {@code name} are always set on the
 * method; it has no {@code mode}, {@code method} or {@code kinkPolicy} of its own, so those come
 * from the class or the configuration parameters.
 */
final class SettingsResolver {
  static final String SEED = "gradcheck.seed";
  static final String TRIALS = "gradcheck.trials";
  static final String MODE = "gradcheck.mode";
  static final String METHOD = "gradcheck.method";
  static final String ATOL = "gradcheck.atol";
  static final String RTOL = "gradcheck.rtol";
  static final String KINK_POLICY = "gradcheck.kinkPolicy";
  static final String NAME = "gradcheck.name";

  private final ExtensionContext context;
  private final OnMethod onMethod;
  private final List<GradientCheckConfig> classConfigs = new ArrayList<>();
  private final List<String> classSources = new ArrayList<>();

  private SettingsResolver(ExtensionContext context, OnMethod onMethod) {
    this.context = context;
    this.onMethod = onMethod;
    List<Class<?>> seen = new ArrayList<>();
    for (ExtensionContext c = context; c != null; c = c.getParent().orElse(null)) {
      Optional<Class<?>> type = c.getTestClass();
      if (type.isPresent() && !seen.contains(type.get())) {
        seen.add(type.get());
        AnnotationSupport.findAnnotation(type.get(), GradientCheckConfig.class)
            .ifPresent(
                config -> {
                  classConfigs.add(config);
                  classSources.add("@GradientCheckConfig on " + type.get().getName());
                });
      }
    }
  }

  /** "MyTest.method(double[], GradientChecker)". */
  static String describe(Method method) {
    String params =
        Arrays.stream(method.getParameterTypes())
            .map(Class::getSimpleName)
            .collect(Collectors.joining(", "));
    return method.getDeclaringClass().getSimpleName() + "." + method.getName() + "(" + params + ")";
  }

  /**
   * Resolves and validates the settings of the {@code @GradientCheck} method of {@code context}.
   */
  static Settings resolve(ExtensionContext context) {
    Method method = context.getRequiredTestMethod();
    GradientCheck a =
        AnnotationSupport.findAnnotation(method, GradientCheck.class)
            .orElseThrow(
                () ->
                    new ExtensionConfigurationException(
                        describe(method) + " is not annotated with @GradientCheck"));
    return new SettingsResolver(
            context,
            new OnMethod(
                "@GradientCheck on " + describe(method),
                a.trials(),
                a.seed(),
                a.mode(),
                a.method(),
                a.atol(),
                a.rtol(),
                a.kinkPolicy(),
                a.name()))
        .resolve();
  }

  /**
   * Resolves and validates the settings of the {@code @GradientProperty} method of {@code context}:
   * its tries (validated by the caller) as trials, its seed, tolerances and name, and everything
   * else as for {@code @GradientCheck}.
   */
  static Settings resolve(ExtensionContext context, GradientProperty property) {
    return new SettingsResolver(
            context,
            new OnMethod(
                "@GradientProperty on " + describe(context.getRequiredTestMethod()),
                property.tries(),
                property.seed(),
                CheckMode.INHERIT,
                "",
                property.atol(),
                property.rtol(),
                new KinkPolicy[0],
                property.name()))
        .resolve();
  }

  private Settings resolve() {
    Optional<String> seedOverride =
        context.getConfigurationParameter(SEED).filter(s -> !s.isBlank());
    int trials;
    long seed;
    if (seedOverride.isPresent()) {
      trials = 1;
      seed = parseSeed(seedOverride.get(), "configuration parameter " + SEED);
    } else {
      Sourced<Integer> t =
          pick(OnMethod::trials, GradientCheckConfig::trials, v -> v != GradientCheck.INHERIT)
              .or(() -> parameter(TRIALS, SettingsResolver::parseInt))
              .orElse(new Sourced<>(1, "default"));
      if (t.value() < 1) {
        throw new ExtensionConfigurationException(
            t.source() + ": trials = " + t.value() + ", but trials must be ≥ 1");
      }
      trials = t.value();
      seed =
          pick(OnMethod::seed, GradientCheckConfig::seed, v -> !v.isBlank())
              .map(s -> parseSeed(s.value(), s.source()))
              .orElse(Seeds.DEFAULT_SEED);
    }
    CheckMode mode =
        pick(OnMethod::mode, GradientCheckConfig::mode, v -> v != CheckMode.INHERIT)
            .or(() -> parameter(MODE, v -> parseEnum(CheckMode.class, v)))
            .map(Sourced::value)
            .orElse(null);
    String method =
        pick(OnMethod::method, GradientCheckConfig::method, v -> !v.isBlank())
            .or(() -> parameter(METHOD, String::strip))
            .map(Sourced::value)
            .orElse(null);
    Double atol = tolerance("atol", OnMethod::atol, GradientCheckConfig::atol, ATOL);
    Double rtol = tolerance("rtol", OnMethod::rtol, GradientCheckConfig::rtol, RTOL);
    KinkPolicy kinkPolicy =
        pick(OnMethod::kinkPolicy, GradientCheckConfig::kinkPolicy, v -> v.length > 0)
            .map(s -> single("kinkPolicy", s))
            .or(() -> parameter(KINK_POLICY, v -> parseEnum(KinkPolicy.class, v)))
            .map(Sourced::value)
            .orElse(null);
    String name =
        pick(OnMethod::name, GradientCheckConfig::name, v -> !v.isBlank())
            .or(() -> parameter(NAME, s -> s))
            .map(Sourced::value)
            .orElse(GradientCheck.DEFAULT_NAME);
    return new Settings(
        trials, seed, seedOverride.isPresent(), mode, method, atol, rtol, kinkPolicy, name);
  }

  private Double tolerance(
      String attribute,
      Function<OnMethod, Double> fromMethod,
      Function<GradientCheckConfig, Double> fromClass,
      String key) {
    Optional<Sourced<Double>> picked =
        pick(fromMethod, fromClass, v -> v != GradientCheck.INHERIT_TOLERANCE)
            .or(() -> parameter(key, SettingsResolver::parseDouble));
    if (picked.isEmpty()) {
      return null;
    }
    double v = picked.get().value();
    String where = picked.get().source() + ": " + attribute + " = " + v;
    if (!Double.isFinite(v) || v < 0) {
      throw new ExtensionConfigurationException(
          where + ", but a tolerance must be a finite number ≥ 0");
    }
    if (attribute.equals("rtol") && v >= 1) {
      throw new ExtensionConfigurationException(
          where
              + ", but a relative tolerance of 100% or more accepts a zero gradient; use rtol < 1");
    }
    return v;
  }

  /**
   * The one value of an array attribute that holds at most one, e.g. {@code kinkPolicy =
   * KinkPolicy.FAIL}; more than one is a configuration error naming the source and the values.
   */
  private static <E extends Enum<E>> Sourced<E> single(String attribute, Sourced<E[]> values) {
    E[] given = values.value();
    if (given.length != 1) {
      String allowed =
          Arrays.stream(given[0].getDeclaringClass().getEnumConstants())
              .map(Enum::name)
              .collect(Collectors.joining(", "));
      throw new ExtensionConfigurationException(
          values.source()
              + ": "
              + attribute
              + " = "
              + Arrays.stream(given).map(Enum::name).collect(Collectors.joining(", ", "{", "}"))
              + ", but at most one value may be given: one of "
              + allowed
              + ", or none to inherit");
    }
    return new Sourced<>(given[0], values.source());
  }

  /** The first set value among the method attribute and the class configs, with its source. */
  private <T> Optional<Sourced<T>> pick(
      Function<OnMethod, T> fromMethod,
      Function<GradientCheckConfig, T> fromClass,
      Predicate<T> isSet) {
    T v = fromMethod.apply(onMethod);
    if (isSet.test(v)) {
      return Optional.of(new Sourced<>(v, onMethod.source()));
    }
    for (int k = 0; k < classConfigs.size(); k++) {
      T c = fromClass.apply(classConfigs.get(k));
      if (isSet.test(c)) {
        return Optional.of(new Sourced<>(c, classSources.get(k)));
      }
    }
    return Optional.empty();
  }

  private <T> Optional<Sourced<T>> parameter(String key, Function<String, T> parser) {
    return context
        .getConfigurationParameter(key)
        .filter(s -> !s.isBlank())
        .map(
            raw -> {
              String source = "configuration parameter " + key;
              try {
                return new Sourced<>(parser.apply(raw.strip()), source);
              } catch (IllegalArgumentException e) {
                throw new ExtensionConfigurationException(
                    source + " = '" + raw + "': " + e.getMessage(), e);
              }
            });
  }

  private static long parseSeed(String text, String source) {
    try {
      return Seeds.parse(text, source);
    } catch (IllegalArgumentException e) {
      throw new ExtensionConfigurationException(e.getMessage(), e);
    }
  }

  private static int parseInt(String s) {
    try {
      return Integer.parseInt(s);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not an integer", e);
    }
  }

  private static double parseDouble(String s) {
    try {
      return Double.parseDouble(s);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a number", e);
    }
  }

  private static <E extends Enum<E>> E parseEnum(Class<E> type, String s) {
    for (E e : type.getEnumConstants()) {
      if (!e.name().equals("INHERIT") && e.name().equalsIgnoreCase(s)) {
        return e;
      }
    }
    String allowed =
        Arrays.stream(type.getEnumConstants())
            .map(Enum::name)
            .filter(n -> !n.equals("INHERIT"))
            .map(n -> n.toLowerCase(Locale.ROOT))
            .collect(Collectors.joining(", "));
    throw new IllegalArgumentException("expected one of " + allowed);
  }

  /**
   * The method-level attributes, from {@code @GradientCheck} or {@code @GradientProperty}, with
   * "inherit" meaning what it means on {@code @GradientCheck}.
   */
  private record OnMethod(
      String source,
      int trials,
      String seed,
      CheckMode mode,
      String method,
      double atol,
      double rtol,
      KinkPolicy[] kinkPolicy,
      String name) {}

  /** A value and where it came from, for error messages. */
  private record Sourced<T>(T value, String source) {}
}
