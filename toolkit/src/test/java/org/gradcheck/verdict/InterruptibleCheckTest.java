package org.gradcheck.verdict;

import static org.gradcheck.verdict.VerdictFunctions.SIN;
import static org.gradcheck.verdict.VerdictFunctions.point;
import static org.gradcheck.verdict.VerdictFunctions.sinVjp;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.gradcheck.CheckInterruptedException;
import org.gradcheck.CheckReport;
import org.gradcheck.GradientChecker;
import org.gradcheck.Mode;
import org.gradcheck.VectorFunction;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A check is interruptible: when f blocks (in {@code Thread.sleep}, wrapped in a RuntimeException
 * the way user code does, or busy-waiting on the interrupt flag and then returning garbage),
 * interrupting the thread running the check ends it within 5 s with a {@link
 * CheckInterruptedException}, in FULL, SAMPLED and FAST on one thread and in FULL on two.
 */
class InterruptibleCheckTest {
  private static final long SEED = 60_000L;
  private static final int N = 10;

  /** How f blocks. */
  enum Blocking {
    /** {@code Thread.sleep(60 s)}, the InterruptedException wrapped in a RuntimeException. */
    SLEEP,
    /** Spins until its thread is interrupted (at most 10 s), then returns garbage. */
    BUSY_WAIT
  }

  static Stream<Arguments> configurations() {
    Stream.Builder<Arguments> all = Stream.builder();
    for (Blocking blocking : Blocking.values()) {
      all.add(Arguments.of(Mode.FULL, 1, blocking));
      all.add(Arguments.of(Mode.SAMPLED, 1, blocking));
      all.add(Arguments.of(Mode.FAST, 1, blocking));
      all.add(Arguments.of(Mode.FULL, 2, blocking));
    }
    return all.build();
  }

  /** sin(x) for the first 3 calls (the check gets going), then blocking on every call. */
  private static VectorFunction blockingAfterThreeCalls(Blocking blocking) {
    AtomicLong calls = new AtomicLong();
    return x -> {
      if (calls.incrementAndGet() > 3) {
        if (blocking == Blocking.SLEEP) {
          try {
            Thread.sleep(60_000);
          } catch (InterruptedException e) {
            throw new RuntimeException("interrupted while computing f", e);
          }
        } else {
          long deadline = System.nanoTime() + 10_000_000_000L;
          while (!Thread.currentThread().isInterrupted() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
          }
          double[] garbage = new double[x.length];
          java.util.Arrays.fill(garbage, 12345.678);
          return garbage;
        }
      }
      return SIN.apply(x);
    };
  }

  @ParameterizedTest(name = "{0}, threads {1}, {2}")
  @MethodSource("configurations")
  void interruptingABlockedCheckEndsItWithCheckInterruptedException(
      Mode mode, int threads, Blocking blocking) throws InterruptedException {
    GradientChecker checker =
        GradientChecker.builder().mode(mode).seed(SEED).threads(threads).build();
    VectorFunction f = blockingAfterThreeCalls(blocking);
    double[] x = point(N, SEED);
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    AtomicReference<CheckReport> returned = new AtomicReference<>();
    Thread runner =
        new Thread(
            () -> {
              try {
                returned.set(checker.checkVjp(f, sinVjp(1.0), x));
              } catch (Throwable t) {
                thrown.set(t);
              }
            },
            "interruptible-check-" + mode + "-" + threads + "-" + blocking);
    runner.setDaemon(true);
    runner.start();
    Thread.sleep(200);
    runner.interrupt();
    runner.join(5_000);
    String where = "seed " + SEED + ", mode " + mode + ", threads " + threads + ", " + blocking;
    assertFalse(runner.isAlive(), () -> where + ": the check still runs 5 s after the interrupt");
    assertNotNull(
        thrown.get(), () -> where + ": the check returned a report instead\n" + returned.get());
    assertInstanceOf(
        CheckInterruptedException.class,
        thrown.get(),
        () -> where + ": thrown " + thrown.get() + " caused by " + thrown.get().getCause());
  }
}
