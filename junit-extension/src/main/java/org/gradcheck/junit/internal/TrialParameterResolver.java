package org.gradcheck.junit.internal;

import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.gradcheck.GradientChecker;
import org.gradcheck.junit.GradientCheckTrial;
import org.gradcheck.junit.TrialChecker;
import org.gradcheck.registry.GradientRule;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Resolves the parameters of one trial: the trial itself, its seeded random generator, and the
 * generated inputs of the test method (which also reach {@code @BeforeEach} methods for the
 * non-generated kinds), drawn from the trial's seed or, when it replays the failure database, from
 * the stored example.
 */
final class TrialParameterResolver implements ParameterResolver {
  /** What a {@code @GradientCheck} method can receive, for the unresolvable-parameter message. */
  static final String INJECTABLE =
      "@GradientCheck injects TrialChecker, GradientChecker, RandomGenerator, SplittableRandom, Random,"
          + " GradientCheckTrial, @Shape double[], @Shape float[], @Shape DMatrixRMaj, @Range double (and"
          + " GradientRule under @VerifyRegistry)";

  private final TrialState state;
  private final List<GeneratedParameter> generated;

  TrialParameterResolver(TrialState state, List<GeneratedParameter> generated) {
    this.state = state;
    this.generated = generated;
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == TrialChecker.class
        || type == GradientChecker.class
        || type == GradientCheckTrial.class
        || (type == GradientRule.class && state.rule() != null)
        || type == RandomGenerator.class
        || type == SplittableRandom.class
        || type == Random.class
        || generatedAt(parameter, context) != null;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    long seed = state.trial().seed();
    if (type == TrialChecker.class) {
      return state.trialChecker();
    }
    if (type == GradientChecker.class) {
      return state.checker();
    }
    if (type == GradientRule.class && state.rule() != null) {
      return state.rule();
    }
    if (type == GradientCheckTrial.class) {
      return state.trial();
    }
    if (type == RandomGenerator.class || type == SplittableRandom.class) {
      return state.random();
    }
    if (type == Random.class) {
      return new Random(seed);
    }
    GeneratedParameter g = generatedAt(parameter, context);
    if (g == null) {
      throw new ParameterResolutionException(
          "gradcheck cannot resolve " + parameter.getParameter() + "; " + INJECTABLE);
    }
    if (state.replay() != null) {
      PropertyParameters parameters = PropertyParameters.of(context.getRequiredTestMethod());
      List<Object> replayed = state.replayed(parameters.tuple(null));
      if (replayed != null) {
        return replayed.get(parameters.position(g.index()));
      }
    }
    org.gradcheck.generate.Choices choices = g.choices(seed);
    Object value = g.value(g.generator().draw(choices));
    state.drew(g.index(), choices.recorded(), value);
    return value;
  }

  private GeneratedParameter generatedAt(ParameterContext parameter, ExtensionContext context) {
    if (!context.getTestMethod().map(parameter.getDeclaringExecutable()::equals).orElse(false)) {
      return null;
    }
    for (GeneratedParameter g : generated) {
      if (g.index() == parameter.getIndex()) {
        return g;
      }
    }
    return null;
  }
}
