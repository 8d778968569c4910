package org.gradcheck.junit.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.gradcheck.CheckReport;
import org.gradcheck.GradientChecker;
import org.gradcheck.generate.ChoiceOverrun;
import org.gradcheck.generate.ChoiceSequence;
import org.gradcheck.generate.Choices;
import org.gradcheck.generate.FilterExhaustedException;
import org.gradcheck.generate.Generator;
import org.gradcheck.junit.GradientCheckTrial;
import org.gradcheck.junit.TrialChecker;
import org.gradcheck.registry.GradientRule;

/**
 * What one invocation of a {@code @GradientCheck} method shares between its parameter resolver, its
 * interceptor and its outcome callback: the trial, the settings, the rule (if any), the trial's
 * checker and random generator, and the checks recorded so far. Thread-safe: a test may check from
 * several threads.
 */
final class TrialState {
  private final GradientCheckTrial trial;
  private final Settings settings;
  private final GradientRule rule;
  private final List<ReportCheck> checks = new ArrayList<>();
  private final java.util.TreeMap<Integer, ChoiceSequence> drawnChoices = new java.util.TreeMap<>();
  private final java.util.TreeMap<Integer, Object> drawnValues = new java.util.TreeMap<>();
  private final FailureDatabase database;
  private ChoiceSequence replay;
  private List<Object> replayedValues;
  private ChoiceSequence replayedChoices;
  private String counterexample;
  private TrialChecker trialChecker;
  private SplittableRandom random;

  TrialState(GradientCheckTrial trial, Settings settings, GradientRule rule) {
    this(trial, settings, rule, null, null);
  }

  /**
   * A trial whose shrunk counterexample goes to {@code database} (may be null) and which, if {@code
   * replay} is not null, draws its generated parameters from that stored example.
   */
  TrialState(
      GradientCheckTrial trial,
      Settings settings,
      GradientRule rule,
      FailureDatabase database,
      ChoiceSequence replay) {
    this.trial = trial;
    this.settings = settings;
    this.rule = rule;
    this.database = database;
    this.replay = replay;
  }

  /** The failure database of the method, or null. */
  FailureDatabase database() {
    return database;
  }

  /** The stored example this trial replays, or null (none, or it no longer fits). */
  synchronized ChoiceSequence replay() {
    return replay;
  }

  /**
   * The values of the replayed example, drawn once by {@code tuple}; if the example no longer fits
   * the generators it is deleted from the database and null is returned, and the trial draws fresh.
   */
  synchronized List<Object> replayed(Generator<List<Object>> tuple) {
    if (replayedValues == null && replay != null) {
      Choices source = Choices.replay(replay);
      try {
        replayedValues = tuple.draw(source);
        replayedChoices = source.recorded();
      } catch (ChoiceOverrun | FilterExhaustedException e) {
        database.forget();
        replay = null;
      }
    }
    return replayedValues;
  }

  GradientCheckTrial trial() {
    return trial;
  }

  Settings settings() {
    return settings;
  }

  /** The rule this trial verifies, or null. */
  GradientRule rule() {
    return rule;
  }

  /**
   * The trial's recording checker: configured from the settings, seeded with the trial's seed,
   * every report it (or a checker derived from it) makes recorded; the one injected as a {@code
   * GradientChecker}.
   */
  synchronized GradientChecker checker() {
    return trialChecker().checker();
  }

  /** The trial's {@link TrialChecker}, recording into {@link #record}. */
  synchronized TrialChecker trialChecker() {
    if (trialChecker == null) {
      trialChecker =
          new TrialChecker(CheckerFactory.checker(settings, trial.seed()), trial, this::record);
    }
    return trialChecker;
  }

  /** One generator per trial, shared by every parameter asking for it: the trial's seed. */
  synchronized SplittableRandom random() {
    if (random == null) {
      random = new SplittableRandom(trial.seed());
    }
    return random;
  }

  /**
   * Records a labelled report; the same report instance is recorded once. The one recording point
   * of a trial: the recording checker, {@link TrialChecker#record} and rule verification all end
   * here.
   */
  synchronized void record(String label, CheckReport report) {
    if (!recorded(report)) {
      checks.add(new ReportCheck(label, report));
    }
  }

  /** True if {@code report} (the same instance) was recorded. */
  synchronized boolean recorded(CheckReport report) {
    for (ReportCheck check : checks) {
      if (check.report() == report) {
        return true;
      }
    }
    return false;
  }

  /** Records the choices and value of the generated parameter at {@code index}. */
  synchronized void drew(int index, ChoiceSequence choices, Object value) {
    drawnChoices.put(index, choices);
    drawnValues.put(index, value);
  }

  /** The choices of every generated parameter, concatenated in parameter order. */
  synchronized ChoiceSequence drawnChoices() {
    if (replayedChoices != null) {
      return replayedChoices;
    }
    List<org.gradcheck.generate.Choice> all = new ArrayList<>();
    drawnChoices.values().forEach(c -> all.addAll(c.choices()));
    return new ChoiceSequence(all);
  }

  /** The values of the generated parameters, in parameter order. */
  synchronized List<Object> drawnValues() {
    if (replayedValues != null) {
      return List.copyOf(replayedValues);
    }
    return List.copyOf(drawnValues.values());
  }

  /** The description of the shrunk counterexample of this trial, or null. */
  synchronized String counterexample() {
    return counterexample;
  }

  synchronized void counterexample(String text) {
    counterexample = text;
  }

  synchronized List<ReportCheck> checks() {
    return List.copyOf(checks);
  }
}
