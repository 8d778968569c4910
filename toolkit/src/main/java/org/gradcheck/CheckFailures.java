package org.gradcheck;

import java.io.InterruptedIOException;
import java.nio.channels.ClosedByInterruptException;
import java.util.concurrent.CancellationException;
import org.gradcheck.numeric.FunctionEvaluationException;
import org.gradcheck.numeric.NumericDifferentiationException;

/**
 * Where a check's exceptions become the {@link GradientCheckException} family: the numeric engine
 * wraps whatever f throws (it cannot tell an interrupt or a broken contract from a singular point),
 * so before any stage recovers from a numeric failure it asks {@link #rethrowIfFatal} whether the
 * failure is one that must end the check.
 */
final class CheckFailures {
  private CheckFailures() {}

  /**
   * Rethrows the {@link GradientCheckException} inside {@code e}'s cause chain (an interrupt, an
   * invalid output, a throwing derivative), or a {@link CheckInterruptedException} if the thread
   * was interrupted; returns normally if {@code e} is an ordinary numeric failure.
   */
  static void rethrowIfFatal(RuntimeException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof GradientCheckException g) {
        throw g;
      }
    }
    if (interrupted(e)) {
      throw interruption(e);
    }
  }

  /**
   * The exception a check lets out for {@code e}: its own family unchanged; an interrupt as {@link
   * CheckInterruptedException}; a failure of f (thrown by the engine or the guard) as {@link
   * FunctionFailedException}; anything else unchanged.
   */
  static RuntimeException translate(RuntimeException e, String what) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof GradientCheckException g) {
        return g;
      }
    }
    if (interrupted(e)) {
      return interruption(e);
    }
    if (e instanceof FunctionEvaluationException || e instanceof NumericDifferentiationException) {
      return new FunctionFailedException(what + " could not be evaluated: " + e.getMessage(), e);
    }
    return e;
  }

  /**
   * Why the engine could not differentiate, in the user's terms: the exception f threw, or the
   * engine's reason without its internal coordinates (the line parameter and direction it was
   * evaluating are not the user's x).
   */
  static String describeNumericFailure(NumericDifferentiationException e) {
    if (e instanceof FunctionEvaluationException && e.getCause() != null) {
      return "f threw " + e.getCause();
    }
    String message = String.valueOf(e.getMessage());
    return message.replaceAll(
        " \\(x = \\[.*?\\](?: \\(length \\d+\\))?, u = \\[.*?\\](?: \\(length \\d+\\))?\\)", "");
  }

  private static boolean interrupted(Throwable e) {
    if (Thread.currentThread().isInterrupted()) {
      return true;
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof InterruptedException
          || t instanceof InterruptedIOException
          || t instanceof ClosedByInterruptException
          || t instanceof CancellationException) {
        return true;
      }
    }
    return false;
  }

  private static CheckInterruptedException interruption(Throwable cause) {
    Thread.currentThread().interrupt();
    return new CheckInterruptedException(
        "the check was interrupted (e.g. by a test timeout); no verdict", cause);
  }
}
