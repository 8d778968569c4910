package org.gradcheck.junit.internal;

import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import org.gradcheck.GradientCheckFailure;
import org.gradcheck.junit.GradientCheckTrial;
import org.junit.jupiter.api.MediaType;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.opentest4j.TestAbortedException;

/**
 * Turns the checks recorded in one trial into its outcome: every check publishes a one-line report
 * entry; one that did not go as expected (failed, or — under {@code expectFailure} — passed or
 * failed without an expected kind) attaches its JSON report and, unless the test already failed,
 * fails the test with every such report's full text, the trial's seed and how to rerun just it.
 * Every failure escaping the test method is given the same seed and rerun hint.
 */
final class TrialOutcome
    implements InvocationInterceptor, AfterTestExecutionCallback, TestExecutionExceptionHandler {
  /** Key of the report entries this extension publishes. */
  static final String ENTRY_KEY = "gradcheck";

  /** The most shrink steps of a failing trial's generated inputs. */
  static final int MAX_SHRINKS = 200;

  private final TrialState state;

  TrialOutcome(TrialState state) {
    this.state = state;
  }

  /** Runs the method body, then verifies the trial's rule, if any. */
  @Override
  public void interceptTestTemplateMethod(
      Invocation<Void> invocation,
      ReflectiveInvocationContext<Method> invocationContext,
      ExtensionContext extensionContext)
      throws Throwable {
    Throwable thrown = null;
    try {
      invocation.proceed();
      if (state.rule() != null) {
        state.trialChecker().verify(state.rule());
      }
    } catch (TestAbortedException e) {
      throw e;
    } catch (Throwable t) {
      thrown = t;
    }
    boolean failed = thrown != null || state.checks().stream().anyMatch(c -> !c.asExpected());
    if (failed && state.rule() == null && !state.drawnValues().isEmpty()) {
      shrink(invocationContext);
    } else if (!failed && state.replay() != null) {
      state.database().forget(); // the stored failure passes now
    }
    if (thrown != null) {
      throw thrown;
    }
  }

  /**
   * Shrinks the generated parameters of the failing trial; the result goes into the message and the
   * failure database.
   */
  private void shrink(ReflectiveInvocationContext<Method> invocationContext) {
    Method method = invocationContext.getExecutable();
    PropertyParameters parameters = PropertyParameters.of(method);
    Counterexample counterexample =
        Counterexample.shrink(
            parameters,
            parameters.tuple(null),
            state.drawnValues(),
            state.drawnChoices(),
            new Counterexample.Invocation(
                method,
                invocationContext.getTarget().orElse(null),
                invocationContext.getArguments().toArray(),
                state),
            MAX_SHRINKS);
    String stored =
        state.database() == null
            ? ""
            : "\n" + state.database().store(counterexample.shrunk().choices());
    state.counterexample(counterexample.describe() + stored);
  }

  /** The text of the shrunk counterexample followed by a blank line, or nothing. */
  private String shrunk() {
    String counterexample = state.counterexample();
    return counterexample == null ? "" : "generated inputs, shrunk:\n" + counterexample + "\n\n";
  }

  @Override
  public void afterTestExecution(ExtensionContext context) {
    RecordedChecks.deliver(context.getUniqueId(), state);
    List<ReportCheck> checks = state.checks();
    StringBuilder failures = new StringBuilder();
    int failed = 0;
    boolean expected = false;
    for (ReportCheck check : checks) {
      context.publishReportEntry(ENTRY_KEY, check.summary());
      if (!check.asExpected()) {
        failed++;
        expected |= check.expectsFailure();
        attachJson(context, "gradcheck-failure-" + failed + ".json", check.json());
        failures.append(failures.length() == 0 ? "" : "\n\n").append(check.text());
      }
    }
    if (failed > 0 && context.getExecutionException().isEmpty()) {
      String verdict = expected ? "did not go as expected" : "failed";
      String head =
          failed == 1
              ? "gradient check " + verdict
              : failed + " of " + checks.size() + " gradient checks " + verdict;
      throw new GradientCheckTrialFailure(
          head + " in " + where(state) + ":\n" + failures + "\n\n" + shrunk() + rerunHint(context),
          null);
    }
  }

  @Override
  public void handleTestExecutionException(ExtensionContext context, Throwable throwable)
      throws Throwable {
    if (throwable instanceof TestAbortedException
        || throwable instanceof GradientCheckTrialFailure) {
      throw throwable;
    }
    if (throwable instanceof ParameterResolutionException) {
      String message = String.valueOf(throwable.getMessage());
      throw new ParameterResolutionException(
          (message.endsWith(".") ? message : message + ".")
              + " "
              + TrialParameterResolver.INJECTABLE,
          throwable);
    }
    if (throwable instanceof GradientCheckFailure failed && !state.recorded(failed.report())) {
      attachJson(context, "gradcheck-failure.json", failed.report().toJson());
    }
    if (throwable instanceof AssertionError) {
      String message =
          throwable.getMessage() == null ? throwable.toString() : throwable.getMessage();
      GradientCheckTrialFailure failure =
          new GradientCheckTrialFailure(
              message + "\n\n" + shrunk() + where(state) + ". " + rerunHint(context), throwable);
      failure.setStackTrace(throwable.getStackTrace());
      throw failure;
    }
    throwable.addSuppressed(
        new GradientCheckTrialFailure("in " + where(state) + ". " + rerunHint(context), null));
    throw throwable;
  }

  /** What the failing invocation was: the trial, or the failure database's example. */
  static String where(TrialState state) {
    return state.replay() != null ? "the failure database's example" : state.trial().toString();
  }

  /** How to rerun exactly this trial. */
  String rerunHint(ExtensionContext context) {
    if (state.replay() != null) {
      return "This example came from the failure database; it is replayed until it passes.";
    }
    GradientCheckTrial trial = state.trial();
    String seed = trial.seedText();
    if (trial.seedOverridden()) {
      return "The seed came from the configuration parameter gradcheck.seed="
          + seed
          + "; remove it to run every trial.";
    }
    String selector =
        context.getRequiredTestClass().getName() + "#" + context.getRequiredTestMethod().getName();
    String rule = trial.rule().isEmpty() ? "" : " -D" + RuleSelection.RULES + "=" + trial.rule();
    return "Rerun just this trial with -Dgradcheck.seed="
        + seed
        + rule
        + ", e.g. mvn test -Dtest='"
        + selector
        + "' -Dgradcheck.seed="
        + seed
        + rule
        + " (or gradcheck.seed="
        + seed
        + " in junit-platform.properties).";
  }

  /**
   * Attaches {@code json} as a file where the platform supports it (JUnit ≥ 5.12 with an output
   * directory), else as a report entry.
   */
  static void attachJson(ExtensionContext context, String name, String json) {
    try {
      context.publishFile(
          name,
          MediaType.APPLICATION_JSON,
          path -> Files.writeString(path, json, StandardCharsets.UTF_8));
    } catch (LinkageError | RuntimeException e) {
      context.publishReportEntry(ENTRY_KEY + ".json", json);
    }
  }
}
