package org.gradcheck;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.apiguardian.api.API;
import org.ejml.data.DMatrixRMaj;
import org.gradcheck.numeric.DirectionalDerivative;
import org.gradcheck.numeric.NonFiniteValueException;
import org.gradcheck.numeric.NumericDifferentiationException;
import org.gradcheck.numeric.NumericDifferentiator;
import org.gradcheck.numeric.RichardsonExtrapolation;
import org.gradcheck.numeric.StepSize;

/**
 * One check from start to report: validates the inputs, picks the mode, runs FULL, FAST (with
 * localisation) or SAMPLED, and assembles the {@link CheckReport}. Single use.
 */
@API(status = API.Status.INTERNAL)
public final class CheckRun {
  /** Typical evaluations per column of the numeric engine, used by AUTO's cost estimate. */
  static final int EVALUATIONS_PER_COLUMN = 7;

  /** A failed FAST probe is split into per-output-row checks up to this many outputs. */
  static final int VECTOR_PROBE_LIMIT = 4096;

  /** Analytic rows kept at once when a backward pass is expanded for FULL (doubles). */
  static final int ROW_BLOCK_DOUBLES = 1 << 22;

  /** A numeric error bound above this fraction of an entry's value confirms nothing. */
  static final double WEAK_EVIDENCE = 0.1;

  /** Columns (or probes) re-derived at most per check for a second opinion. */
  static final int MAX_SECOND_OPINIONS = 32;

  /** The relative error size the FAST slip probability is stated for. */
  static final double SLIP_RELATIVE_ERROR = 1e-4;

  private final CheckSettings settings;
  private final CheckKind kind;
  private final VectorFunction userFunction;
  private final double[] x;
  private final Signature userSignature;
  private final AnalyticSide analytic;
  private final AtomicLong evaluations = new AtomicLong();
  private final VectorFunction f;
  private final List<String> notes = new ArrayList<>();
  private EntryCollector collector;
  private Signature signature;
  private int n;
  private int m;
  private int[] columns;
  private double evaluationNanos;
  private int probesRun;
  private double slipProbability = Double.NaN;
  private int[] allRows;
  private final EntryCollector.Labels labels = this::entryLabel;
  private int secondOpinions;
  private final List<Double> weakErrors = new ArrayList<>();
  private double weakWorst;
  private String weakExample;
  private double scale;
  private int rescued;

  /** f(x), evaluated once per check; probes reuse it as the value of vᵀf at the base point. */
  private double[] valueAtX;

  /** Prepares a check; nothing is evaluated until {@link #run()}. */
  public CheckRun(
      CheckSettings settings,
      CheckKind kind,
      VectorFunction function,
      double[] x,
      Signature signature,
      AnalyticSide analytic) {
    this.settings = settings;
    this.kind = kind;
    this.userFunction = Objects.requireNonNull(function, "function f");
    this.x = checkedInput(x);
    this.userSignature = signature;
    this.analytic = analytic;
    this.f =
        v -> {
          evaluations.incrementAndGet();
          return userFunction.apply(v);
        };
  }

  private static double[] checkedInput(double[] x) {
    Objects.requireNonNull(x, "input x");
    if (x.length == 0) {
      throw new IllegalArgumentException("input x is empty; expected at least one coordinate");
    }
    for (int j = 0; j < x.length; j++) {
      if (!Double.isFinite(x[j])) {
        throw new IllegalArgumentException(
            "input x[" + j + "] = " + x[j] + " is not finite; expected a finite number");
      }
    }
    return x.clone();
  }

  private boolean secondOrder() {
    return kind == CheckKind.HESSIAN || kind == CheckKind.HVP;
  }

  /** Runs the check. */
  public CheckReport run() {
    long start = System.nanoTime();
    n = x.length;
    if (userSignature != null && userSignature.inputSize() != n) {
      throw new IllegalArgumentException(
          "x has length "
              + n
              + " but the signature declares "
              + userSignature.inputSize()
              + " inputs "
              + describe(userSignature.inputs()));
    }
    long t0 = System.nanoTime();
    double[] y0 = baseValue();
    valueAtX = y0.clone(); // the function may reuse its output array
    evaluationNanos = Math.max(1, System.nanoTime() - t0);
    m = y0.length;
    signature = resolveSignature();
    analytic.bind(m, n);
    columns = signature.differentiableInputIndices();
    if (columns.length == 0) {
      throw new IllegalArgumentException(
          "every input of the signature is constant "
              + describe(signature.inputs())
              + "; nothing to differentiate");
    }
    if (columns.length < n) {
      notes.add(
          (n - columns.length)
              + " constant input coordinate(s) "
              + constantNames()
              + " were not differentiated");
    }
    collector =
        new EntryCollector(
            settings.tolerance(), settings.worstCount(), settings.sampleLimit(), settings.seed());
    Mode mode = settings.mode();
    String reason;
    if (mode == Mode.AUTO) {
      String[] choice = chooseMode();
      mode = Mode.valueOf(choice[0]);
      reason = choice[1];
    } else {
      reason = "requested";
    }
    switch (mode) {
      case FULL -> full(columns, null);
      case SAMPLED -> sampled();
      case FAST -> fast();
      default -> throw new IllegalStateException("unexpected mode " + mode);
    }
    if (rescued > 0) {
      notes.add(
          rescued
              + " entr"
              + (rescued == 1 ? "y" : "ies")
              + " disagreed with the first numeric estimate but agreed with an independent second"
              + " one (Ridders extrapolation); the first error bound was too optimistic there, so"
              + " the second was used");
    }
    addWeakEvidenceNote();
    if (kind == CheckKind.HESSIAN) {
      noteAsymmetry(analytic.fetchedMatrix());
    }
    boolean passed = collector.failed() == 0;
    return CheckReport.builder()
        .kind(kind)
        .mode(mode, reason)
        .passed(passed)
        .maxErrors(collector.maxAbs(), collector.maxRel())
        .evaluations(evaluations.get(), analytic.calls())
        .counts(collector.compared(), collector.failed())
        .worstEntries(collector.worst())
        .comparedEntries(collector.sample())
        .seed(settings.seed())
        .probes(probesRun, slipProbability)
        .tolerance(settings.tolerance())
        .signature(signature)
        .notes(notes)
        .elapsed(Duration.ofNanos(System.nanoTime() - start))
        .build();
  }

  private double[] baseValue() {
    double[] y = f.apply(x.clone());
    String what = secondOrder() ? "the gradient" : "f";
    if (y == null) {
      throw new IllegalStateException(what + " returned null at x; expected a fresh array");
    }
    if (y.length == 0) {
      throw new IllegalArgumentException(what + " returned an empty array; expected ≥ 1 output");
    }
    for (int i = 0; i < y.length; i++) {
      if (!Double.isFinite(y[i])) {
        throw new NonFiniteValueException(
            what + " returned output[" + i + "] = " + y[i] + " at x; expected a finite value",
            i,
            0.0);
      }
    }
    if (secondOrder() && y.length != n) {
      throw new IllegalArgumentException(
          "the gradient returned length " + y.length + ", expected " + n + " (one per input)");
    }
    return y;
  }

  private Signature resolveSignature() {
    if (userSignature == null) {
      return secondOrder()
          ? Signature.builder().input("x", n).output("∇f", n).build()
          : Signature.anonymous(n, m);
    }
    if (!secondOrder() && userSignature.outputSize() != m) {
      throw new IllegalArgumentException(
          "f returned "
              + m
              + " outputs but the signature declares "
              + userSignature.outputSize()
              + " "
              + describe(userSignature.outputs()));
    }
    return userSignature;
  }

  private static String describe(List<Tensor> tensors) {
    return tensors.stream().map(Tensor::describe).toList().toString();
  }

  private String constantNames() {
    return signature.inputs().stream()
        .filter(Tensor::constant)
        .map(Tensor::name)
        .toList()
        .toString();
  }

  // ---- labels --------------------------------------------------------------------------------

  String entryLabel(int i, int j) {
    if (secondOrder()) {
      return "∂²f/∂" + signature.inputLabel(i) + "∂" + signature.inputLabel(j);
    }
    return signature.entryLabel(i, j);
  }

  String rowLabel(int i) {
    return secondOrder() ? "∂f/∂" + signature.inputLabel(i) : signature.outputLabel(i);
  }

  // ---- AUTO ----------------------------------------------------------------------------------

  private String[] chooseMode() {
    double fullNanos = estimateFullNanos();
    if (fullNanos > settings.fullBudget().toNanos()) {
      // the first call may have paid for class loading or JIT: time one more before deciding
      long t0 = System.nanoTime();
      f.apply(x.clone());
      evaluationNanos = Math.min(evaluationNanos, Math.max(1, System.nanoTime() - t0));
      fullNanos = estimateFullNanos();
    }
    String estimate =
        String.format(
            Locale.ROOT,
            "AUTO: one evaluation took %s; FULL needs ≈ %d columns × %d evaluations ≈ %s",
            ReportFormat.duration(evaluationNanos),
            columns.length,
            EVALUATIONS_PER_COLUMN,
            ReportFormat.duration(fullNanos));
    long budget = settings.fullBudget().toNanos();
    if (fullNanos <= budget) {
      return new String[] {
        "FULL", estimate + " ≤ budget " + ReportFormat.duration(budget) + " → FULL"
      };
    }
    if (columns.length <= 2L * settings.probes()) {
      return new String[] {
        "FULL", estimate + ", but FULL is no dearer than " + settings.probes() + " probes → FULL"
      };
    }
    return new String[] {
      "FAST", estimate + " > budget " + ReportFormat.duration(budget) + " → FAST"
    };
  }

  private double estimateFullNanos() {
    return evaluationNanos * (double) EVALUATIONS_PER_COLUMN * columns.length;
  }

  // ---- FULL and SAMPLED ----------------------------------------------------------------------

  /**
   * Compares every entry of the given columns, restricted to the given rows (null: all). Numeric
   * columns are streamed; analytic columns come one at a time (matrix, forward) or rows in blocks
   * of bounded memory (reverse).
   */
  private void full(int[] cols, int[] rows) {
    if (analytic.columnWise()) {
      boolean[] keep = rowMask(rows);
      sweep(
          cols,
          (j, d) -> {
            double[] a = analytic.column(x, j);
            if (keep == null) {
              compareColumn(j, allRows(), a, d);
            } else {
              double[] picked = new double[rows.length];
              for (int r = 0; r < rows.length; r++) {
                picked[r] = a[rows[r]];
              }
              compareColumn(j, rows, picked, d);
            }
          });
      return;
    }
    int[] allRows = rows != null ? rows : range(m);
    int perBlock =
        (int) Math.max(1, Math.min(allRows.length, ROW_BLOCK_DOUBLES / (long) cols.length));
    int blocks = (allRows.length + perBlock - 1) / perBlock;
    if (blocks > 1) {
      notes.add(
          String.format(
              Locale.ROOT,
              "the backward pass was expanded in %d blocks of %d rows to bound memory; the numeric"
                  + " sweep ran %d times",
              blocks,
              perBlock,
              blocks));
    }
    for (int b = 0; b < blocks; b++) {
      int from = b * perBlock;
      int to = Math.min(allRows.length, from + perBlock);
      int[] blockRows = Arrays.copyOfRange(allRows, from, to);
      double[][] analyticRows = new double[blockRows.length][];
      for (int r = 0; r < blockRows.length; r++) {
        analyticRows[r] = analytic.row(x, blockRows[r]);
      }
      sweep(
          cols,
          (j, d) -> {
            double[] a = new double[blockRows.length];
            for (int r = 0; r < blockRows.length; r++) {
              a[r] = analyticRows[r][j];
            }
            compareColumn(j, blockRows, a, d);
          });
    }
  }

  /**
   * Streams the numeric columns {@code cols} to {@code consumer} in order. If the engine cannot
   * differentiate some column (the function is not finite on its stencil, the step underflows), the
   * sweep goes on column by column from there: such a column is reported as NaN — a failure the
   * report names — instead of aborting the whole check.
   */
  private void sweep(int[] cols, NumericDifferentiator.ColumnConsumer consumer) {
    NumericDifferentiator engine = settings.differentiator();
    int[] done = {0};
    try {
      engine.forEachColumn(
          f,
          x,
          cols,
          (j, d) -> {
            done[0]++;
            consumer.accept(j, d);
          });
      return;
    } catch (NumericDifferentiationException e) {
      // fall through: finish column by column
    }
    List<String> failedColumns = new ArrayList<>();
    String reason = null;
    for (int k = done[0]; k < cols.length; k++) {
      int j = cols[k];
      DirectionalDerivative d;
      try {
        d = engine.partial(f, x, j);
      } catch (NumericDifferentiationException e) {
        double[] nan = new double[m];
        Arrays.fill(nan, Double.NaN);
        d = new DirectionalDerivative(nan, nan.clone(), 0);
        failedColumns.add(signature.inputLabel(j));
        reason = reason == null ? e.getMessage() : reason;
      }
      consumer.accept(j, d);
    }
    if (!failedColumns.isEmpty()) {
      notes.add(
          failedColumns.size()
              + " input coordinate(s) "
              + (failedColumns.size() <= 5 ? failedColumns : failedColumns.subList(0, 5) + "…")
              + " could not be differentiated numerically, so their entries are NaN and fail: "
              + reason);
    }
  }

  private int[] allRows() {
    if (allRows == null) {
      allRows = range(m);
    }
    return allRows;
  }

  /**
   * Compares analytic {@code a[r]} with numeric entry {@code rows[r]} of column j. An entry that
   * fails is re-derived once by an independent estimator (a second opinion); it passes if it agrees
   * with that estimate and the estimate is no less sharp, so one over-optimistic numeric error
   * bound cannot fail a correct derivative while a wrong one still fails both.
   */
  private void compareColumn(int j, int[] rows, double[] a, DirectionalDerivative d) {
    var tolerance = settings.tolerance();
    boolean anyFail = false;
    for (int r = 0; r < rows.length && !anyFail; r++) {
      anyFail = !tolerance.accepts(a[r], d.values()[rows[r]], d.errors()[rows[r]]);
    }
    DirectionalDerivative second = null;
    if (anyFail && secondOpinions < MAX_SECOND_OPINIONS) {
      secondOpinions++;
      double[] u = new double[n];
      u[j] = 1.0;
      second = secondOpinion(f, u);
    }
    for (int r = 0; r < rows.length; r++) {
      int i = rows[r];
      double num = d.values()[i];
      double err = d.errors()[i];
      if (second != null && !tolerance.accepts(a[r], num, err)) {
        double num2 = second.values()[i];
        double err2 = second.errors()[i];
        if (tolerance.accepts(a[r], num2, err2) && err2 <= err) {
          num = num2;
          err = err2;
          rescued++;
        }
      }
      noteWeakEvidence(i, j, a[r], num, err);
      collector.compareEntry(i, j, labels, a[r], num, err);
    }
  }

  /**
   * Remembers entries that pass only inside a wide numeric error bar — a bound above 10 % of the
   * entry's value and above 1e-3 of the largest derivative in the check — since the numeric side
   * cannot confirm them (a kink or noise there); a true zero next to large entries is not one.
   */
  private void noteWeakEvidence(int i, int j, double a, double num, double err) {
    scale = Math.max(scale, Math.max(Math.abs(a), Math.abs(num)));
    if (settings.tolerance().accepts(a, num, err)
        && err > WEAK_EVIDENCE * Math.max(Math.abs(a), Math.abs(num))
        && weakErrors.size() < 1000) {
      weakErrors.add(err);
      if (err > weakWorst) {
        weakWorst = err;
        weakExample =
            String.format(
                Locale.ROOT,
                "%s: analytic %.6g, numeric %.6g ± %.2g",
                entryLabel(i, j),
                a,
                num,
                err);
      }
    }
  }

  /** A Hessian is symmetric; says where the user's is not (often the very entry that is wrong). */
  private void noteAsymmetry(DMatrixRMaj h) {
    if (h == null) {
      return;
    }
    double worst = 0;
    int wi = -1;
    int wj = -1;
    int count = 0;
    for (int a = 0; a < columns.length; a++) {
      for (int b = a + 1; b < columns.length; b++) {
        int i = columns[a];
        int j = columns[b];
        double hij = h.unsafe_get(i, j);
        double hji = h.unsafe_get(j, i);
        double gap = Math.abs(hij - hji);
        double allowed =
            settings.tolerance().atol()
                + settings.tolerance().rtol() * Math.max(Math.abs(hij), Math.abs(hji));
        if (!(gap <= allowed)) {
          count++;
          if (!(gap <= worst)) {
            worst = gap;
            wi = i;
            wj = j;
          }
        }
      }
    }
    if (count > 0) {
      notes.add(
          String.format(
              Locale.ROOT,
              "the analytic Hessian is not symmetric in %d pair(s); largest gap: %s = %.9g but %s"
                  + " = %.9g",
              count,
              entryLabel(wi, wj),
              h.unsafe_get(wi, wj),
              entryLabel(wj, wi),
              h.unsafe_get(wj, wi)));
    }
  }

  private void addWeakEvidenceNote() {
    long count = weakErrors.stream().filter(e -> e > 1e-3 * scale).count();
    if (count > 0) {
      notes.add(
          count
              + " entr"
              + (count == 1 ? "y passes" : "ies pass")
              + " only inside a wide numeric error bar (more than "
              + Math.round(WEAK_EVIDENCE * 100)
              + " % of the value), so the numeric side cannot confirm "
              + (count == 1 ? "it" : "them")
              + " — a kink or noise there? Widest: "
              + weakExample);
    }
  }

  /**
   * J·u re-derived by an independent estimator — the same engine followed by Ridders'
   * extrapolation, whose steps and error estimate differ — or null if that estimate cannot be made
   * (e.g. the function is not finite on its stencil).
   */
  private DirectionalDerivative secondOpinion(VectorFunction g, double[] u) {
    NumericDifferentiator engine =
        settings.differentiator().withRichardson(RichardsonExtrapolation.ridders());
    try {
      return along(engine, g, u);
    } catch (NumericDifferentiationException e) {
      return null;
    }
  }

  /**
   * J·u of {@code g} at x, with steps measured in the Euclidean norm: the engine differentiates the
   * one-variable function z ↦ g(x + z·d) at z = 0, where d = u·σ/‖u‖ and σ = max(1, the u-weighted
   * RMS of x). A random direction over n coordinates thus moves x by as much as one coordinate step
   * does, not √n times more; the result is rescaled to J·u.
   */
  DirectionalDerivative along(NumericDifferentiator engine, VectorFunction g, double[] u) {
    return along(engine, g, u, null);
  }

  /**
   * As above, where {@code gAtX} = g(x) is already known (null if not): the engine's evaluation at
   * the base point then returns a copy of it instead of calling g.
   */
  private DirectionalDerivative along(
      NumericDifferentiator engine, VectorFunction g, double[] u, double[] gAtX) {
    double norm2 = 0;
    double weighted = 0;
    int support = 0;
    for (int k = 0; k < u.length; k++) {
      if (u[k] != 0) {
        norm2 += u[k] * u[k];
        weighted += u[k] * u[k] * x[k] * x[k];
        support++;
      }
    }
    if (norm2 == 0) {
      return new DirectionalDerivative(new double[m], new double[m], 0);
    }
    double norm = Math.sqrt(norm2);
    double sigma = Math.max(1.0, Math.sqrt(weighted / norm2));
    double factor = sigma / norm;
    double[] point = x.clone();
    VectorFunction line;
    if (support * 4L >= u.length) {
      // dense direction: one contiguous pass per evaluation
      double[] direction = new double[u.length];
      for (int k = 0; k < u.length; k++) {
        direction[k] = u[k] * factor;
      }
      line =
          z -> {
            double t = z[0];
            for (int k = 0; k < point.length; k++) {
              point[k] = x[k] + t * direction[k];
            }
            return g.apply(point);
          };
    } else {
      // sparse direction (bisection blocks, single columns): touch only its support
      int[] indices = new int[support];
      double[] direction = new double[support];
      int next = 0;
      for (int k = 0; k < u.length; k++) {
        if (u[k] != 0) {
          indices[next] = k;
          direction[next++] = u[k] * factor;
        }
      }
      line =
          z -> {
            double t = z[0];
            for (int k = 0; k < indices.length; k++) {
              point[indices[k]] = x[indices[k]] + t * direction[k];
            }
            return g.apply(point);
          };
    }
    VectorFunction lineFromX =
        gAtX == null ? line : z -> z[0] == 0.0 ? gAtX.clone() : line.apply(z);
    DirectionalDerivative d = engine.directional(lineFromX, new double[] {0.0}, new double[] {1.0});
    double back = 1.0 / factor;
    double[] values = d.values().clone();
    double[] errors = d.errors().clone();
    for (int i = 0; i < values.length; i++) {
      values[i] *= back;
      errors[i] *= back;
    }
    return new DirectionalDerivative(values, errors, d.evaluations());
  }

  private boolean[] rowMask(int[] rows) {
    if (rows == null) {
      return null;
    }
    boolean[] keep = new boolean[m];
    for (int i : rows) {
      keep[i] = true;
    }
    return keep;
  }

  private static int[] range(int k) {
    int[] r = new int[k];
    for (int i = 0; i < k; i++) {
      r[i] = i;
    }
    return r;
  }

  private void sampled() {
    int k = Math.min(settings.sampleSize(), columns.length);
    int[] pool = columns.clone();
    SplittableRandom random = new SplittableRandom(settings.seed());
    for (int i = 0; i < k; i++) {
      int pick = i + random.nextInt(pool.length - i);
      int t = pool[i];
      pool[i] = pool[pick];
      pool[pick] = t;
    }
    int[] chosen = Arrays.copyOf(pool, k);
    Arrays.sort(chosen);
    notes.add(
        String.format(
            Locale.ROOT,
            "SAMPLED: compared every output for %d of %d differentiable input coordinates, drawn"
                + " with seed %d",
            k,
            columns.length,
            settings.seed()));
    full(chosen, null);
  }

  // ---- FAST ----------------------------------------------------------------------------------

  /** The outcome of one probe vᵀJu: analytic, numeric and the numeric error bound. */
  record Probe(double analytic, double numeric, double error) {}

  private void fast() {
    int summaryAt = notes.size();
    SplittableRandom random = new SplittableRandom(settings.seed());
    double sumSquares = 0;
    double[] allowed = new double[settings.probes()];
    int failing = 0;
    for (int p = 0; p < settings.probes(); p++) {
      double[] u = new double[n];
      for (int j : columns) {
        u[j] = random.nextGaussian();
      }
      double[] v = new double[m];
      if (m == 1) {
        v[0] = 1.0;
      } else {
        for (int i = 0; i < m; i++) {
          v[i] = random.nextGaussian();
        }
      }
      Probe probe = probe(v, u);
      if (!settings.tolerance().accepts(probe.analytic, probe.numeric, probe.error)
          && secondOpinions < MAX_SECOND_OPINIONS) {
        secondOpinions++;
        Probe again = numericProbe(probe.analytic, v, u, true);
        if (settings.tolerance().accepts(probe.analytic, again.numeric, again.error)
            && again.error <= probe.error) {
          probe = again;
          rescued++;
        }
      }
      var e =
          collector.compare(
              -1, -1, "probe " + (p + 1) + ": vᵀJu", probe.analytic, probe.numeric, probe.error);
      probesRun++;
      sumSquares += probe.numeric * probe.numeric;
      allowed[p] = e.allowed();
      if (!e.withinTolerance() && ++failing == 1) {
        localise(p, v, u);
      }
    }
    double scale = Math.sqrt(sumSquares / settings.probes());
    slipProbability = ProbeStatistics.slipProbability(SLIP_RELATIVE_ERROR * scale, allowed, m > 1);
    double caught = ProbeStatistics.relativeErrorCaught(scale, allowed, m > 1, 1e-6);
    notes.add(
        summaryAt,
        String.format(
            Locale.ROOT,
            "FAST: %d random probes vᵀJu (u, v Gaussian, seed %d); %d failed. A wrong derivative"
                + " whose error is %.0e of the observed size ‖J‖ ≈ %.3g (rank-one, the hardest"
                + " case) would pass every probe with probability %s; errors ≥ %.2g·‖J‖ are"
                + " caught with probability ≥ 1 − 1e-6",
            settings.probes(),
            settings.seed(),
            failing,
            SLIP_RELATIVE_ERROR,
            scale,
            ReportFormat.probability(slipProbability),
            caught));
  }

  /** One probe: numeric vᵀ(J u) from a directional derivative against the analytic vᵀAu. */
  Probe probe(double[] v, double[] u) {
    double[] au = analytic.forward(x, u);
    double a = au != null ? Vectors.dot(v, au) : Vectors.dot(analytic.reverse(x, v), u);
    return numericProbe(a, v, u, false);
  }

  /**
   * The numeric side of a probe: the derivative of the scalar vᵀf along u (one stencil, whatever m
   * and n are), with smaller steps when {@code second}. The first estimate reuses f(x) and asks the
   * engine only for the accuracy the verdict needs ({@link #probeEngine()}).
   */
  private Probe numericProbe(double a, double[] v, double[] u, boolean second) {
    VectorFunction projected = m == 1 ? f : y -> new double[] {Vectors.dot(v, f.apply(y))};
    double[] atX = m == 1 ? valueAtX : new double[] {Vectors.dot(v, valueAtX)};
    DirectionalDerivative d =
        second ? secondOpinion(projected, u) : along(probeEngine(), projected, u, atX);
    if (d == null) {
      return new Probe(a, Double.NaN, Double.NaN);
    }
    double scale = m == 1 ? v[0] : 1.0;
    return new Probe(a, scale * d.values()[0], Math.abs(scale) * d.errors()[0]);
  }

  /**
   * The engine for probes: the adaptive step stops once its error estimate, times the tolerance's
   * error-bound factor k, is below the relative tolerance (target rtol / k, never tighter than the
   * engine's own default). A probe's scalar vᵀf sums m outputs, so its round-off bound is large
   * against its derivative, and the default target (1e-10) would grow the step 2–4 times, each
   * stencil shrinking a bound that the verdict already absorbs; the estimate stays honest.
   */
  private NumericDifferentiator probeEngine() {
    NumericDifferentiator engine = settings.differentiator();
    Tolerance tolerance = settings.tolerance();
    if (!(engine.stepSize() instanceof StepSize.Adaptive adaptive)
        || tolerance.errorBoundFactor() <= 0) {
      return engine;
    }
    double target = Math.min(1e-2, tolerance.rtol() / tolerance.errorBoundFactor());
    if (!(target > adaptive.relativeTarget())) {
      return engine;
    }
    return engine.withStep(adaptive.withRelativeTarget(target));
  }

  private void localise(int p, double[] v, double[] u) {
    if (estimateFullNanos() <= Math.max(settings.fullBudget().toNanos(), 1)
        || columns.length <= 2L * settings.probes()) {
      long before = evaluations.get();
      int[] rows = failingRows(u);
      String which =
          rows == null
              ? (m == 1 ? "the output row" : "all " + m + " output rows")
              : rows.length + " failing output row(s) " + rowNames(rows);
      full(columns, rows);
      notes.add(
          String.format(
              Locale.ROOT,
              "probe %d failed; n = %d is small, so FULL reran on %s to localise it (%d extra"
                  + " evaluations)",
              p + 1,
              n,
              which,
              evaluations.get() - before));
      return;
    }
    new ProbeBisection(this, v, u).run(p);
  }

  /**
   * Output rows whose entry of J·u disagrees, from one more directional derivative of f itself;
   * null (all rows) when the analytic side has no J·u or m is too large for per-row estimates.
   */
  private int[] failingRows(double[] u) {
    if (m == 1 || m > VECTOR_PROBE_LIMIT) {
      return null;
    }
    double[] au = analytic.forward(x, u);
    if (au == null) {
      return null;
    }
    DirectionalDerivative d = along(settings.differentiator(), f, u);
    List<Integer> rows = new ArrayList<>();
    for (int i = 0; i < m; i++) {
      if (!settings.tolerance().accepts(au[i], d.values()[i], d.errors()[i])) {
        rows.add(i);
      }
    }
    if (rows.isEmpty()) {
      return null;
    }
    return rows.stream().mapToInt(Integer::intValue).toArray();
  }

  private String rowNames(int[] rows) {
    List<String> names = new ArrayList<>();
    for (int k = 0; k < Math.min(rows.length, 5); k++) {
      names.add(rowLabel(rows[k]));
    }
    if (rows.length > 5) {
      names.add("…");
    }
    return names.toString();
  }

  // ---- accessors for the bisection -----------------------------------------------------------

  Signature signature() {
    return signature;
  }

  int[] differentiableColumns() {
    return columns;
  }

  int outputs() {
    return m;
  }

  double[] point() {
    return x;
  }

  VectorFunction countedFunction() {
    return f;
  }

  AnalyticSide analytic() {
    return analytic;
  }

  EntryCollector collector() {
    return collector;
  }

  CheckSettings settings() {
    return settings;
  }

  long evaluationsSoFar() {
    return evaluations.get();
  }

  void note(String note) {
    notes.add(note);
  }
}
