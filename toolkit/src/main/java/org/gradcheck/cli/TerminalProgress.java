package org.gradcheck.cli;

import java.util.function.Consumer;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.gradcheck.report.RuleOutcome;

/**
 * The progress bar of a long run, on standard error, only when the command runs in a terminal
 * ({@link System#console()} present): silent in CI logs, pipes and tests.
 */
final class TerminalProgress implements Consumer<RuleOutcome>, AutoCloseable {
  private final ProgressBar bar;

  private TerminalProgress(ProgressBar bar) {
    this.bar = bar;
  }

  /** A bar over {@code rules} rules, or a silent one when the output is not a terminal. */
  static TerminalProgress start(int rules) {
    if (System.console() == null) {
      return new TerminalProgress(null);
    }
    return new TerminalProgress(
        new ProgressBarBuilder()
            .setTaskName("verify")
            .setInitialMax(rules)
            .setUnit(" rules", 1)
            .setStyle(ProgressBarStyle.ASCII)
            .setConsumer(new ConsoleProgressBarConsumer(System.err))
            .setUpdateIntervalMillis(250)
            .continuousUpdate()
            .build());
  }

  /** Counts one finished rule (called from any verifying thread). */
  @Override
  public synchronized void accept(RuleOutcome outcome) {
    if (bar != null) {
      bar.step();
      bar.setExtraMessage(outcome.name());
    }
  }

  @Override
  public synchronized void close() {
    if (bar != null) {
      bar.close();
    }
  }
}
