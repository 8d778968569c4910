package org.gradcheck.generate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import org.apiguardian.api.API;
import org.ejml.data.DMatrixRMaj;

/**
 * Factories for the input domains that gradient rules need: vectors in a box, EJML matrices, logits
 * (typical and extreme magnitudes), probability-simplex points, one-hot labels, positive values,
 * points kept away from kinks, and batches of rows. Every factory's values and shrink candidates
 * lie in its domain.
 *
 * <p>Shrinking moves towards a simple value of the domain: a box shrinks towards 0 (or the end of
 * the box nearest 0), positive values towards 1, logits towards 0, simplex points towards the
 * uniform distribution, one-hot labels towards index 0.
 */
@API(status = API.Status.EXPERIMENTAL)
public final class Generators {
  /** Tolerance on |Σp − 1| for simplex points, scaled by the length. */
  static final double SIMPLEX_TOLERANCE = 1e-12;

  private Generators() {}

  /**
   * Vectors of length n, each coordinate uniform in [lo, hi]; shrinks towards 0 clamped into the
   * box.
   */
  public static Generator<double[]> uniform(int n, double lo, double hi) {
    checkBox(lo, hi, "uniform");
    return box(
        n,
        lo,
        hi,
        clamp(0.0, lo, hi),
        r -> fill(n, () -> lo + (hi - lo) * r.nextDouble()),
        "uniform(" + n + ", [" + lo + ", " + hi + "])");
  }

  /**
   * Vectors of length n, each coordinate log-uniform in [lo, hi] with 0 &lt; lo &lt; hi; shrinks
   * towards 1 clamped into the range.
   */
  public static Generator<double[]> positive(int n, double lo, double hi) {
    checkBox(lo, hi, "positive");
    if (!(lo > 0)) {
      throw new IllegalArgumentException("positive: lo must be > 0, got " + lo);
    }
    double logLo = Math.log(lo);
    double logHi = Math.log(hi);
    return box(
        n,
        lo,
        hi,
        clamp(1.0, lo, hi),
        r -> fill(n, () -> clamp(Math.exp(logLo + (logHi - logLo) * r.nextDouble()), lo, hi)),
        "positive(" + n + ", [" + lo + ", " + hi + "])");
  }

  /**
   * Logits of typical magnitude: each coordinate normal with standard deviation {@code scale},
   * clipped to ±6·scale. Shrinks towards 0.
   */
  public static Generator<double[]> logits(int n, double scale) {
    if (!(scale > 0) || !Double.isFinite(scale)) {
      throw new IllegalArgumentException("logits: scale must be finite and > 0, got " + scale);
    }
    double bound = 6 * scale;
    return box(
        n,
        -bound,
        bound,
        0.0,
        r -> fill(n, () -> clamp(scale * r.nextGaussian(), -bound, bound)),
        "logits(" + n + ", σ=" + scale + ")");
  }

  /**
   * Extreme logits: each coordinate is +magnitude, −magnitude or 0 (chosen at random, at least one
   * at +magnitude) plus a uniform offset in [−1, 1], so that softmax saturates while the leading
   * logits still compete. Domain: |x_i| ≤ magnitude + 1. Shrinks towards 0.
   */
  public static Generator<double[]> extremeLogits(int n, double magnitude) {
    if (!(magnitude >= 1) || !Double.isFinite(magnitude)) {
      throw new IllegalArgumentException(
          "extremeLogits: magnitude must be finite and ≥ 1, got " + magnitude);
    }
    double bound = magnitude + 1;
    return box(
        n,
        -bound,
        bound,
        0.0,
        r -> {
          double[] x = new double[n];
          for (int i = 0; i < n; i++) {
            x[i] = (r.nextInt(3) - 1) * magnitude + (2 * r.nextDouble() - 1);
          }
          int top = r.nextInt(n);
          x[top] = magnitude + (2 * r.nextDouble() - 1);
          return x;
        },
        "logits(" + n + ", ±" + magnitude + ")");
  }

  /**
   * Points of the probability simplex of dimension n (p_i ≥ 0, Σp = 1), uniformly distributed
   * (Dirichlet(1)). Shrinks towards the uniform distribution.
   */
  public static Generator<double[]> simplex(int n) {
    return new ArrayGenerator(
        n,
        r -> {
          double[] p = new double[n];
          for (int i = 0; i < n; i++) {
            p[i] = -Math.log(1.0 - r.nextDouble());
          }
          return normalise(p);
        },
        p -> {
          double[] uniform = new double[n];
          Arrays.fill(uniform, 1.0 / n);
          double[] half = new double[n];
          for (int i = 0; i < n; i++) {
            half[i] = 0.5 * (p[i] + uniform[i]);
          }
          return List.of(uniform, normalise(half));
        },
        Generators::simplexViolation,
        "simplex(" + n + ")");
  }

  /** One-hot label vectors of length n (one entry 1, the others 0). Shrinks towards index 0. */
  public static Generator<double[]> oneHot(int n) {
    return new ArrayGenerator(
        n,
        r -> unit(n, r.nextInt(n)),
        p -> {
          int hot = hotIndex(p);
          return hot > 0 ? List.of(unit(n, 0), unit(n, hot - 1)) : List.of();
        },
        p -> {
          int ones = 0;
          for (int i = 0; i < p.length; i++) {
            if (p[i] == 1.0) {
              ones++;
            } else if (p[i] != 0.0) {
              return Optional.of("[" + i + "] = " + p[i] + ", expected 0 or 1");
            }
          }
          return ones == 1
              ? Optional.empty()
              : Optional.of(ones + " entries equal 1, expected exactly one");
        },
        "one-hot(" + n + ")");
  }

  /**
   * The values of {@code base} whose every coordinate lies at least {@code margin} away from each
   * of the {@code kinks} (non-differentiable points such as ReLU's 0). Values are drawn by
   * rejection; candidates are the base's candidates that stay away, plus the point moved to
   * distance 2·margin on the same side of its nearest kink.
   */
  public static Generator<double[]> awayFromKinks(
      Generator<double[]> base, double margin, double... kinks) {
    Objects.requireNonNull(base, "base");
    Objects.requireNonNull(kinks, "kinks");
    if (!(margin > 0) || !Double.isFinite(margin)) {
      throw new IllegalArgumentException(
          "awayFromKinks: margin must be finite and > 0, got " + margin);
    }
    double[] at = kinks.clone();
    Function<double[], Optional<String>> away =
        x -> {
          for (int i = 0; i < x.length; i++) {
            for (double k : at) {
              if (Math.abs(x[i] - k) < margin) {
                return Optional.of(
                    "[" + i + "] = " + x[i] + " is within " + margin + " of the kink at " + k);
              }
            }
          }
          return Optional.empty();
        };
    Function<double[], List<double[]>> moved =
        x -> {
          double[] y = x.clone();
          for (int i = 0; i < y.length; i++) {
            double nearest = at.length == 0 ? 0 : at[0];
            for (double k : at) {
              if (Math.abs(y[i] - k) < Math.abs(y[i] - nearest)) {
                nearest = k;
              }
            }
            y[i] = nearest + Math.copySign(2 * margin, y[i] - nearest);
          }
          return List.of(y);
        };
    return constrained(
        base,
        away,
        moved,
        base.kind() + " away from kinks " + Arrays.toString(at) + " by " + margin);
  }

  /**
   * Vectors of {@code base} whose Euclidean norm is at least {@code minNorm} (away from the origin,
   * where the norm has its kink).
   */
  public static Generator<double[]> awayFromOrigin(Generator<double[]> base, double minNorm) {
    Objects.requireNonNull(base, "base");
    if (!(minNorm > 0) || !Double.isFinite(minNorm)) {
      throw new IllegalArgumentException(
          "awayFromOrigin: minNorm must be finite and > 0, got " + minNorm);
    }
    return constrained(
        base,
        x -> {
          double norm = 0;
          for (double v : x) {
            norm = Math.hypot(norm, v);
          }
          return norm >= minNorm
              ? Optional.empty()
              : Optional.of("norm " + norm + " is below " + minNorm);
        },
        x -> List.of(),
        base.kind() + " with norm ≥ " + minNorm);
  }

  /** EJML matrices rows×cols with entries uniform in [lo, hi]; shrinks like {@link #uniform}. */
  public static Generator<DMatrixRMaj> matrices(int rows, int cols, double lo, double hi) {
    checkPositive(rows, "matrices: rows");
    checkPositive(cols, "matrices: cols");
    Generator<double[]> entries = uniform(Math.multiplyExact(rows, cols), lo, hi);
    String kind = "matrix(" + rows + "×" + cols + ", [" + lo + ", " + hi + "])";
    return new NamedGenerator<>(kind) {
      @Override
      public DMatrixRMaj generate(RandomGenerator random) {
        return DMatrixRMaj.wrap(rows, cols, entries.generate(random));
      }

      @Override
      public List<DMatrixRMaj> shrink(DMatrixRMaj value) {
        if (!accepts(value)) {
          return List.of();
        }
        return entries.shrink(matrixData(value)).stream()
            .map(d -> DMatrixRMaj.wrap(rows, cols, d))
            .toList();
      }

      @Override
      public Optional<String> violation(DMatrixRMaj value) {
        if (value == null) {
          return Optional.of(kind + ": value is null");
        }
        if (value.numRows != rows || value.numCols != cols) {
          return Optional.of(kind + ": got a " + value.numRows + "×" + value.numCols + " matrix");
        }
        return entries.violation(matrixData(value)).map(p -> p.replace(entries.kind(), kind));
      }
    };
  }

  /**
   * A matrix generator seen as row-major flat arrays of length rows·cols, for use as a part of a
   * flat input.
   */
  public static Generator<double[]> flat(Generator<DMatrixRMaj> matrices, int rows, int cols) {
    Objects.requireNonNull(matrices, "matrices");
    checkPositive(rows, "flat: rows");
    checkPositive(cols, "flat: cols");
    int size = Math.multiplyExact(rows, cols);
    return matrices.map(
        Generators::matrixData,
        data ->
            data != null && data.length == size
                ? DMatrixRMaj.wrap(rows, cols, data.clone())
                : new DMatrixRMaj(1, 1),
        matrices.kind());
  }

  /**
   * A batch of {@code batch} rows, each drawn from {@code row} (of length {@code rowLength}), laid
   * out row-major as one flat array (rows = examples). Shrinks one row at a time.
   */
  public static Generator<double[]> rows(int batch, int rowLength, Generator<double[]> row) {
    checkPositive(batch, "rows: batch");
    checkPositive(rowLength, "rows: rowLength");
    Objects.requireNonNull(row, "row");
    return new ArrayGenerator(
        Math.multiplyExact(batch, rowLength),
        r -> {
          double[] out = new double[batch * rowLength];
          for (int b = 0; b < batch; b++) {
            double[] part = row.generate(r);
            if (part.length != rowLength) {
              throw new IllegalStateException(
                  row.kind()
                      + " produced a row of length "
                      + part.length
                      + ", expected "
                      + rowLength);
            }
            System.arraycopy(part, 0, out, b * rowLength, rowLength);
          }
          return out;
        },
        x -> {
          List<double[]> out = new ArrayList<>();
          for (int b = 0; b < batch; b++) {
            for (double[] candidate : row.shrink(rowOf(x, b, rowLength))) {
              double[] y = x.clone();
              System.arraycopy(candidate, 0, y, b * rowLength, rowLength);
              out.add(y);
            }
          }
          return out;
        },
        x -> {
          for (int b = 0; b < batch; b++) {
            Optional<String> problem = row.violation(rowOf(x, b, rowLength));
            if (problem.isPresent()) {
              return Optional.of("row " + b + ": " + problem.get());
            }
          }
          return Optional.empty();
        },
        batch + " rows of " + row.kind());
  }

  /**
   * The values of {@code base} that also satisfy {@code extra} (which returns why a value fails, or
   * empty); drawn by rejection, at most 1000 tries. {@code moreCandidates} proposes extra shrink
   * candidates; all candidates are filtered by both domains.
   */
  static Generator<double[]> constrained(
      Generator<double[]> base,
      Function<double[], Optional<String>> extra,
      Function<double[], List<double[]>> moreCandidates,
      String kind) {
    return new NamedGenerator<>(kind) {
      @Override
      public double[] generate(RandomGenerator random) {
        for (int attempt = 0; attempt < 1000; attempt++) {
          double[] x = base.generate(random);
          if (extra.apply(x).isEmpty()) {
            return x;
          }
        }
        throw new IllegalStateException(
            kind + ": no value in 1000 draws of " + base.kind() + " met the constraint");
      }

      @Override
      public List<double[]> shrink(double[] value) {
        if (!accepts(value)) {
          return List.of();
        }
        List<double[]> raw = new ArrayList<>(moreCandidates.apply(value.clone()));
        raw.addAll(base.shrink(value));
        return validCandidates(this, value, raw);
      }

      @Override
      public Optional<String> violation(double[] value) {
        Optional<String> problem = base.violation(value);
        return problem.isPresent() ? problem : extra.apply(value).map(p -> kind + ": " + p);
      }
    };
  }

  private static Generator<double[]> box(
      int n,
      double lo,
      double hi,
      double target,
      Function<RandomGenerator, double[]> sampler,
      String kind) {
    return new ArrayGenerator(
        n,
        sampler,
        x -> {
          List<double[]> out = new ArrayList<>();
          double[] all = new double[n];
          Arrays.fill(all, target);
          out.add(all);
          double[] rounded = new double[n];
          double[] half = new double[n];
          for (int i = 0; i < n; i++) {
            rounded[i] = clamp(Math.rint(x[i]), lo, hi);
            half[i] = x[i] + 0.5 * (target - x[i]);
          }
          out.add(rounded);
          out.add(half);
          for (int i = 0; i < n; i++) {
            if (x[i] != target) {
              double[] one = x.clone();
              one[i] = target;
              out.add(one);
            }
          }
          return out;
        },
        x -> {
          for (int i = 0; i < x.length; i++) {
            if (x[i] < lo || x[i] > hi) {
              return Optional.of(
                  "[" + i + "] = " + x[i] + ", expected within [" + lo + ", " + hi + "]");
            }
          }
          return Optional.empty();
        },
        kind);
  }

  private static Optional<String> simplexViolation(double[] p) {
    double sum = 0;
    for (int i = 0; i < p.length; i++) {
      if (p[i] < 0) {
        return Optional.of("[" + i + "] = " + p[i] + ", expected ≥ 0");
      }
      sum += p[i];
    }
    if (Math.abs(sum - 1.0) > SIMPLEX_TOLERANCE * p.length) {
      return Optional.of("entries sum to " + sum + ", expected 1");
    }
    return Optional.empty();
  }

  private static double[] normalise(double[] p) {
    double sum = 0;
    for (double v : p) {
      sum += v;
    }
    double[] out = new double[p.length];
    for (int i = 0; i < p.length; i++) {
      out[i] = p[i] / sum;
    }
    return out;
  }

  private static double[] unit(int n, int hot) {
    double[] e = new double[n];
    e[hot] = 1.0;
    return e;
  }

  private static int hotIndex(double[] p) {
    for (int i = 0; i < p.length; i++) {
      if (p[i] == 1.0) {
        return i;
      }
    }
    return 0;
  }

  private static double[] rowOf(double[] x, int row, int rowLength) {
    return Arrays.copyOfRange(x, row * rowLength, (row + 1) * rowLength);
  }

  private static double[] matrixData(DMatrixRMaj m) {
    return Arrays.copyOf(m.data, m.getNumElements());
  }

  private static double[] fill(int n, java.util.function.DoubleSupplier next) {
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = next.getAsDouble();
    }
    return x;
  }

  private static double clamp(double v, double lo, double hi) {
    return Math.max(lo, Math.min(hi, v));
  }

  private static void checkBox(double lo, double hi, String what) {
    if (!Double.isFinite(lo) || !Double.isFinite(hi) || !(lo < hi)) {
      throw new IllegalArgumentException(
          what + ": need finite lo < hi, got [" + lo + ", " + hi + "]");
    }
  }

  private static void checkPositive(int v, String what) {
    if (v < 1) {
      throw new IllegalArgumentException(what + " must be ≥ 1, got " + v);
    }
  }
}
