package org.gradcheck.junit.internal;

import java.lang.reflect.Method;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.apiguardian.api.API;
import org.gradcheck.generate.ChoiceSequence;
import org.gradcheck.generate.Choices;
import org.gradcheck.junit.GradientCheckTrial;
import org.gradcheck.property.GradientProperty;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContextProvider;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The extension behind {@link GradientProperty}: validates the method, then provides the tries
 * lazily — the failure database's example first, then one try per seed until one fails — each with
 * the trial machinery of {@code @GradientCheck} (seed, display name, recording checker, outcome and
 * rerun hint) and a {@link PropertyTry} that draws, shrinks and reports. Registered by the
 * annotation; not for direct use.
 */
@API(status = API.Status.INTERNAL)
public final class GradientPropertyExtension implements TestTemplateInvocationContextProvider {

  /** Created by JUnit through {@code @ExtendWith}. */
  public GradientPropertyExtension() {}

  @Override
  public boolean supportsTestTemplate(ExtensionContext context) {
    return context
        .getTestMethod()
        .map(m -> AnnotationSupport.isAnnotated(m, GradientProperty.class))
        .orElse(false);
  }

  @Override
  public Stream<TestTemplateInvocationContext> provideTestTemplateInvocationContexts(
      ExtensionContext context) {
    Method method = context.getRequiredTestMethod();
    GradientProperty property =
        AnnotationSupport.findAnnotation(method, GradientProperty.class).orElseThrow();
    String source = "@GradientProperty on " + SettingsResolver.describe(method);
    if (property.tries() < 1) {
      throw new ExtensionConfigurationException(
          source + ": tries = " + property.tries() + ", but tries must be ≥ 1");
    }
    if (property.maxShrinks() < 0) {
      throw new ExtensionConfigurationException(
          source + ": maxShrinks = " + property.maxShrinks() + ", but it must be ≥ 0");
    }
    if (!(property.edgeCases() >= 0 && property.edgeCases() <= 1)) {
      throw new ExtensionConfigurationException(
          source + ": edgeCases = " + property.edgeCases() + ", but a share must be in [0, 1]");
    }
    Settings settings = SettingsResolver.resolve(context, property);
    CheckerFactory.validate(settings);
    long seed = settings.baseSeed();
    PropertyParameters parameters = PropertyParameters.of(method);
    Optional<Object> instance = context.getTestInstance(); // present under PER_CLASS
    if (parameters.staticProviders() || instance.isPresent()) {
      probe(parameters, instance.orElse(null), seed, property.edgeCases());
    }
    PropertyRun run = new PropertyRun(property, settings, parameters, FailureDatabase.of(context));
    String template = context.getDisplayName();
    Stream<TestTemplateInvocationContext> replay =
        property.afterFailure() && !settings.seedOverridden()
            ? run.database.stored().stream().map(stored -> invocation(run, 1, stored, template))
            : Stream.empty();
    Stream<TestTemplateInvocationContext> tries =
        Stream.iterate(1, run::more, k -> k + 1).map(k -> invocation(run, k, null, template));
    return Stream.concat(replay, tries);
  }

  /**
   * Draws once with the run's seed, so that a filter rejecting everything fails the template up
   * front; {@code instance} supplies the instance {@code @From} methods (null if they are static).
   */
  private static void probe(
      PropertyParameters parameters, Object instance, long seed, double edge) {
    parameters.checkTypes(
        parameters.draw(
            parameters.tuple(instance), Choices.random(new SplittableRandom(seed), edge)));
  }

  private static TestTemplateInvocationContext invocation(
      PropertyRun run, int k, ChoiceSequence stored, String template) {
    Settings settings = run.settings;
    long seed =
        settings.seedOverridden() || stored != null
            ? settings.baseSeed()
            : Seeds.trialSeed(settings.baseSeed(), k);
    GradientCheckTrial trial =
        new GradientCheckTrial(k, settings.trials(), seed, settings.seedOverridden(), "");
    TrialState state = new TrialState(trial, settings, null, run.database, stored);
    PropertyTry attempt = new PropertyTry(run, state);
    return new TestTemplateInvocationContext() {
      @Override
      public String getDisplayName(int invocationIndex) {
        return stored != null
            ? run.database.replayName()
            : GradientCheckExtension.displayName(state, template);
      }

      @Override
      public List<Extension> getAdditionalExtensions() {
        return List.of(attempt, new TrialOutcome(state));
      }
    };
  }
}
