package org.gradcheck.verdict;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.gradcheck.GradientChecker;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Builder values out of range are rejected at once (from the setter or from build(), within 1 s)
 * with an IllegalArgumentException naming the knob and its allowed range: threads 1…256, probes
 * 1…100 000, sampleSize 1…1 000 000, worstEntries 1…100 000, sampleLimit 1…1 000 000. The bounds
 * themselves are accepted.
 */
class BuilderRangeTest {
  private static final long SEED = 1L;

  /** A knob: its name, its setter and its largest allowed value. */
  private record Knob(String name, BiFunction<GradientChecker.Builder, Integer, ?> set, int max) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static final Knob THREADS = new Knob("threads", GradientChecker.Builder::threads, 256);
  private static final Knob PROBES = new Knob("probes", GradientChecker.Builder::probes, 100_000);
  private static final Knob SAMPLE_SIZE =
      new Knob("sampleSize", GradientChecker.Builder::sampleSize, 1_000_000);
  private static final Knob WORST_ENTRIES =
      new Knob("worstEntries", GradientChecker.Builder::worstEntries, 100_000);
  private static final Knob SAMPLE_LIMIT =
      new Knob("sampleLimit", GradientChecker.Builder::sampleLimit, 1_000_000);

  static Stream<Arguments> outOfRange() {
    return Stream.of(
        Arguments.of(THREADS, 1 << 28),
        Arguments.of(THREADS, Integer.MAX_VALUE),
        Arguments.of(THREADS, 257),
        Arguments.of(THREADS, 0),
        Arguments.of(PROBES, Integer.MAX_VALUE),
        Arguments.of(PROBES, 100_001),
        Arguments.of(SAMPLE_SIZE, Integer.MAX_VALUE),
        Arguments.of(SAMPLE_SIZE, 1_000_001),
        Arguments.of(WORST_ENTRIES, Integer.MAX_VALUE),
        Arguments.of(WORST_ENTRIES, 100_001),
        Arguments.of(SAMPLE_LIMIT, Integer.MAX_VALUE),
        Arguments.of(SAMPLE_LIMIT, 1_000_001),
        Arguments.of(SAMPLE_LIMIT, -1));
  }

  static Stream<Arguments> bounds() {
    return Stream.of(THREADS, PROBES, SAMPLE_SIZE, WORST_ENTRIES, SAMPLE_LIMIT)
        .flatMap(k -> Stream.of(Arguments.of(k, 1), Arguments.of(k, k.max())));
  }

  /** The message without digit grouping: "100 000", "100_000" and "100,000" read "100000". */
  private static String ungrouped(String message) {
    return message.replaceAll("(?<=\\d)[\\s_,\\u00A0\\u202F'](?=\\d{3})", "");
  }

  @ParameterizedTest(name = "{0} = {1}")
  @MethodSource("outOfRange")
  void aValueOutOfRangeIsRejectedWithinOneSecondNamingTheKnobAndItsRange(Knob knob, int value) {
    IllegalArgumentException e =
        assertTimeoutPreemptively(
            Duration.ofSeconds(1),
            () ->
                assertThrows(
                    IllegalArgumentException.class,
                    () -> {
                      GradientChecker.Builder b = GradientChecker.builder().seed(SEED);
                      knob.set().apply(b, value);
                      b.build();
                    },
                    knob + " = " + value),
            knob + " = " + value + " took more than 1 s");
    String message = String.valueOf(e.getMessage());
    assertTrue(message.contains(knob.name()), () -> knob + " = " + value + ": " + message);
    assertTrue(
        ungrouped(message).contains(Integer.toString(knob.max())),
        () -> knob + " = " + value + ": no upper bound " + knob.max() + " in: " + message);
  }

  @ParameterizedTest(name = "{0} = {1}")
  @MethodSource("bounds")
  void theBoundsOfTheRangeAreAccepted(Knob knob, int value) {
    assertTimeoutPreemptively(
        Duration.ofSeconds(1),
        () -> {
          GradientChecker.Builder b = GradientChecker.builder().seed(SEED);
          knob.set().apply(b, value);
          b.build();
        },
        knob + " = " + value + " took more than 1 s");
  }
}
