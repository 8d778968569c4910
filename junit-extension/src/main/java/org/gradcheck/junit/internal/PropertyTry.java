package org.gradcheck.junit.internal;

import java.lang.reflect.Method;
import java.util.List;
import java.util.Optional;
import org.gradcheck.generate.ChoiceSequence;
import org.gradcheck.generate.Choices;
import org.gradcheck.generate.Generator;
import org.gradcheck.generate.TargetedSearch;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.BeforeTestExecutionCallback;
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
    implements ParameterResolver,
        InvocationInterceptor,
        BeforeTestExecutionCallback,
        AfterTestExecutionCallback {
  /** Key of the statistics report entry. */
  static final String STATISTICS_KEY = "gradcheck.statistics";

  private final PropertyRun run;
  private final TrialState state;
  private final TrialParameterResolver others;
  private Generator<List<Object>> tuple;
  private List<Object> values;
  private ChoiceSequence choices;
  private boolean mutated;

  PropertyTry(PropertyRun run, TrialState state) {
    this.run = run;
    this.state = state;
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

  /** Draws this try's values once: the failure database's example, or fresh choices. */
  private void draw(ExtensionContext context) {
    if (values != null) {
      return;
    }
    tuple = run.parameters.tuple(context.getTestInstance().orElse(null));
    values = state.replayed(tuple);
    if (values != null) {
      choices = state.drawnChoices();
    } else {
      Choices source = run.choices(state.trial().seed());
      mutated = run.lastMutated();
      try {
        values = run.parameters.draw(tuple, source);
      } catch (ExtensionConfigurationException e) {
        run.configurationError(e);
        throw e;
      }
      choices = source.recorded();
    }
    run.parameters.checkTypes(values);
  }

  /**
   * Draws before JUnit resolves the method's parameters (and after the {@code @BeforeEach} methods,
   * which may prepare what an instance {@code @From} method needs), so that a configuration error
   * fails the try as itself, not as the cause of a parameter resolution error.
   */
  @Override
  public void beforeTestExecution(ExtensionContext context) {
    draw(context);
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
        thrown != null
            ? Optional.of(Counterexample.text(thrown))
            : Counterexample.failedChecks(state.checks());
    if (failure.isEmpty()) {
      if (state.replay() != null) {
        state.database().forget(); // the stored failure passes now
      }
      return;
    }
    run.markFailed();
    Method method = invocationContext.getExecutable();
    Counterexample counterexample =
        Counterexample.shrink(
            run.parameters,
            tuple,
            values,
            choices,
            new Counterexample.Invocation(
                method,
                invocationContext.getTarget().orElse(null),
                invocationContext.getArguments().toArray(),
                state),
            run.annotation.maxShrinks());
    String stored = run.database.store(counterexample.shrunk().choices());
    String message =
        "property falsified at "
            + TrialOutcome.where(state)
            + "\n"
            + counterexample.describe()
            + "\n\n"
            + rerunHint(extensionContext)
            + "\n"
            + stored;
    throw new GradientCheckTrialFailure(message, thrown);
  }

  private String rerunHint(ExtensionContext context) {
    String hint = new TrialOutcome(state).rerunHint(context);
    return mutated
        ? "Found by targeted search (a mutation of an earlier try, drawn with seed "
            + state.trial().seedText()
            + "), so the seed alone does not redraw it; the failure database does. "
            + hint
        : hint;
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
