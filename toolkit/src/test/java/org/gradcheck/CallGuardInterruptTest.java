package org.gradcheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.nio.channels.ClosedByInterruptException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.gradcheck.numeric.FunctionEvaluationException;
import org.gradcheck.numeric.NumericDifferentiationException;
import org.gradcheck.numeric.NumericDifferentiator;
import org.junit.jupiter.api.Test;

/** Interrupting the thread of a check ends it: the guard never swallows an interrupt. */
class CallGuardInterruptTest {
  private static final double[] X = {0.5, -1.0};

  /** What happened on the worker thread: the value or throwable, and the interrupt status. */
  private record Outcome(Object value, Throwable thrown, boolean interruptedAfter, long millis) {}

  /**
   * Runs {@code call} on a fresh thread, interrupts it once it is blocked inside the user function
   * (sleeping or parked; at least 100 ms after the start, so that a loaded machine cannot make the
   * interrupt arrive before the call) and waits up to 5 s for it to end; the thread's interrupt
   * status is read right after the call, on the thread itself.
   */
  private static Outcome runAndInterrupt(Supplier<Object> call) throws InterruptedException {
    Outcome[] box = new Outcome[1];
    long start = System.nanoTime();
    Thread worker =
        new Thread(
            () -> {
              Object value = null;
              Throwable thrown = null;
              try {
                value = call.get();
              } catch (Throwable t) {
                thrown = t;
              }
              box[0] =
                  new Outcome(
                      value,
                      thrown,
                      Thread.currentThread().isInterrupted(),
                      TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
            },
            "interrupted-check");
    worker.setDaemon(true);
    worker.start();
    Thread.sleep(100);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (worker.getState() != Thread.State.WAITING
        && worker.getState() != Thread.State.TIMED_WAITING
        && worker.isAlive()
        && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    worker.interrupt();
    worker.join(5_000);
    assertFalse(worker.isAlive(), "the guarded call did not end within 5 s of the interrupt");
    return box[0];
  }

  /** A user function that sleeps and, as user code does, wraps the InterruptedException. */
  private static double[] sleepy(double[] x) {
    try {
      Thread.sleep(60_000);
    } catch (InterruptedException e) {
      throw new RuntimeException("sleep interrupted", e);
    }
    return x.clone();
  }

  /** A user function that parks until interrupted, then returns a value (the flag stays set). */
  private static double[] parking(double[] x) {
    while (!Thread.currentThread().isInterrupted()) {
      LockSupport.park();
    }
    return new double[] {42};
  }

  private static void assertInterrupted(Outcome o, String role) {
    assertInterruptedWith(o, "the check was interrupted while evaluating the " + role);
  }

  private static void assertInterruptedWith(Outcome o, String messageStart) {
    assertNotNull(o, "the worker recorded nothing");
    CheckInterruptedException e =
        assertInstanceOf(CheckInterruptedException.class, o.thrown(), () -> String.valueOf(o));
    assertTrue(o.interruptedAfter(), "the interrupt status must be set when the exception leaves");
    assertTrue(e.getMessage().startsWith(messageStart), e.getMessage());
    assertTrue(o.millis() < 5_000, o.millis() + " ms");
  }

  @Test
  void aSleepingFunctionEndsWithCheckInterruptedException() throws InterruptedException {
    CallGuard guard = CallGuard.everyCall();
    VectorFunction f = guard.function(CallGuardInterruptTest::sleepy);
    Outcome o = runAndInterrupt(() -> f.apply(X));
    assertInterrupted(o, "function");
    Throwable cause = o.thrown().getCause();
    assertEquals("sleep interrupted", cause.getMessage());
    assertInstanceOf(InterruptedException.class, cause.getCause());
    assertFalse(
        o.thrown() instanceof NumericDifferentiationException,
        "the numeric sweep's per-column recovery must not catch it");
    assertSame(o.thrown(), guard.interruption().orElseThrow());
  }

  @Test
  void aSleepingBackwardPassEndsWithCheckInterruptedException() throws InterruptedException {
    CallGuard guard = CallGuard.everyCall();
    VectorJacobianProduct vjp = guard.vjp((x, g) -> sleepy(x));
    Outcome o = runAndInterrupt(() -> vjp.apply(X, new double[] {1, 1}));
    assertInterrupted(o, CallGuard.VJP);
    assertFalse(o.thrown() instanceof DerivativeFailedException);
  }

  @Test
  void aParkedFunctionThatReturnsOnInterruptHasItsValueDiscarded() throws InterruptedException {
    CallGuard guard = CallGuard.everyCall();
    VectorFunction f = guard.function(CallGuardInterruptTest::parking);
    Outcome o = runAndInterrupt(() -> f.apply(X));
    assertInterrupted(o, "function");
    assertTrue(o.thrown().getMessage().contains("the value it returned is discarded"));
    GradientFunction g = guard.gradient(CallGuardInterruptTest::parking);
    assertInterrupted(runAndInterrupt(() -> g.gradient(X)), CallGuard.GRADIENT);
  }

  @Test
  void noUserCallStartsOnAnInterruptedThread() {
    CallGuard guard = CallGuard.everyCall();
    int[] calls = {0};
    VectorFunction f =
        guard.function(
            x -> {
              calls[0]++;
              return x.clone();
            });
    Thread.currentThread().interrupt();
    try {
      CheckInterruptedException e = assertThrows(CheckInterruptedException.class, () -> f.apply(X));
      assertTrue(
          e.getMessage().startsWith("the check was interrupted before evaluating the function"),
          e.getMessage());
      assertTrue(Thread.currentThread().isInterrupted(), "the status stays set");
      assertEquals(0, calls[0], "f was not called");
    } finally {
      Thread.interrupted(); // leave the test thread clean
    }
  }

  @Test
  void anInterruptRevealedOnlyByTheCauseChainCountsAndTheStatusIsRestored() {
    CallGuard guard = CallGuard.everyCall();
    Throwable[] causes = {
      new InterruptedIOException("read interrupted"),
      new ClosedByInterruptException(),
      new IllegalStateException(new UncheckedIOException(new InterruptedIOException("deep")))
    };
    for (Throwable cause : causes) {
      VectorFunction f =
          guard.function(
              x -> {
                throw cause instanceof RuntimeException re ? re : new RuntimeException(cause);
              });
      try {
        // the user code caught the interrupt, which cleared the status
        CheckInterruptedException e =
            assertThrows(CheckInterruptedException.class, () -> f.apply(X), cause::toString);
        assertTrue(Thread.currentThread().isInterrupted(), cause::toString);
        assertTrue(e.getMessage().contains("(it threw "), e.getMessage());
      } finally {
        Thread.interrupted();
      }
    }
  }

  @Test
  void ordinaryExceptionsAreReportedAsBefore() {
    CallGuard guard = CallGuard.everyCall();
    VectorFunction f =
        guard.function(
            x -> {
              throw new IllegalStateException("f itself");
            });
    FunctionEvaluationException fe =
        assertThrows(FunctionEvaluationException.class, () -> f.apply(X));
    assertInstanceOf(IllegalStateException.class, fe.getCause());
    GradientFunction g =
        guard.gradient(
            x -> {
              throw new UnsupportedOperationException("not implemented");
            });
    DerivativeFailedException de =
        assertThrows(DerivativeFailedException.class, () -> g.gradient(X));
    assertTrue(de.getMessage().startsWith("the gradient threw"), de.getMessage());
    VectorFunction timeout =
        guard.function(
            x -> {
              throw new UncheckedIOException(new SocketTimeoutException("read timed out"));
            });
    assertThrows(
        FunctionEvaluationException.class,
        () -> timeout.apply(X),
        "a socket timeout is an InterruptedIOException but no interrupt");
    assertFalse(Thread.currentThread().isInterrupted());
    assertTrue(guard.interruption().isEmpty());
    guard.throwIfInterrupted(); // nothing to throw
  }

  /**
   * The numeric engine wraps every exception of f in a FunctionEvaluationException, which a
   * per-column recovery catches; the guard remembers the interrupt, so the orchestrator still ends
   * the check with {@link CallGuard#throwIfInterrupted()}.
   */
  @Test
  void anInterruptHiddenByTheEngineIsRethrownByThrowIfInterrupted() throws InterruptedException {
    NumericDifferentiator.defaults().jacobian(x -> new double[] {x[0] * x[1]}, X); // class init
    CallGuard guard = CallGuard.everyCall();
    int[] calls = {0};
    VectorFunction f =
        guard.function(
            x -> {
              if (++calls[0] > 3) {
                return sleepy(x);
              }
              return new double[] {x[0] * x[1]};
            });
    Outcome o =
        runAndInterrupt(
            () -> {
              try {
                return NumericDifferentiator.defaults().jacobian(f, X);
              } catch (NumericDifferentiationException swallowed) {
                guard.throwIfInterrupted();
                return swallowed;
              }
            });
    // before or while evaluating the function, depending on when the interrupt arrives
    assertInterruptedWith(o, "the check was interrupted ");
    assertSame(guard.interruption().orElseThrow(), o.thrown());
  }

  /**
   * Through the checker: a FULL check whose function blocks ends soon after the interrupt, with the
   * interrupt status set (with an exception, or, while the orchestrator does not yet call {@link
   * CallGuard#throwIfInterrupted()}, with a report).
   */
  @Test
  void aFullCheckOfABlockingFunctionEndsWhenInterrupted() throws InterruptedException {
    int[] calls = {0};
    VectorFunction f =
        x -> {
          if (++calls[0] > 5) {
            return sleepy(x);
          }
          return new double[] {x[0] * x[1]};
        };
    JacobianFunction jacobian =
        x -> org.ejml.data.DMatrixRMaj.wrap(1, 2, new double[] {x[1], x[0]});
    GradientChecker checker = GradientChecker.builder().mode(Mode.FULL).seed(7).build();
    checker.checkJacobian(x -> new double[] {x[0] * x[1]}, jacobian, X); // class init, JIT
    Outcome o = runAndInterrupt(() -> checker.checkJacobian(f, jacobian, X));
    assertNotNull(o);
    System.out.println(
        "FULL check after interrupt: "
            + o.millis()
            + " ms, "
            + (o.thrown() != null
                ? "threw " + o.thrown() + ", caused by " + o.thrown().getCause()
                : "returned a report:\n" + o.value()));
    assertTrue(o.interruptedAfter(), () -> "interrupt status lost: " + o);
    assertTrue(o.millis() < 5_000, () -> o.millis() + " ms");
    if (o.thrown() != null) {
      assertInstanceOf(GradientCheckException.class, o.thrown(), () -> String.valueOf(o));
    }
  }
}
