package org.gradcheck.numeric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.UnaryOperator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An interrupted caller stops the engine within a second, keeps its flag, and gets an exception.
 */
class InterruptTest {
  private static final double[] X = {0.3, -1.2, 2.0, 0.7};

  /** What the differentiating thread saw: the exception it ended with and its interrupt flag. */
  private record Outcome(Throwable thrown, boolean flagSet, Object result) {}

  /**
   * Runs a Jacobian on its own thread, interrupts it once f is blocked away from the base point,
   * and returns what happened there; fails if the thread is still running a second later.
   */
  private static Outcome interruptWhileBlocked(
      int threads, UnaryOperator<double[]> blocking, CountDownLatch blocked, AtomicInteger active)
      throws InterruptedException {
    AtomicReference<Outcome> outcome = new AtomicReference<>();
    Thread caller =
        new Thread(
            () -> {
              try {
                Object r =
                    NumericDifferentiator.defaults().withThreads(threads).jacobian(blocking, X);
                outcome.set(new Outcome(null, Thread.currentThread().isInterrupted(), r));
              } catch (Throwable t) {
                outcome.set(new Outcome(t, Thread.currentThread().isInterrupted(), null));
              }
            },
            "differentiating with " + threads + " threads");
    caller.start();
    assertTrue(blocked.await(5, TimeUnit.SECONDS), "f never blocked (threads " + threads + ")");
    long start = System.nanoTime();
    caller.interrupt();
    caller.join(1000);
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertFalse(caller.isAlive(), "still differentiating 1 s after the interrupt");
    assertTrue(millis < 1000, "took " + millis + " ms to stop");
    // outstanding evaluations end too (the pool's workers are interrupted, not awaited)
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
    while (active.get() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertEquals(0, active.get(), "evaluations of f still running after the interrupt");
    return outcome.get();
  }

  private static boolean atBase(double[] x) {
    return java.util.Arrays.equals(x, X);
  }

  @ParameterizedTest(name = "threads {0}")
  @ValueSource(ints = {1, 2})
  void aParkedFunctionIsCancelledAndTheFlagStaysSet(int threads) throws InterruptedException {
    CountDownLatch blocked = new CountDownLatch(1);
    AtomicInteger active = new AtomicInteger();
    UnaryOperator<double[]> parking =
        x -> {
          if (!atBase(x)) {
            active.incrementAndGet();
            try {
              blocked.countDown();
              // returns normally once interrupted: the engine must notice the flag itself
              while (!Thread.currentThread().isInterrupted()) {
                LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(10));
              }
            } finally {
              active.decrementAndGet();
            }
          }
          return new double[] {Math.sin(x[0]) * x[1], x[2] * x[3]};
        };
    Outcome o = interruptWhileBlocked(threads, parking, blocked, active);
    assertNotNull(o.thrown(), "the engine returned a result after an interrupt: " + o.result());
    assertInstanceOf(CancellationException.class, o.thrown(), () -> String.valueOf(o.thrown()));
    assertTrue(o.thrown().getMessage().contains("interrupted"), o.thrown().getMessage());
    assertTrue(o.flagSet(), "the interrupt flag was cleared (threads " + threads + ")");
  }

  @ParameterizedTest(name = "threads {0}")
  @ValueSource(ints = {1, 2})
  void aSleepingFunctionsOwnExceptionIsNotWrappedIntoAFunctionFailure(int threads)
      throws InterruptedException {
    CountDownLatch blocked = new CountDownLatch(1);
    AtomicInteger active = new AtomicInteger();
    UnaryOperator<double[]> sleeping =
        x -> {
          if (!atBase(x)) {
            active.incrementAndGet();
            try {
              blocked.countDown();
              Thread.sleep(30_000);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              throw new IllegalStateException("sleep interrupted", e);
            } finally {
              active.decrementAndGet();
            }
          }
          return new double[] {x[0] + x[1] * x[2] * x[3]};
        };
    Outcome o = interruptWhileBlocked(threads, sleeping, blocked, active);
    assertNotNull(o.thrown(), "the engine returned a result after an interrupt: " + o.result());
    assertFalse(
        o.thrown() instanceof FunctionEvaluationException,
        () -> "an interrupt became a recoverable function failure: " + o.thrown());
    if (threads == 1) {
      // the function's own exception, as it was thrown
      assertInstanceOf(IllegalStateException.class, o.thrown(), () -> String.valueOf(o.thrown()));
      assertEquals("sleep interrupted", o.thrown().getMessage());
    } else {
      assertInstanceOf(CancellationException.class, o.thrown(), () -> String.valueOf(o.thrown()));
    }
    assertTrue(o.flagSet(), "the interrupt flag was cleared (threads " + threads + ")");
  }

  @ParameterizedTest(name = "threads {0}")
  @ValueSource(ints = {1, 2})
  void withoutAnInterruptTheSameFunctionsAreDifferentiated(int threads) {
    UnaryOperator<double[]> f = x -> new double[] {Math.sin(x[0]) * x[1], x[2] * x[3]};
    NumericJacobian j = NumericDifferentiator.defaults().withThreads(threads).jacobian(f, X);
    assertEquals(Math.cos(0.3) * -1.2, j.values().get(0, 0), 1e-9);
    assertEquals(0.7, j.values().get(1, 2), 1e-9);
    assertFalse(Thread.currentThread().isInterrupted());
  }
}
