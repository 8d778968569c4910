package org.gradcheck.junit.internal;

import java.lang.reflect.Method;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apiguardian.api.API;
import org.gradcheck.junit.GradientCheck;
import org.gradcheck.junit.GradientCheckTrial;
import org.gradcheck.junit.VerifyRegistry;
import org.gradcheck.registry.GradientRule;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContextProvider;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The extension behind {@link GradientCheck}: resolves the method's settings once, validates its
 * generated parameters, and provides one invocation per trial (per rule and trial under {@link
 * VerifyRegistry}), each with its own seed, parameter resolver, interceptor and outcome callback.
 * Registered by the annotation; not for direct use.
 */
@API(status = API.Status.INTERNAL)
public final class GradientCheckExtension implements TestTemplateInvocationContextProvider {

  /** Created by JUnit through {@code @ExtendWith}. */
  public GradientCheckExtension() {}

  @Override
  public boolean supportsTestTemplate(ExtensionContext context) {
    return context
        .getTestMethod()
        .map(m -> AnnotationSupport.isAnnotated(m, GradientCheck.class))
        .orElse(false);
  }

  @Override
  public Stream<TestTemplateInvocationContext> provideTestTemplateInvocationContexts(
      ExtensionContext context) {
    Method method = context.getRequiredTestMethod();
    rejectOtherTestAnnotations(method);
    Settings settings = SettingsResolver.resolve(context);
    CheckerFactory.validate(settings);
    List<GeneratedParameter> generated = GeneratedParameter.of(method);
    String templateName = context.getDisplayName();
    List<GradientRule> rules =
        AnnotationSupport.findAnnotation(method, VerifyRegistry.class)
            .map(annotation -> RuleSelection.select(annotation, context))
            .orElse(null);
    if (rules != null) {
      return rules.stream().flatMap(rule -> trials(settings, rule, null, generated, templateName));
    }
    if (generated.isEmpty()) {
      return trials(settings, null, null, generated, templateName);
    }
    FailureDatabase database = FailureDatabase.of(context);
    Stream<TestTemplateInvocationContext> replay =
        settings.seedOverridden()
            ? Stream.empty()
            : database.stored().stream()
                .map(
                    stored ->
                        new TrialInvocationContext(
                            new TrialState(
                                new GradientCheckTrial(
                                    1, settings.trials(), settings.baseSeed(), false, ""),
                                settings,
                                null,
                                database,
                                stored),
                            generated,
                            database.replayName()));
    return Stream.concat(replay, trials(settings, null, database, generated, templateName));
  }

  /**
   * The trials of {@code rule} (or of the method, if null); with a failure database (not under
   * {@code @VerifyRegistry}) their shrunk counterexamples are stored in it.
   */
  private static Stream<TestTemplateInvocationContext> trials(
      Settings settings,
      GradientRule rule,
      FailureDatabase database,
      List<GeneratedParameter> generated,
      String template) {
    return IntStream.rangeClosed(1, settings.trials())
        .mapToObj(
            k -> {
              long seed =
                  settings.seedOverridden()
                      ? settings.baseSeed()
                      : Seeds.trialSeed(settings.baseSeed(), k);
              GradientCheckTrial trial =
                  new GradientCheckTrial(
                      k,
                      settings.trials(),
                      seed,
                      settings.seedOverridden(),
                      rule == null ? "" : rule.name());
              return new TrialInvocationContext(
                  new TrialState(trial, settings, rule, database, null), generated, template);
            });
  }

  /**
   * A method that is also a {@code @Test}, {@code @RepeatedTest} or {@code @ParameterizedTest}
   * would run once more outside any trial, with nothing to resolve its parameters: say so up front.
   */
  private static void rejectOtherTestAnnotations(Method method) {
    for (java.lang.annotation.Annotation a : method.getAnnotations()) {
      String name = a.annotationType().getName();
      if (name.equals("org.junit.jupiter.api.Test")
          || name.equals("org.junit.jupiter.api.RepeatedTest")
          || name.equals("org.junit.jupiter.params.ParameterizedTest")) {
        throw new ExtensionConfigurationException(
            SettingsResolver.describe(method)
                + " is annotated with both @GradientCheck and @"
                + a.annotationType().getSimpleName()
                + "; @GradientCheck is already a test template, remove @"
                + a.annotationType().getSimpleName());
      }
    }
  }

  /**
   * One trial: its display name (for the failure database's replay, {@code templateName} is the
   * name) and its per-invocation extensions.
   */
  private record TrialInvocationContext(
      TrialState state, List<GeneratedParameter> generated, String templateName)
      implements TestTemplateInvocationContext {

    @Override
    public String getDisplayName(int invocationIndex) {
      return state.replay() != null ? templateName : displayName(state, templateName);
    }

    @Override
    public List<org.junit.jupiter.api.extension.Extension> getAdditionalExtensions() {
      return List.of(new TrialParameterResolver(state, generated), new TrialOutcome(state));
    }
  }

  /** The display name of a trial (or a property's try) from its settings' name pattern. */
  static String displayName(TrialState state, String templateName) {
    GradientCheckTrial trial = state.trial();
    String pattern = state.settings().namePattern();
    if (!trial.rule().isEmpty() && pattern.equals(GradientCheck.DEFAULT_NAME)) {
      pattern = "{rule}: " + pattern;
    }
    return pattern
        .replace("{displayName}", templateName)
        .replace("{rule}", trial.rule())
        .replace("{trial}", Integer.toString(trial.trial()))
        .replace("{trials}", Integer.toString(trial.trials()))
        .replace("{seed}", trial.seedText());
  }
}
