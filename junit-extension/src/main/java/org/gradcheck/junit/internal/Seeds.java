package org.gradcheck.junit.internal;

import java.util.Locale;
import org.apiguardian.api.API;

/** Seed arithmetic of the extension: parsing, formatting and derivation of per-trial seeds. */
@API(status = API.Status.INTERNAL)
public final class Seeds {
  /** The built-in base seed (java.util.Random's multiplier). */
  static final long DEFAULT_SEED = 0x5DEECE66DL;

  private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

  private Seeds() {}

  /**
   * Parses a seed written in decimal ({@code -42}) or {@code 0x}-prefixed hex of up to 16 digits
   * ({@code 0xFFFFFFFFFFFFFFFF} is −1).
   *
   * @throws IllegalArgumentException naming {@code source} and the accepted forms
   */
  static long parse(String text, String source) {
    String t = text.strip().replace("_", "");
    try {
      if (t.startsWith("0x") || t.startsWith("0X")) {
        String digits = t.substring(2);
        if (digits.isEmpty() || digits.length() > 16) {
          throw new NumberFormatException(digits);
        }
        return Long.parseUnsignedLong(digits, 16);
      }
      return Long.parseLong(t);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          source
              + ": '"
              + text
              + "' is not a seed; write a decimal long or 0x-prefixed hex of up to 16 digits,"
              + " e.g. 0x5DEECE66D",
          e);
    }
  }

  /** {@code 0x}-prefixed upper-case hex. */
  public static String format(long seed) {
    return "0x" + Long.toHexString(seed).toUpperCase(Locale.ROOT);
  }

  /** The seed of 1-based trial {@code trial}: the base seed itself for trial 1, then mixed. */
  static long trialSeed(long base, int trial) {
    return trial == 1 ? base : mix(base + (trial - 1) * GOLDEN_GAMMA);
  }

  /** An independent seed for stream {@code stream} (≥ 1) of a trial, e.g. one per parameter. */
  static long streamSeed(long trialSeed, int stream) {
    return mix(trialSeed ^ mix(stream * GOLDEN_GAMMA));
  }

  /** SplitMix64's finaliser: a bijection that spreads nearby inputs over all 64 bits. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
