package org.gradcheck;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.ejml.data.DMatrixRMaj;
import org.gradcheck.diagnosis.Diagnosis;
import org.gradcheck.numeric.NonFiniteValueException;
import org.gradcheck.robust.DetectedKink;
import org.gradcheck.robust.NonFinitePolicy;
import org.gradcheck.robust.Nondeterminism;

/**
 * One gradient check, read top-down as the algorithm: <b>guard</b> (validate x, evaluate f(x)
 * twice, resolve the signature), <b>choose</b> the mode from the problem, <b>compare</b> (FULL,
 * SAMPLED or FAST, each entry through one {@link Comparison}), <b>explain</b> (kinks,
 * reproducibility of both sides, broken contracts, the evidence itself, the diagnosis of what is
 * left), and the <b>verdict</b>, made once from all of it. Every stage reads the immutable {@link
 * CheckContext}; only {@link Comparison} accumulates.
 */
final class CheckRun {
  private CheckRun() {}

  /** Runs one check; its exceptions are {@link GradientCheckException}s (or builder errors). */
  static CheckReport run(
      CheckSettings settings,
      Robustness robustness,
      CheckKind kind,
      VectorFunction f,
      double[] x,
      Signature signature,
      Function<CallGuard, AnalyticSide> analytic) {
    long start = System.nanoTime();
    String what = CheckContext.secondOrder(kind) ? "the gradient" : "the function f";
    try {
      CheckContext ctx =
          CheckContext.guard(settings, robustness, kind, f, x, signature, analytic); // guard
      ModeChoice choice = ModeChoice.of(ctx); // choose
      Comparison comparison = new Comparison(ctx);
      KinkSearch kinks = new KinkSearch(ctx, comparison);
      compare(ctx, choice, comparison, kinks); // compare
      ctx.guard.throwIfInterrupted(); // the engine may have taken an interrupt for a bad point
      List<Finding> findings = new ArrayList<>();
      boolean sound = explain(ctx, choice, comparison, kinks, findings); // explain
      ctx.guard.throwIfInterrupted();
      return verdict(ctx, choice, comparison, findings, sound, start); // verdict
    } catch (NonFiniteValueException e) {
      if (robustness.nonFinitePolicy() != NonFinitePolicy.COMPARE_POSITIONS) {
        throw new FunctionFailedException(e.getMessage(), e);
      }
      return comparePositions(settings, robustness, kind, f, x, signature, analytic, e);
    } catch (RuntimeException e) {
      throw CheckFailures.translate(e, what);
    }
  }

  // ---- compare -------------------------------------------------------------------------------

  private static void compare(
      CheckContext ctx, ModeChoice choice, Comparison comparison, KinkSearch kinks) {
    if (ctx.columns.length < ctx.n) {
      comparison.note(
          (ctx.n - ctx.columns.length)
              + " constant input coordinate(s) "
              + ctx.signature.inputs().stream().filter(Tensor::constant).map(Tensor::name).toList()
              + " were not differentiated");
    }
    switch (choice.mode()) {
      case FULL -> new FullComparison(ctx, comparison).compare(ctx.columns, null);
      case SAMPLED -> new FullComparison(ctx, comparison).sampled();
      case FAST -> new FastComparison(ctx, comparison, kinks).run();
      default -> throw new IllegalStateException("unexpected mode " + choice.mode());
    }
  }

  // ---- explain -------------------------------------------------------------------------------

  /**
   * Everything that is not a plain comparison, in the order it matters for the verdict; returns
   * false if the check cannot pass whatever the entries say (a broken contract, nondeterminism, a
   * kink under policy FAIL).
   */
  private static boolean explain(
      CheckContext ctx,
      ModeChoice choice,
      Comparison comparison,
      KinkSearch kinks,
      List<Finding> findings) {
    boolean sound = true;
    for (GuardViolation v : ctx.guard.violations()) {
      findings.add(new Finding(Finding.Kind.CONTRACT_VIOLATION, v.describe()));
      sound = false;
    }
    Nondeterminism spread = ctx.functionSpread;
    if (spread.exceeded()) {
      findings.add(
          new Finding(
              Finding.Kind.NONDETERMINISTIC_FUNCTION,
              spread.describe()
                  + " — a mismatch in this report is then no evidence of a gradient bug"));
      sound = false;
    }
    Nondeterminism rerun = derivativeRerun(ctx);
    if (rerun.exceeded()) {
      findings.add(
          new Finding(
              Finding.Kind.NONDETERMINISTIC_DERIVATIVE,
              rerun.describe()
                  + " (called twice with the same arguments; PyTorch calls this a backward that"
                  + " is not reentrant)"));
      sound = false;
    }
    if (choice.mode() != Mode.FAST) {
      kinks.columns();
    }
    findings.addAll(comparison.findings());
    if (!comparison.kinks().isEmpty()) {
      sound &= reportKinks(ctx, comparison, findings);
    }
    if (comparison.nonFiniteMatches() > 0) {
      comparison.note(
          comparison.nonFiniteMatches()
              + " entr"
              + (comparison.nonFiniteMatches() == 1 ? "y is" : "ies are")
              + " non-finite on both sides (NaN or ±Inf; a numeric NaN means f is undefined on"
              + " the stencil); under policy COMPARE_POSITIONS that is not a mismatch");
      findings.add(
          new Finding(
              Finding.Kind.NON_FINITE_MATCH,
              "non-finite: "
                  + comparison.nonFiniteMatches()
                  + " entries are NaN/Inf on both sides, a match under COMPARE_POSITIONS"));
    }
    findings.addAll(comparison.evidenceFindings());
    tautology(ctx, comparison).ifPresent(findings::add);
    if (wrongEntries(ctx, comparison) > 0) {
      if (ctx.guard.violations().isEmpty()) {
        findings.addAll(diagnose(ctx, comparison, spread));
      } else {
        comparison.note(
            "no diagnosis: a user function broke its contract (see the findings), so the pattern"
                + " of mismatches is not evidence of a particular bug");
      }
    }
    if (ctx.kind == CheckKind.HESSIAN) {
      noteAsymmetry(ctx, comparison, ctx.analytic.fetchedMatrix());
    }
    return sound;
  }

  /** The analytic side called twice with the same arguments at x. */
  private static Nondeterminism derivativeRerun(CheckContext ctx) {
    double[][] twice =
        ctx.analytic.callTwice(ctx.x, new SplittableRandom(ctx.settings.seed() ^ 0x2545F491L));
    String role = ctx.analytic.what().replaceFirst("^the ", "");
    if (twice[1].length != twice[0].length) {
      return new Nondeterminism(role, 0, Double.NaN, Double.NaN, Double.POSITIVE_INFINITY, 0);
    }
    return Nondeterminism.compare(
        role, twice[0], twice[1], ctx.robustness.nondeterminismTolerance());
  }

  /** Kink findings; returns false under policy FAIL. */
  private static boolean reportKinks(
      CheckContext ctx, Comparison comparison, List<Finding> findings) {
    Map<Integer, DetectedKink> kinks = comparison.kinks();
    int shown = 0;
    for (DetectedKink k : kinks.values()) {
      if (shown++ == 5) {
        break;
      }
      findings.add(new Finding(Finding.Kind.KINK, "kink: " + k.describe()));
    }
    boolean skip = ctx.robustness.kinkPolicy() == KinkPolicy.SKIP;
    findings.add(
        new Finding(
            Finding.Kind.KINK,
            "kink: "
                + kinks.size()
                + " input(s) at a kink"
                + (kinks.size() > 5 ? " (the first 5 above)" : "")
                + ", with "
                + comparison.failedAtKinks()
                + " entries outside tolerance there; "
                + (skip
                    ? "skipped (policy SKIP): a kink is not a gradient bug"
                    : "the check fails (policy FAIL)")));
    return skip;
  }

  private static java.util.Optional<Finding> tautology(CheckContext ctx, Comparison comparison) {
    return ctx.guard
        .tautologyWarning(ctx.columns.length, comparison.collector().sample())
        .map(w -> new Finding(Finding.Kind.TAUTOLOGY, w));
  }

  /** Failing entries that are evidence of a wrong derivative (not at kinks, not matches). */
  private static long wrongEntries(CheckContext ctx, Comparison comparison) {
    long atKinks = ctx.robustness.kinkPolicy() == KinkPolicy.SKIP ? comparison.failedAtKinks() : 0;
    return comparison.collector().failed() - atKinks - comparison.nonFiniteMatches();
  }

  /**
   * The diagnosis of the entries that are wrong, excluding entries at kinks; qualified when only a
   * sample was compared; skipped when f varies between calls by more than a trace.
   */
  private static List<Finding> diagnose(
      CheckContext ctx, Comparison comparison, Nondeterminism spread) {
    double scale = 0;
    for (double y : ctx.valueAtX) {
      scale = Math.max(scale, Math.abs(y));
    }
    if (spread.exceeded() && !(spread.spread() <= 1e-6 * Math.max(1, scale))) {
      comparison.note(
          "no diagnosis: f varies between calls at x by "
              + String.format(Locale.ROOT, "%.3g", spread.spread())
              + ", so the pattern of mismatches is not evidence of a particular bug");
      return List.of();
    }
    EntryCollector collector = comparison.collector();
    List<ComparedEntry> entries = collector.sample();
    boolean allVisible =
        entries.stream().filter(e -> !e.withinTolerance()).count() == collector.failed();
    List<ComparedEntry> diagnosed =
        entries.stream().filter(e -> !comparison.kinks().containsKey(e.inputIndex())).toList();
    Diagnosis d = Diagnosis.of(diagnosed, ctx.signature, ctx.x, ctx.valueAtX);
    List<Finding> out = new ArrayList<>();
    boolean sampled = comparison.sampledColumns() != null;
    for (Finding f : d.reported().stream().map(Finding::of).toList()) {
      boolean confinement =
          f.kind() == Finding.Kind.CONFINED_TO_INPUT
              || f.kind() == Finding.Kind.CONFINED_TO_ROW
              || f.kind() == Finding.Kind.CONFINED_TO_COLUMN
              || f.kind() == Finding.Kind.CONFINED_TO_INDEX
              || f.kind() == Finding.Kind.CONFINED_TO_BLOCKS;
      out.add(
          sampled && confinement
              ? new Finding(f.kind(), f.text() + " — among the sampled columns only")
              : f);
    }
    if (!allVisible && d.wrongEntries() > 0) {
      out.add(
          new Finding(
              Finding.Kind.COVERAGE,
              "coverage: the diagnosis is based on the "
                  + entries.size()
                  + " sampled entries ("
                  + d.wrongEntries()
                  + " wrong) of "
                  + collector.compared()
                  + " compared ("
                  + collector.failed()
                  + " wrong)"));
    }
    return out;
  }

  /** A Hessian is symmetric; says where the user's is not (often the very entry that is wrong). */
  private static void noteAsymmetry(CheckContext ctx, Comparison comparison, DMatrixRMaj h) {
    if (h == null) {
      return;
    }
    double worst = 0;
    int wi = -1;
    int wj = -1;
    int count = 0;
    Tolerance t = ctx.settings.tolerance();
    for (int a = 0; a < ctx.columns.length; a++) {
      for (int b = a + 1; b < ctx.columns.length; b++) {
        int i = ctx.columns[a];
        int j = ctx.columns[b];
        double hij = h.unsafe_get(i, j);
        double hji = h.unsafe_get(j, i);
        double gap = Math.abs(hij - hji);
        if (!(gap <= t.atol() + t.rtol() * Math.max(Math.abs(hij), Math.abs(hji)))) {
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
      comparison.note(
          String.format(
              Locale.ROOT,
              "the analytic Hessian is not symmetric in %d pair(s); largest gap: %s = %.9g but %s"
                  + " = %.9g",
              count,
              ctx.entryLabel(wi, wj),
              h.unsafe_get(wi, wj),
              ctx.entryLabel(wj, wi),
              h.unsafe_get(wj, wi)));
    }
  }

  // ---- verdict -------------------------------------------------------------------------------

  private static CheckReport verdict(
      CheckContext ctx,
      ModeChoice choice,
      Comparison comparison,
      List<Finding> findings,
      boolean sound,
      long start) {
    EntryCollector collector = comparison.collector();
    boolean passed = sound && wrongEntries(ctx, comparison) == 0;
    return CheckReport.builder()
        .kind(ctx.kind)
        .mode(choice.mode(), choice.reason())
        .passed(passed)
        .maxErrors(collector.maxAbs(), collector.maxRel())
        .evaluations(ctx.f.calls(), ctx.analytic.calls())
        .counts(collector.compared(), wrongEntries(ctx, comparison))
        .worstEntries(collector.worst())
        .comparedEntries(collector.sample())
        .seed(ctx.settings.seed())
        .probes(comparison.probesRun(), comparison.slipProbability())
        .tolerance(ctx.settings.tolerance())
        .signature(ctx.signature)
        .notes(comparison.notes())
        .findings(findings)
        .elapsed(Duration.ofNanos(System.nanoTime() - start))
        .precision(ctx.settings.precision())
        .build();
  }

  // ---- non-finite f under COMPARE_POSITIONS --------------------------------------------------

  private static CheckReport comparePositions(
      CheckSettings settings,
      Robustness robustness,
      CheckKind kind,
      VectorFunction f,
      double[] x,
      Signature signature,
      Function<CallGuard, AnalyticSide> analytic,
      NonFiniteValueException cause) {
    CallGuard guard = CallGuard.sampled(robustness.guardFirstCalls(), robustness.guardEvery());
    CheckReport report =
        NonFiniteComparison.compare(
            kind,
            settings.tolerance(),
            guard.function(f),
            analytic.apply(guard),
            x.clone(),
            signature);
    if (report == null) {
      throw new FunctionFailedException(cause.getMessage(), cause);
    }
    return report.toBuilder().precision(settings.precision()).build();
  }
}
