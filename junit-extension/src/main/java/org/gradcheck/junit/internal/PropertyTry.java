package org.gradcheck.junit.internal;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.gradcheck.GradientChecker;
import org.gradcheck.generate.ChoiceOverrun;
import org.gradcheck.generate.ChoiceSequence;
import org.gradcheck.generate.Choices;
import org.gradcheck.generate.FilterExhaustedException;
import org.gradcheck.generate.Generator;
import org.gradcheck.generate.Shrinker;
import org.gradcheck.generate.TargetedSearch;
import org.gradcheck.junit.TrialChecker;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.opentest4j.TestAbortedException;

/**
 * One try of a {@code @GradientProperty}: draws the drawn parameters from the try's choices (fresh,
 * targeted or the failure database's), resolves the rest as a {@code @GradientCheck} trial does,
 * runs the body and, if it fails (it throws, or a recorded check failed), shrinks the choices by
 * re-invoking the body on simpler examples, stores the shrunk example in the failure database and
 * fails once with both examples, the shrink steps, the failure at the shrunk example and the rerun
 * hint.
 */
final class PropertyTry
    implements ParameterResolver, InvocationInterceptor, AfterTestExecutionCallback {
  /** Key of the statistics report entry. */
  static final String STATISTICS_KEY = "gradcheck.statistics";

  private final PropertyRun run;
  private final TrialState state;
  private final ChoiceSequence stored;
  private final TrialParameterResolver others;
  private Generator<List<Object>> tuple;
  private List<Object> values;
  private ChoiceSequence choices;
  private boolean mutated;

  PropertyTry(PropertyRun run, TrialState state, ChoiceSequence stored) {
    this.run = run;
    this.state = state;
    this.stored = stored;
    this.others = new TrialParameterResolver(state, List.of());
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return ownParameter(parameter, context) || others.supportsParameter(parameter, context);
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    if (!ownParameter(parameter, context)) {
      return others.resolveParameter(parameter, context);
    }
    draw(context);
    return values.get(run.parameters.position(parameter.getIndex()));
  }

  private boolean ownParameter(ParameterContext parameter, ExtensionContext context) {
    return context.getTestMethod().map(parameter.getDeclaringExecutable()::equals).orElse(false)
        && run.parameters.draws(parameter.getIndex());
  }

  /** Draws this try's values once. */
  private void draw(ExtensionContext context) {
    if (values != null) {
      return;
    }
    tuple = run.parameters.tuple(context.getTestInstance().orElse(null));
    Choices source = null;
    if (stored != null) {
      source = Choices.replay(stored);
      try {
        values = tuple.draw(source);
      } catch (ChoiceOverrun | FilterExhaustedException e) {
        run.forget(); // the stored example no longer fits the generators
        source = null;
      }
    }
    if (source == null) {
      source = run.choices(state.trial().seed());
      mutated = run.lastMutated();
      try {
        values = tuple.draw(source);
      } catch (FilterExhaustedException e) {
        throw new ExtensionConfigurationException(
            "@GradientProperty on "
                + SettingsResolver.describe(context.getRequiredTestMethod())
                + ": "
                + e.getMessage(),
            e);
      }
    }
    run.parameters.checkTypes(values);
    choices = source.recorded();
  }

  @Override
  public void interceptTestTemplateMethod(
      Invocation<Void> invocation,
      ReflectiveInvocationContext<Method> invocationContext,
      ExtensionContext extensionContext)
      throws Throwable {
    draw(extensionContext);
    Throwable thrown = null;
    try {
      invocation.proceed();
    } catch (TestAbortedException e) {
      throw e;
    } catch (Throwable t) {
      thrown = t;
    }
    run.observe(choices, values, margin(state.checks()));
    Optional<String> failure =
        thrown != null ? Optional.of(text(thrown)) : failedChecks(state.checks());
    if (failure.isEmpty()) {
      if (stored != null) {
        run.forget(); // the stored failure passes now
      }
      return;
    }
    run.markFailed();
    Method method = invocationContext.getExecutable();
    Object target = invocationContext.getTarget().orElse(null);
    Object[] arguments = invocationContext.getArguments().toArray();
    Shrinker.Shrunk<List<Object>> shrunk =
        Shrinker.shrink(
            tuple,
            choices,
            candidate -> evaluate(method, target, arguments, candidate).isPresent(),
            run.annotation.maxShrinks());
    String atShrunk =
        evaluate(method, target, arguments, shrunk.value())
            .orElse("(the shrunk example no longer fails when run again: the property is flaky)");
    String where = run.databaseFile.toAbsolutePath().normalize().toString();
    run.store(
        shrunk.choices(),
        "gradcheck failure database: the shrunk counterexample of "
            + SettingsResolver.describe(method)
            + "\nreplayed first by the next run; delete this file to forget it");
    String message =
        "property falsified at "
            + (stored != null ? "the failure database's example" : state.trial().toString())
            + "\n  original example ("
            + choices.size()
            + " choices):\n"
            + run.parameters.describe(values)
            + "\n  shrunk example ("
            + shrunk.choices().size()
            + " choices, "
            + shrunk.steps()
            + " shrink steps, "
            + shrunk.candidates()
            + " candidates tried):\n"
            + run.parameters.describe(shrunk.value())
            + "\n  failure at the shrunk example:\n"
            + atShrunk
            + "\n\n"
            + rerunHint(extensionContext)
            + "\nThe shrunk example is stored in "
            + where
            + " and replayed first by the next run.";
    throw new GradientCheckTrialFailure(message, thrown);
  }

  private String rerunHint(ExtensionContext context) {
    if (stored != null) {
      return "This example came from the failure database; it is replayed until it passes.";
    }
    String hint = new TrialOutcome(state).rerunHint(context);
    return mutated
        ? "Found by targeted search (a mutation of an earlier try, drawn with seed "
            + state.trial().seedText()
            + "), so the seed alone does not redraw it; the failure database does. "
            + hint
        : hint;
  }

  /** Runs the body at {@code candidate} with a fresh trial state; the failure, if any. */
  private Optional<String> evaluate(
      Method method, Object target, Object[] original, List<Object> candidate) {
    TrialState fresh = new TrialState(state.trial(), state.settings(), null);
    Object[] arguments = original.clone();
    Class<?>[] types = method.getParameterTypes();
    long seed = state.trial().seed();
    for (int i = 0; i < arguments.length; i++) {
      int position = run.parameters.position(i);
      if (position >= 0) {
        arguments[i] = candidate.get(position);
      } else if (types[i] == TrialChecker.class) {
        arguments[i] = fresh.trialChecker();
      } else if (types[i] == GradientChecker.class) {
        arguments[i] = fresh.checker();
      } else if (types[i] == RandomGenerator.class || types[i] == SplittableRandom.class) {
        arguments[i] = new SplittableRandom(seed);
      } else if (types[i] == Random.class) {
        arguments[i] = new Random(seed);
      }
    }
    try {
      method.setAccessible(true);
      method.invoke(target, arguments);
    } catch (InvocationTargetException e) {
      return e.getCause() instanceof TestAbortedException
          ? Optional.empty()
          : Optional.of(text(e.getCause()));
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("cannot invoke " + method, e);
    }
    return failedChecks(fresh.checks());
  }

  private static Optional<String> failedChecks(List<ReportCheck> checks) {
    StringBuilder out = new StringBuilder();
    for (ReportCheck check : checks) {
      if (!check.passed()) {
        out.append(out.length() == 0 ? "" : "\n\n").append(check.text());
      }
    }
    return out.length() == 0 ? Optional.empty() : Optional.of(out.toString());
  }

  private static String text(Throwable t) {
    return t.getMessage() == null
        ? t.toString()
        : t.getClass().getSimpleName() + ": " + t.getMessage();
  }

  /** The worst margin (error / allowed) of the recorded checks; NaN if none was recorded. */
  static double margin(List<ReportCheck> checks) {
    double worst = Double.NaN;
    for (ReportCheck check : checks) {
      double m = TargetedSearch.worstMargin(check.report());
      worst = Double.isNaN(worst) ? m : Math.max(worst, m);
    }
    return worst;
  }

  @Override
  public void afterTestExecution(ExtensionContext context) {
    if (run.failed() || state.trial().trial() == state.trial().trials()) {
      context.publishReportEntry(STATISTICS_KEY, run.statistics());
    }
  }
}
