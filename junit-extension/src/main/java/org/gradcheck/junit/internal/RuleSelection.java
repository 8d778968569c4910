package org.gradcheck.junit.internal;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.gradcheck.junit.VerifyRegistry;
import org.gradcheck.registry.GradientRegistry;
import org.gradcheck.registry.GradientRule;
import org.gradcheck.registry.RuleProvider;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.ReflectionSupport;

/**
 * The rules a {@link VerifyRegistry} method verifies: from its providers (or the classpath), then
 * narrowed by {@code only}, {@code prefix} and the {@code gradcheck.rules} configuration parameter.
 * An empty selection or an unknown name is an error, never a silent pass.
 */
final class RuleSelection {
  static final String RULES = "gradcheck.rules";

  private RuleSelection() {}

  static List<GradientRule> select(VerifyRegistry annotation, ExtensionContext context) {
    Method method = context.getRequiredTestMethod();
    String where = "@VerifyRegistry on " + SettingsResolver.describe(method);
    GradientRegistry registry = load(annotation, where);
    List<String> only = List.of(annotation.only());
    requireRegistered(registry, only, where + ": only");
    Set<String> fromParameter = new LinkedHashSet<>();
    context
        .getConfigurationParameter(RULES)
        .ifPresent(
            v ->
                Arrays.stream(v.split(","))
                    .map(String::strip)
                    .filter(s -> !s.isEmpty())
                    .forEach(fromParameter::add));
    requireRegistered(registry, List.copyOf(fromParameter), "configuration parameter " + RULES);
    List<GradientRule> selected = new ArrayList<>();
    for (GradientRule rule : registry.rules()) {
      String name = rule.name();
      if ((only.isEmpty() || only.contains(name))
          && name.startsWith(annotation.prefix())
          && (fromParameter.isEmpty() || fromParameter.contains(name))) {
        selected.add(rule);
      }
    }
    if (selected.isEmpty()) {
      throw new ExtensionConfigurationException(
          where
              + " selects no rule (prefix '"
              + annotation.prefix()
              + "', only "
              + only
              + (fromParameter.isEmpty() ? "" : ", " + RULES + " " + fromParameter)
              + "); registered: "
              + registry.names());
    }
    return selected;
  }

  private static GradientRegistry load(VerifyRegistry annotation, String where) {
    try {
      if (annotation.providers().length == 0) {
        return GradientRegistry.discover();
      }
      GradientRegistry registry = new GradientRegistry();
      for (Class<? extends RuleProvider> provider : annotation.providers()) {
        registry.registerFrom(ReflectionSupport.newInstance(provider));
      }
      return registry;
    } catch (RuntimeException e) {
      throw new ExtensionConfigurationException(
          where + ": the rules could not be loaded: " + e.getMessage(), e);
    }
  }

  private static void requireRegistered(
      GradientRegistry registry, List<String> names, String where) {
    for (String name : names) {
      if (registry.find(name).isEmpty()) {
        throw new ExtensionConfigurationException(
            where
                + " names rule '"
                + name
                + "', which is not registered; registered: "
                + registry.names());
      }
    }
  }
}
