package org.gradcheck.junit.internal;

import java.util.ArrayList;
import java.util.List;
import org.gradcheck.junit.GradientCheckTrial;

/**
 * What one invocation of a {@code @GradientCheck} method shares between its parameter resolver and
 * its outcome callback: the trial, the settings, and the checks recorded so far (thread-safe: a
 * test may check from several threads).
 */
final class TrialState {
  private final GradientCheckTrial trial;
  private final Settings settings;
  private final List<RecordedCheck> checks = new ArrayList<>();

  TrialState(GradientCheckTrial trial, Settings settings) {
    this.trial = trial;
    this.settings = settings;
  }

  GradientCheckTrial trial() {
    return trial;
  }

  Settings settings() {
    return settings;
  }

  /** Records {@code check}; a report recorded before (the same instance) is not added twice. */
  synchronized void record(RecordedCheck check) {
    if (!(check instanceof ReportCheck r && recorded(r.report()))) {
      checks.add(check);
    }
  }

  /** True if {@code report} (the same instance) was recorded. */
  synchronized boolean recorded(Object report) {
    for (RecordedCheck check : checks) {
      if (check instanceof ReportCheck r && r.report() == report) {
        return true;
      }
    }
    return false;
  }

  synchronized List<RecordedCheck> checks() {
    return List.copyOf(checks);
  }
}
