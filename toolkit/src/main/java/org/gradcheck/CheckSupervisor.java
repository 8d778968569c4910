package org.gradcheck;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.gradcheck.diagnosis.Diagnosis;
import org.gradcheck.robust.DetectedKink;
import org.gradcheck.robust.KinkDetector;
import org.gradcheck.robust.NonFinitePolicy;
import org.gradcheck.robust.Nondeterminism;
import org.gradcheck.robust.SecondOpinion;
import org.gradcheck.robust.StepSweep;

/**
 * Completes one check's report with everything that is not a plain comparison: contract violations,
 * nondeterminism, kinks, non-finite matches, step-sweep second opinions, the tautology warning and
 * the diagnosis of what is left.
 */
final class CheckSupervisor {
  /** Failing input columns examined for kinks at most. */
  static final int MAX_KINK_COLUMNS = 16;

  /** Borderline failing entries given a step-sweep second opinion at most. */
  static final int MAX_SECOND_OPINIONS = 4;

  /** An entry counts as borderline up to this many times its tolerance. */
  static final double BORDERLINE_EXCESS = 100;

  private final Robustness settings;
  private final CheckReport report;
  private final VectorFunction f;
  private final double[] x;
  private final CallGuard guard;
  private final double[] valueAtX;
  private final List<Finding> findings = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();
  private boolean contractBroken;
  private Map<Integer, DetectedKink> kinks = Map.of();

  /** {@code valueAtX} = the check's own f(x), or null if it did not evaluate f at x first. */
  CheckSupervisor(
      Robustness settings,
      CheckReport report,
      VectorFunction f,
      double[] x,
      CallGuard guard,
      double[] valueAtX) {
    this.settings = settings;
    this.report = report;
    this.f = f;
    this.x = x;
    this.guard = guard;
    this.valueAtX = valueAtX;
  }

  CheckReport finish() {
    for (GuardViolation v : guard.violations()) {
      findings.add(new Finding(Finding.Kind.CONTRACT_VIOLATION, v.describe()));
      contractBroken = true;
    }
    nondeterminism();
    guard
        .tautologyWarning(report.signature().differentiableInputIndices().length)
        .ifPresent(w -> findings.add(new Finding(Finding.Kind.TAUTOLOGY, w)));
    kinks = settings.kinkPolicy() == KinkPolicy.CHECK ? Map.of() : kinks(suspicious());
    boolean passed = report.passed();
    if (!passed) {
      passed = explainFailures();
    } else if (!kinks.isEmpty()) {
      reportKinks(List.of());
    }
    passed &= !contractBroken;
    if (findings.isEmpty() && notes.isEmpty() && passed == report.passed()) {
      return report;
    }
    List<String> allNotes = new ArrayList<>(report.notes());
    allNotes.addAll(notes);
    List<Finding> allFindings = new ArrayList<>(report.findings());
    allFindings.addAll(findings);
    return report.toBuilder().passed(passed).notes(allNotes).findings(allFindings).build();
  }

  private void nondeterminism() {
    try {
      // the check's own f(x) (on which every numeric derivative rests) against one more call;
      // two more calls if the check did not start at x
      Nondeterminism n =
          valueAtX == null
              ? Nondeterminism.ofFunction(f, x, settings.nondeterminismTolerance())
              : Nondeterminism.compare(
                  "function", valueAtX, f.apply(x.clone()), settings.nondeterminismTolerance());
      if (n.exceeded()) {
        findings.add(
            new Finding(
                Finding.Kind.NONDETERMINISTIC_FUNCTION,
                n.describe()
                    + " — a mismatch in this report is then no evidence of a gradient bug"));
        contractBroken = true;
      }
    } catch (RuntimeException e) {
      findings.add(
          new Finding(
              Finding.Kind.NONDETERMINISTIC_FUNCTION,
              "nondeterminism: evaluating the function again at x failed ("
                  + e
                  + "), so its determinism is unknown"));
      contractBroken = true;
    }
  }

  /** Returns true if every failure turned out to be something other than a gradient bug. */
  private boolean explainFailures() {
    List<ComparedEntry> entries = report.comparedEntries();
    List<ComparedEntry> failing = entries.stream().filter(e -> !e.withinTolerance()).toList();
    boolean allVisible = failing.size() == report.failedCount();
    List<ComparedEntry> remaining = new ArrayList<>();
    int nonFiniteMatches = 0;
    for (ComparedEntry e : failing) {
      if (settings.nonFinitePolicy().judge(e.analytic(), e.numeric())
          == NonFinitePolicy.Verdict.MATCH) {
        nonFiniteMatches++;
      } else {
        remaining.add(e);
      }
    }
    if (nonFiniteMatches > 0) {
      notes.add(
          nonFiniteMatches
              + " entr"
              + (nonFiniteMatches == 1 ? "y is" : "ies are")
              + " non-finite on both sides (NaN or ±Inf; a numeric NaN means f is undefined on"
              + " the stencil); under policy COMPARE_POSITIONS that is not a mismatch");
    }
    remaining.removeAll(reportKinks(remaining));
    if (settings.secondOpinion()) {
      remaining.removeAll(secondOpinions(remaining));
    }
    if (remaining.isEmpty() && allVisible) {
      notes.add("every failing entry was explained above as something other than a gradient bug");
      return true;
    }
    List<ComparedEntry> diagnosed =
        entries.stream()
            .filter(e -> e.withinTolerance() || remaining.contains(e) || !allVisible)
            .filter(e -> !kinks.containsKey(e.inputIndex()))
            .toList();
    Diagnosis d = Diagnosis.of(diagnosed, report.signature(), x);
    findings.addAll(d.reported());
    if (!allVisible && d.wrongEntries() > 0) {
      findings.add(
          new Finding(
              Finding.Kind.COVERAGE,
              "diagnosis: based on the "
                  + entries.size()
                  + " sampled entries ("
                  + d.wrongEntries()
                  + " wrong) of "
                  + report.comparedCount()
                  + " compared ("
                  + report.failedCount()
                  + " wrong)"));
    }
    return false;
  }

  /**
   * Reports the kinks found; returns the failing entries that lie at one. Under policy FAIL the
   * check fails even where the numeric error bar was wide enough to let the entry pass.
   */
  private List<ComparedEntry> reportKinks(List<ComparedEntry> failing) {
    if (kinks.isEmpty()) {
      return List.of();
    }
    List<ComparedEntry> atKinks =
        failing.stream().filter(e -> kinks.containsKey(e.inputIndex())).toList();
    String how =
        settings.kinkPolicy() == KinkPolicy.SKIP
            ? "skipped (policy SKIP): a kink is not a gradient bug"
            : "the check fails (policy FAIL)";
    for (DetectedKink k : kinks.values()) {
      findings.add(new Finding(Finding.Kind.KINK, "kink: " + k.describe()));
    }
    findings.add(
        new Finding(
            Finding.Kind.KINK,
            "kink: the entries of "
                + kinks.size()
                + " input(s) at a kink ("
                + atKinks.size()
                + " of them outside tolerance) are "
                + how));
    if (settings.kinkPolicy() == KinkPolicy.FAIL) {
      contractBroken = true;
    }
    return atKinks;
  }

  /**
   * Entries that may sit at a kink: failing ones, and those whose numeric error bar is wide (beyond
   * 1e-6 of the values), which a one-sided kink makes honest estimates report.
   */
  private List<ComparedEntry> suspicious() {
    return report.comparedEntries().stream()
        .filter(
            e ->
                !e.withinTolerance()
                    || !(e.numericError()
                        <= 1e-6 * (Math.abs(e.analytic()) + Math.abs(e.numeric())) + 1e-10))
        .toList();
  }

  private Map<Integer, DetectedKink> kinks(List<ComparedEntry> failing) {
    Map<Integer, DetectedKink> kinks = new LinkedHashMap<>();
    KinkDetector detector = KinkDetector.defaults();
    int examined = 0;
    for (ComparedEntry e : failing) {
      int j = e.inputIndex();
      if (j < 0 || j >= x.length || kinks.containsKey(j) || !Double.isFinite(e.analytic())) {
        continue;
      }
      if (examined++ >= MAX_KINK_COLUMNS) {
        break;
      }
      Optional<DetectedKink> k = detector.detect(f, x, j, report.signature().inputLabel(j));
      k.ifPresent(kink -> kinks.put(j, kink));
    }
    return kinks;
  }

  /** Borderline entries that the step sweep calls finite-difference noise. */
  private List<ComparedEntry> secondOpinions(List<ComparedEntry> failing) {
    List<ComparedEntry> noise = new ArrayList<>();
    StepSweep sweep = StepSweep.defaults();
    int reviewed = 0;
    for (ComparedEntry e : failing) {
      if (e.inputIndex() < 0
          || e.outputIndex() < 0
          || !Double.isFinite(e.analytic())
          || !(e.excess() <= BORDERLINE_EXCESS)
          || reviewed >= MAX_SECOND_OPINIONS) {
        continue;
      }
      reviewed++;
      SecondOpinion o;
      try {
        o = sweep.review(f, x, e.outputIndex(), e.inputIndex(), e.analytic(), e.absError());
      } catch (RuntimeException ex) {
        continue;
      }
      findings.add(new Finding(Finding.Kind.SECOND_OPINION, e.label() + ": " + o));
      if (o.verdict() == SecondOpinion.Verdict.FD_NOISE) {
        noise.add(e);
      }
    }
    return noise;
  }
}
