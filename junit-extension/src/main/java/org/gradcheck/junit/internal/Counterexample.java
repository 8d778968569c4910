package org.gradcheck.junit.internal;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.gradcheck.GradientChecker;
import org.gradcheck.generate.ChoiceSequence;
import org.gradcheck.generate.Generator;
import org.gradcheck.generate.Shrinker;
import org.gradcheck.junit.TrialChecker;
import org.opentest4j.TestAbortedException;

/**
 * The shrinking shared by {@code @GradientProperty} tries and {@code @GradientCheck} trials: a
 * failing invocation's drawn parameters are shrunk on their recorded choices by re-invoking the
 * test method on simpler examples, each with a fresh trial state (its own recording checker), and
 * the result is described with each parameter by name, shapes first.
 *
 * @param parameters the drawn parameters of the method
 * @param original the values of the failing invocation
 * @param shrunk the shrinker's result
 * @param failure the failure at the shrunk example
 */
record Counterexample(
    PropertyParameters parameters,
    List<Object> original,
    ChoiceSequence originalChoices,
    Shrinker.Shrunk<List<Object>> shrunk,
    String failure) {

  /** What makes an invocation re-runnable: the method, its target, arguments and trial state. */
  record Invocation(Method method, Object target, Object[] arguments, TrialState state) {}

  /**
   * Shrinks the failing example {@code values} drawn by {@code tuple} from {@code choices}.
   *
   * @param maxShrinks the most accepted shrink steps
   */
  static Counterexample shrink(
      PropertyParameters parameters,
      Generator<List<Object>> tuple,
      List<Object> values,
      ChoiceSequence choices,
      Invocation invocation,
      int maxShrinks) {
    Shrinker.Shrunk<List<Object>> shrunk =
        Shrinker.shrink(
            tuple,
            choices,
            candidate -> evaluate(parameters, invocation, candidate).isPresent(),
            maxShrinks);
    String failure =
        evaluate(parameters, invocation, shrunk.value())
            .orElse("(the shrunk example no longer fails when run again: the test is flaky)");
    return new Counterexample(parameters, values, choices, shrunk, failure);
  }

  /** Both examples, the shrink steps and the failure at the shrunk example. */
  String describe() {
    return "  original example ("
        + originalChoices.size()
        + " choices):\n"
        + parameters.describe(original)
        + "\n  shrunk example ("
        + shrunk.choices().size()
        + " choices, "
        + shrunk.steps()
        + " shrink steps, "
        + shrunk.candidates()
        + " candidates tried):\n"
        + parameters.describe(shrunk.value())
        + "\n  failure at the shrunk example:\n"
        + failure;
  }

  /** Runs the method at {@code candidate} with a fresh trial state; its failure, if any. */
  static Optional<String> evaluate(
      PropertyParameters parameters, Invocation invocation, List<Object> candidate) {
    TrialState state = invocation.state();
    TrialState fresh = new TrialState(state.trial(), state.settings(), null);
    Method method = invocation.method();
    Object[] arguments = invocation.arguments().clone();
    Class<?>[] types = method.getParameterTypes();
    long seed = state.trial().seed();
    for (int i = 0; i < arguments.length; i++) {
      int position = parameters.position(i);
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
      method.invoke(invocation.target(), arguments);
    } catch (InvocationTargetException e) {
      return e.getCause() instanceof TestAbortedException
          ? Optional.empty()
          : Optional.of(text(e.getCause()));
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("cannot invoke " + method, e);
    }
    return failedChecks(fresh.checks());
  }

  /** The full text of every check that did not go as expected, or empty if all did. */
  static Optional<String> failedChecks(List<ReportCheck> checks) {
    StringBuilder out = new StringBuilder();
    for (ReportCheck check : checks) {
      if (!check.asExpected()) {
        out.append(out.length() == 0 ? "" : "\n\n").append(check.text());
      }
    }
    return out.length() == 0 ? Optional.empty() : Optional.of(out.toString());
  }

  /** A throwable as a line: its type and message. */
  static String text(Throwable t) {
    return t.getMessage() == null
        ? t.toString()
        : t.getClass().getSimpleName() + ": " + t.getMessage();
  }
}
