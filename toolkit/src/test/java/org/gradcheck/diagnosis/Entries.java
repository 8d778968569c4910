package org.gradcheck.diagnosis;

import java.util.ArrayList;
import java.util.List;
import org.gradcheck.ComparedEntry;
import org.gradcheck.Signature;

/** Builds compared entries the way a checker does, from an analytic and an exact Jacobian. */
final class Entries {
  static final double ERROR = 1e-13;
  static final double ATOL = 1e-10;
  static final double RTOL = 1e-8;

  private Entries() {}

  /** Entry (i, j) for every row i and every differentiated input j of the signature. */
  static List<ComparedEntry> compare(Signature sig, double[][] analytic, double[][] truth) {
    List<ComparedEntry> out = new ArrayList<>();
    for (int i = 0; i < truth.length; i++) {
      for (int j : sig.differentiableInputIndices()) {
        out.add(entry(sig, i, j, analytic[i][j], truth[i][j]));
      }
    }
    return out;
  }

  static ComparedEntry entry(Signature sig, int i, int j, double a, double n) {
    double abs = Math.abs(a - n);
    double allowed = ATOL + RTOL * Math.abs(n) + 3 * ERROR;
    return new ComparedEntry(
        i,
        j,
        sig.entryLabel(i, j),
        a,
        n,
        ERROR,
        abs,
        n == 0 ? Double.POSITIVE_INFINITY : abs / Math.abs(n),
        allowed);
  }

  static double[][] copy(double[][] m) {
    double[][] c = new double[m.length][];
    for (int i = 0; i < m.length; i++) {
      c[i] = m[i].clone();
    }
    return c;
  }

  static double[][] random(java.util.Random rnd, int rows, int cols) {
    double[][] m = new double[rows][cols];
    for (double[] row : m) {
      for (int j = 0; j < cols; j++) {
        row[j] = rnd.nextGaussian();
      }
    }
    return m;
  }

  static double[][] scale(double[][] m, double c) {
    double[][] out = copy(m);
    for (double[] row : out) {
      for (int j = 0; j < row.length; j++) {
        row[j] *= c;
      }
    }
    return out;
  }

  /** The evidence of the first hypothesis of {@code pattern}; fails naming the seed if none. */
  static String evidence(Diagnosis d, Pattern pattern, long seed) {
    return d.hypotheses().stream()
        .filter(h -> h.pattern() == pattern)
        .map(Hypothesis::evidence)
        .findFirst()
        .orElseThrow(
            () -> new AssertionError(pattern + " not named; got " + d + " (seed " + seed + ")"));
  }

  /** Fails, naming the seed, if {@code pattern} is named. */
  static void assertNotNamed(Diagnosis d, Pattern pattern, long seed) {
    org.junit.jupiter.api.Assertions.assertFalse(
        d.names(pattern), () -> pattern + " named wrongly: " + d + " (seed " + seed + ")");
  }
}
