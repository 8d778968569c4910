package org.gradcheck.junit.internal;

import java.lang.reflect.Method;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apiguardian.api.API;
import org.gradcheck.junit.GradientCheck;
import org.gradcheck.junit.GradientCheckTrial;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContextProvider;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The extension behind {@link GradientCheck}: resolves the method's settings once, validates its
 * generated parameters, and provides one invocation per trial, each with its own seed, parameter
 * resolver and outcome callback. Registered by the annotation; not for direct use.
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
    Settings settings = SettingsResolver.resolve(context);
    CheckerFactory.validate(settings);
    List<GeneratedParameter> generated = GeneratedParameter.of(method);
    String templateName = context.getDisplayName();
    return IntStream.rangeClosed(1, settings.trials())
        .mapToObj(
            k -> {
              long seed =
                  settings.seedOverridden()
                      ? settings.baseSeed()
                      : Seeds.trialSeed(settings.baseSeed(), k);
              GradientCheckTrial trial =
                  new GradientCheckTrial(k, settings.trials(), seed, settings.seedOverridden());
              return new TrialInvocationContext(
                  new TrialState(trial, settings), generated, templateName);
            });
  }

  /** One trial: its display name and its per-invocation extensions. */
  private record TrialInvocationContext(
      TrialState state, List<GeneratedParameter> generated, String templateName)
      implements TestTemplateInvocationContext {

    @Override
    public String getDisplayName(int invocationIndex) {
      GradientCheckTrial trial = state.trial();
      return state
          .settings()
          .namePattern()
          .replace("{displayName}", templateName)
          .replace("{trial}", Integer.toString(trial.trial()))
          .replace("{trials}", Integer.toString(trial.trials()))
          .replace("{seed}", trial.seedText());
    }

    @Override
    public List<org.junit.jupiter.api.extension.Extension> getAdditionalExtensions() {
      return List.of(new TrialParameterResolver(state, generated), new TrialOutcome(state));
    }
  }
}
