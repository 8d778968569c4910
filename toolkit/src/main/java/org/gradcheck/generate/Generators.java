package org.gradcheck.generate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.IntToDoubleFunction;
import org.apiguardian.api.API;
import org.ejml.data.DMatrixRMaj;

/**
 * Factories for the input domains that gradient rules need — vectors in a box, EJML matrices,
 * logits (typical and extreme magnitudes), probability-simplex points, one-hot labels, positive
 * values, points kept away from kinks, batches of rows — and the combinators that build more:
 * {@link #sizes}, {@link #lists}, {@link #batches}, {@link #combine}. Every value drawn, and every
 * value a shrunk choice sequence replays to, lies in the factory's domain.
 *
 * <p>Shrinking moves every choice towards 0: a box shrinks towards 0 (or the end of the box nearest
 * 0), positive values towards 1, logits towards 0, simplex points towards the uniform distribution
 * or a face of the simplex, one-hot labels towards index 0, sizes towards the minimum.
 *
 * <p>Edge cases (mixed in with the share of {@link Choices#edgeShare()}), per domain, listed by
 * {@link Generator#edgeCases()}. The regular value is always drawn first and the edge-case choice
 * after it, so that shrinking an edge case away leaves the regular value to shrink further:
 *
 * <ul>
 *   <li>{@link #uniform}: zeros, bounds, near-constant;
 *   <li>{@link #positive}: ones, bounds, near-constant;
 *   <li>{@link #logits}: zeros, ties, near-constant, bounds;
 *   <li>{@link #extremeLogits}: ties at the top, bounds;
 *   <li>{@link #simplex}: vertex (one-hot), uniform, near-degenerate;
 *   <li>{@link #oneHot}: last class;
 *   <li>{@link #matrices}: zeros, bounds, near-constant (nearly rank one, ill-conditioned);
 *   <li>{@link #sizes}: minimum, maximum; {@link #lists} and {@link #batches}: those of the size (a
 *       batch of one when the minimum is 1) and of the elements.
 * </ul>
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class Generators {
  /** Tolerance on |Σp − 1| for simplex points, scaled by the length. */
  static final double SIMPLEX_TOLERANCE = 1e-12;

  /** Relative spread of the near-constant edge case. */
  static final double NEAR_CONSTANT_SPREAD = 1e-6;

  private static final List<String> BOX_EDGES = List.of("zeros", "bounds", "near-constant");

  private Generators() {}

  /**
   * Vectors of length n, each coordinate uniform in [lo, hi]; shrinks towards 0 clamped into the
   * box. Edge cases: zeros, bounds, near-constant.
   */
  public static Generator<double[]> uniform(int n, double lo, double hi) {
    checkBox(lo, hi, "uniform");
    return box(n, lo, hi, c -> c.real(lo, hi), "uniform(" + n + ", [" + lo + ", " + hi + "])");
  }

  /**
   * Vectors of length n, each coordinate log-uniform in [lo, hi] with 0 &lt; lo &lt; hi; shrinks
   * towards 1 clamped into the range. Edge cases: ones, bounds, near-constant.
   */
  public static Generator<double[]> positive(int n, double lo, double hi) {
    checkBox(lo, hi, "positive");
    if (!(lo > 0)) {
      throw new IllegalArgumentException("positive: lo must be > 0, got " + lo);
    }
    double logLo = Math.log(lo);
    double logHi = Math.log(hi);
    String kind = "positive(" + n + ", [" + lo + ", " + hi + "])";
    return array(
        n,
        c -> {
          double[] regular = fill(n, i -> clamp(Math.exp(c.real(logLo, logHi)), lo, hi));
          return switch (c.edgeCase(3)) {
            case 1 -> constant(n, clamp(1.0, lo, hi));
            case 2 -> bounds(n, lo, hi, c);
            case 3 -> nearConstant(n, lo, hi, regular[0], c);
            default -> regular;
          };
        },
        boxDomain(lo, hi),
        List.of("ones", "bounds", "near-constant"),
        kind);
  }

  /**
   * Logits of typical magnitude: each coordinate normal with standard deviation {@code scale},
   * clipped to ±6·scale. Shrinks towards 0. Edge cases: zeros, ties (all equal), near-constant,
   * bounds (±6·scale).
   */
  public static Generator<double[]> logits(int n, double scale) {
    if (!(scale > 0) || !Double.isFinite(scale)) {
      throw new IllegalArgumentException("logits: scale must be finite and > 0, got " + scale);
    }
    double bound = 6 * scale;
    return array(
        n,
        c -> {
          double[] regular = fill(n, i -> c.real(-bound, bound, r -> scale * r.nextGaussian()));
          return switch (c.edgeCase(4)) {
            case 1 -> new double[n];
            case 2 -> constant(n, regular[0]);
            case 3 -> nearConstant(n, -bound, bound, regular[0], c);
            case 4 -> bounds(n, -bound, bound, c);
            default -> regular;
          };
        },
        boxDomain(-bound, bound),
        List.of("zeros", "ties", "near-constant", "bounds"),
        "logits(" + n + ", σ=" + scale + ")");
  }

  /**
   * Extreme logits: each coordinate is +magnitude, −magnitude or 0 (chosen at random, at least one
   * at +magnitude) plus a uniform offset in [−1, 1], so that softmax saturates while the leading
   * logits still compete. Domain: |x_i| ≤ magnitude + 1. Shrinks towards 0. Edge cases: ties at the
   * top (every coordinate exactly +magnitude), bounds.
   */
  public static Generator<double[]> extremeLogits(int n, double magnitude) {
    if (!(magnitude >= 1) || !Double.isFinite(magnitude)) {
      throw new IllegalArgumentException(
          "extremeLogits: magnitude must be finite and ≥ 1, got " + magnitude);
    }
    double bound = magnitude + 1;
    return array(
        n,
        c -> {
          double[] x = fill(n, i -> c.integer(-1, 1) * magnitude + c.real(-1, 1));
          x[c.integer(0, n - 1)] = magnitude + c.real(-1, 1);
          return switch (c.edgeCase(2)) {
            case 1 -> constant(n, magnitude);
            case 2 -> bounds(n, -bound, bound, c);
            default -> x;
          };
        },
        boxDomain(-bound, bound),
        List.of("ties at the top", "bounds"),
        "logits(" + n + ", ±" + magnitude + ")");
  }

  /**
   * Points of the probability simplex of dimension n (p_i ≥ 0, Σp = 1), uniformly distributed
   * (Dirichlet(1)). Shrinks towards the uniform distribution and the faces of the simplex. Edge
   * cases: vertex (one-hot), uniform, near-degenerate (one entry 1 − ε).
   */
  public static Generator<double[]> simplex(int n) {
    return array(
        n,
        c -> {
          double[] regular =
              normalise(fill(n, i -> c.real(0, 40, r -> -Math.log(1.0 - r.nextDouble()))));
          return switch (c.edgeCase(3)) {
            case 1 -> unit(n, c.integer(0, n - 1));
            case 2 -> constant(n, 1.0 / n);
            case 3 -> {
              double[] p = fill(n, i -> c.real(0, 1e-6));
              p[c.integer(0, n - 1)] = 1;
              yield normalise(p);
            }
            default -> regular;
          };
        },
        Generators::simplexViolation,
        List.of("vertex", "uniform", "near-degenerate"),
        "simplex(" + n + ")");
  }

  /**
   * One-hot label vectors of length n (one entry 1, the others 0). Shrinks towards index 0. Edge
   * case: the last class.
   */
  public static Generator<double[]> oneHot(int n) {
    return array(
        n,
        c -> {
          int hot = c.integer(0, n - 1);
          return unit(n, c.edgeCase(1) == 1 ? n - 1 : hot);
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
        List.of("last class"),
        "one-hot(" + n + ")");
  }

  /**
   * The values of {@code base} whose every coordinate lies at least {@code margin} away from each
   * of the {@code kinks} (non-differentiable points such as ReLU's 0), drawn by rejection.
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
    return constrained(
        base, away, base.kind() + " away from kinks " + Arrays.toString(at) + " by " + margin);
  }

  /**
   * Vectors of {@code base} whose Euclidean norm is at least {@code minNorm} (away from the origin,
   * where the norm has its kink), drawn by rejection.
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
        base.kind() + " with norm ≥ " + minNorm);
  }

  /**
   * EJML matrices rows×cols with entries uniform in [lo, hi]; shrinks like {@link #uniform}. Edge
   * cases: zeros, bounds, near-constant (nearly rank one, so ill-conditioned).
   */
  public static Generator<DMatrixRMaj> matrices(int rows, int cols, double lo, double hi) {
    checkPositive(rows, "matrices: rows");
    checkPositive(cols, "matrices: cols");
    Generator<double[]> entries = uniform(Math.multiplyExact(rows, cols), lo, hi);
    String kind = "matrix(" + rows + "×" + cols + ", [" + lo + ", " + hi + "])";
    return new DrawnGenerator<>(
        kind,
        c -> DMatrixRMaj.wrap(rows, cols, entries.draw(c)),
        m -> {
          if (m.numRows != rows || m.numCols != cols) {
            return Optional.of(kind + ": got a " + m.numRows + "×" + m.numCols + " matrix");
          }
          return entries.violation(matrixData(m)).map(p -> p.replace(entries.kind(), kind));
        },
        entries.edgeCases());
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
   * out row-major as one flat array (rows = examples).
   */
  public static Generator<double[]> rows(int batch, int rowLength, Generator<double[]> row) {
    checkPositive(batch, "rows: batch");
    checkPositive(rowLength, "rows: rowLength");
    Objects.requireNonNull(row, "row");
    return array(
        Math.multiplyExact(batch, rowLength),
        c -> {
          double[] out = new double[batch * rowLength];
          for (int b = 0; b < batch; b++) {
            double[] part = row.draw(c);
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
          for (int b = 0; b < batch; b++) {
            Optional<String> problem =
                row.violation(Arrays.copyOfRange(x, b * rowLength, (b + 1) * rowLength));
            if (problem.isPresent()) {
              return Optional.of("row " + b + ": " + problem.get());
            }
          }
          return Optional.empty();
        },
        row.edgeCases(),
        batch + " rows of " + row.kind());
  }

  /**
   * Sizes in [min, max], uniform; shrinks towards min. Edge cases: minimum, maximum (the size is
   * drawn in either case, so that shrinking away from an edge case keeps the choices aligned).
   *
   * @throws IllegalArgumentException unless 0 ≤ min ≤ max
   */
  public static Generator<Integer> sizes(int min, int max) {
    if (min < 0 || min > max) {
      throw new IllegalArgumentException("sizes: need 0 ≤ min ≤ max, got " + min + ", " + max);
    }
    return new DrawnGenerator<>(
        "sizes(" + min + ".." + max + ")",
        c -> {
          int drawn = min + c.integer(0, max - min);
          int edge = c.edgeCase(2);
          return edge == 1 ? min : edge == 2 ? max : drawn;
        },
        n ->
            n >= min && n <= max
                ? Optional.empty()
                : Optional.of("size " + n + ", expected within [" + min + ", " + max + "]"),
        List.of("minimum", "maximum"));
  }

  /**
   * Lists of {@code min..max} elements of {@code element}: the size is drawn first, then the
   * elements, so shrinking shortens the list as well as simplifying its elements. Edge cases: those
   * of {@link #sizes} (a list of one when min ≤ 1) and of the element.
   */
  public static <T> Generator<List<T>> lists(Generator<T> element, int min, int max) {
    Objects.requireNonNull(element, "element");
    Generator<Integer> size = sizes(min, max);
    List<String> edges = new ArrayList<>(size.edgeCases());
    edges.addAll(element.edgeCases());
    return new DrawnGenerator<>(
        "lists(" + min + ".." + max + " of " + element.kind() + ")",
        c -> {
          int n = size.draw(c);
          List<T> out = new ArrayList<>(n);
          for (int i = 0; i < n; i++) {
            out.add(element.draw(c));
          }
          return List.copyOf(out);
        },
        list -> {
          Optional<String> problem = size.violation(list.size());
          for (int i = 0; problem.isEmpty() && i < list.size(); i++) {
            int at = i;
            problem = element.violation(list.get(i)).map(p -> "element " + at + ": " + p);
          }
          return problem;
        },
        edges);
  }

  /**
   * Batches of {@code minBatch..maxBatch} rows drawn from {@code row}, as a {@code double[batch][]}
   * (a batch of one is an edge case when minBatch is 1).
   */
  public static Generator<double[][]> batches(int minBatch, int maxBatch, Generator<double[]> row) {
    checkPositive(minBatch, "batches: minBatch");
    Generator<List<double[]>> lists = lists(row, minBatch, maxBatch);
    return new DrawnGenerator<>(
        "batches(" + minBatch + ".." + maxBatch + " rows of " + row.kind() + ")",
        c -> lists.draw(c).toArray(double[][]::new),
        b -> lists.violation(Arrays.asList(b)),
        lists.edgeCases());
  }

  /** Pairs combined by {@code combiner}: a drawn first, then b. */
  public static <A, B, R> Generator<R> combine(
      Generator<A> a, Generator<B> b, BiFunction<? super A, ? super B, ? extends R> combiner) {
    Objects.requireNonNull(combiner, "combiner");
    return tuples(List.of(a, b)).map(t -> combiner.apply(cast(t.get(0)), cast(t.get(1))));
  }

  /** Triples combined by {@code combiner}: a drawn first, then b, then c. */
  public static <A, B, C, R> Generator<R> combine(
      Generator<A> a, Generator<B> b, Generator<C> c, Combiner3<A, B, C, R> combiner) {
    Objects.requireNonNull(combiner, "combiner");
    return tuples(List.of(a, b, c))
        .map(t -> combiner.apply(cast(t.get(0)), cast(t.get(1)), cast(t.get(2))));
  }

  /**
   * Tuples: one value of each generator, drawn in order from the same choices; validity is checked
   * part by part.
   */
  public static Generator<List<Object>> tuples(List<? extends Generator<?>> parts) {
    List<Generator<?>> all = List.copyOf(parts);
    List<String> kinds = new ArrayList<>();
    List<String> edges = new ArrayList<>();
    for (Generator<?> g : all) {
      kinds.add(g.kind());
      edges.addAll(g.edgeCases());
    }
    return new DrawnGenerator<>(
        "(" + String.join(", ", kinds) + ")",
        c -> {
          List<Object> out = new ArrayList<>();
          for (Generator<?> g : all) {
            out.add(g.draw(c));
          }
          return java.util.Collections.unmodifiableList(out);
        },
        t -> {
          for (int k = 0; k < all.size(); k++) {
            Optional<String> problem = violationOf(all.get(k), t.get(k));
            if (problem.isPresent()) {
              return Optional.of("part " + k + ": " + problem.get());
            }
          }
          return Optional.empty();
        },
        edges.stream().distinct().toList());
  }

  /**
   * A generator from a draw function, for domains the factories do not cover; its values are not
   * checked against a domain.
   */
  public static <T> Generator<T> of(String kind, Function<Choices, T> draw) {
    return new DrawnGenerator<>(
        kind, Objects.requireNonNull(draw, "draw"), v -> Optional.empty(), List.of());
  }

  /** Combines three values into one. */
  @API(status = API.Status.EXPERIMENTAL, since = "0.2")
  @FunctionalInterface
  public interface Combiner3<A, B, C, R> {
    /** The combined value. */
    R apply(A a, B b, C c);
  }

  @SuppressWarnings("unchecked")
  private static <T> Optional<String> violationOf(Generator<T> g, Object value) {
    return g.violation((T) value);
  }

  @SuppressWarnings("unchecked")
  private static <T> T cast(Object o) {
    return (T) o;
  }

  /** The values of {@code base} that also satisfy {@code extra}, drawn by rejection. */
  static Generator<double[]> constrained(
      Generator<double[]> base, Function<double[], Optional<String>> extra, String kind) {
    return DrawnGenerator.filtered(base, x -> extra.apply(x).isEmpty(), extra, kind);
  }

  /** A box domain with its three edge cases. */
  private static Generator<double[]> box(
      int n,
      double lo,
      double hi,
      java.util.function.ToDoubleFunction<Choices> coordinate,
      String kind) {
    return array(
        n,
        c -> {
          double[] regular = fill(n, i -> coordinate.applyAsDouble(c));
          return switch (c.edgeCase(3)) {
            case 1 -> constant(n, clamp(0.0, lo, hi));
            case 2 -> bounds(n, lo, hi, c);
            case 3 -> nearConstant(n, lo, hi, regular[0], c);
            default -> regular;
          };
        },
        boxDomain(lo, hi),
        BOX_EDGES,
        kind);
  }

  /**
   * A generator of {@code double[]} of length n: every value is checked for its length, finite
   * entries and {@code domain}, whose message is prefixed with the kind.
   */
  private static Generator<double[]> array(
      int n,
      Function<Choices, double[]> draw,
      Function<double[], Optional<String>> domain,
      List<String> edgeCases,
      String kind) {
    if (n < 1) {
      throw new IllegalArgumentException(kind + ": length must be ≥ 1, got " + n);
    }
    return new DrawnGenerator<>(
        kind,
        draw,
        x -> {
          if (x.length != n) {
            return Optional.of(kind + ": length " + x.length + ", expected " + n);
          }
          for (int i = 0; i < x.length; i++) {
            if (!Double.isFinite(x[i])) {
              return Optional.of(kind + ": [" + i + "] = " + x[i] + ", expected a finite number");
            }
          }
          return domain.apply(x).map(p -> kind + ": " + p);
        },
        edgeCases);
  }

  private static Function<double[], Optional<String>> boxDomain(double lo, double hi) {
    return x -> {
      for (int i = 0; i < x.length; i++) {
        if (x[i] < lo || x[i] > hi) {
          return Optional.of(
              "[" + i + "] = " + x[i] + ", expected within [" + lo + ", " + hi + "]");
        }
      }
      return Optional.empty();
    };
  }

  /** Each coordinate at lo or hi, chosen. */
  private static double[] bounds(int n, double lo, double hi, Choices c) {
    return fill(n, i -> c.integer(0, 1) == 0 ? lo : hi);
  }

  /** Each coordinate {@code centre} plus a tiny drawn offset, clamped into [lo, hi]. */
  private static double[] nearConstant(int n, double lo, double hi, double centre, Choices c) {
    double spread = NEAR_CONSTANT_SPREAD * (hi - lo);
    return fill(n, i -> clamp(centre + c.real(-spread, spread), lo, hi));
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

  /** p / Σp, or the uniform distribution when every entry is 0. */
  private static double[] normalise(double[] p) {
    double sum = 0;
    for (double v : p) {
      sum += v;
    }
    if (sum == 0) {
      return constant(p.length, 1.0 / p.length);
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

  private static double[] constant(int n, double value) {
    double[] x = new double[n];
    Arrays.fill(x, value);
    return x;
  }

  private static double[] matrixData(DMatrixRMaj m) {
    return Arrays.copyOf(m.data, m.getNumElements());
  }

  /** Entries drawn in index order. */
  private static double[] fill(int n, IntToDoubleFunction next) {
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = next.applyAsDouble(i);
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
