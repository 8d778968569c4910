package org.gradcheck.junit;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThan;

import java.util.concurrent.TimeUnit;
import org.gradcheck.CheckInterruptedException;
import org.gradcheck.GradientChecker;
import org.gradcheck.Mode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/**
 * JUnit's {@code @Timeout} ends a check whose function blocks: the timeout interrupts the test
 * thread, the check stops at its next evaluation with a {@link CheckInterruptedException}, and the
 * test fails promptly instead of hanging — in every mode.
 */
class TimeoutTest {
  /** A forward pass that blocks for a minute at every call after the first few. */
  static double[] slow(double[] x) {
    try {
      Thread.sleep(60_000);
    } catch (InterruptedException e) {
      throw new IllegalStateException("the forward pass was interrupted", e);
    }
    return x.clone();
  }

  @TestKit.Fixture
  static class Blocking {
    @Test
    @Timeout(value = 300, unit = TimeUnit.MILLISECONDS)
    void full() {
      check(Mode.FULL);
    }

    @Test
    @Timeout(value = 300, unit = TimeUnit.MILLISECONDS)
    void sampled() {
      check(Mode.SAMPLED);
    }

    @Test
    @Timeout(value = 300, unit = TimeUnit.MILLISECONDS)
    void fast() {
      check(Mode.FAST);
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.SECONDS)
    void quick() {
      // the same check on a function that does not block passes under a timeout
      GradientChecker.builder()
          .mode(Mode.FULL)
          .build()
          .checkVjp(x -> x.clone(), (x, g) -> g.clone(), new double[] {1, 2, 3})
          .assertPassed();
    }

    private static void check(Mode mode) {
      GradientChecker.builder()
          .mode(mode)
          .build()
          .checkVjp(TimeoutTest::slow, (x, g) -> g.clone(), new double[] {1, 2, 3});
    }
  }

  @Test
  void aTimeoutEndsABlockedCheckInEveryMode() {
    long start = System.nanoTime();
    EngineExecutionResults results = TestKit.run(Blocking.class);
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertThat(results.testEvents().failed().count(), equalTo(3L));
    assertThat(
        "a check that does not block still passes",
        results.testEvents().succeeded().count(),
        equalTo(1L));
    assertThat("three 300 ms timeouts, not three one-minute sleeps", millis, lessThan(20_000L));
  }
}
