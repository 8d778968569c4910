package org.gradcheck.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.apiguardian.api.API;
import org.gradcheck.GradientChecker;
import org.gradcheck.Mode;
import org.gradcheck.reference.KnownBugs;
import org.gradcheck.reference.ReferenceRules;
import org.gradcheck.registry.GradientRegistry;
import org.gradcheck.registry.GradientRule;
import org.gradcheck.registry.VerificationConfig;
import org.gradcheck.registry.VerificationResult;
import org.gradcheck.report.VerificationReport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code gradcheck} command line. {@code gradcheck verify} checks the built-in reference cases
 * and every rule of any {@code RuleProvider} a jar on the class path declares at seeded random
 * points, confirms the built-in known bugs are caught, and writes the verification report.
 *
 * <p>Exit codes: 0 verified, 1 a rule failed or a known bug slipped through, 2 bad usage.
 */
@API(status = API.Status.EXPERIMENTAL)
@Command(
    name = "gradcheck",
    mixinStandardHelpOptions = true,
    version = "gradcheck 0.1.0",
    description = "Verifies hand-written derivatives against numeric ones.",
    subcommands = {GradcheckCommand.Verify.class})
public final class GradcheckCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "missing subcommand: try 'verify'");
  }

  /** Runs the command line and returns its exit code (does not exit). */
  public static int execute(String... args) {
    return new CommandLine(new GradcheckCommand()).execute(args);
  }

  /** Entry point: runs the command line and exits with its code. */
  public static void main(String... args) {
    System.exit(execute(args));
  }

  /** {@code gradcheck verify}: verifies every rule on the class path and writes the report. */
  @API(status = API.Status.EXPERIMENTAL)
  @Command(
      name = "verify",
      mixinStandardHelpOptions = true,
      description = "Checks every registered rule and the known bugs; writes the report.")
  public static final class Verify implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
        names = "--out",
        defaultValue = "target/gradcheck-report",
        description =
            "Directory for report.md, report.json, margins.png (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(
        names = "--points",
        defaultValue = "20",
        description = "Random input points per rule (default: ${DEFAULT-VALUE}).")
    int points;

    @Option(
        names = "--seed",
        defaultValue = "42",
        description = "Seed of every input point and probe (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
        names = "--rule",
        description = "Only rules whose name matches this regular expression.")
    String rule;

    @Option(
        names = "--mode",
        defaultValue = "AUTO",
        description = "Checker mode: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Mode mode;

    @Option(names = "--no-known-bugs", description = "Skip the known-bug rules.")
    boolean noKnownBugs;

    @Override
    public Integer call() {
      if (points < 1) {
        throw new ParameterException(spec.commandLine(), "--points must be ≥ 1, got " + points);
      }
      Pattern filter = compile(rule);
      GradientChecker checker = GradientChecker.builder().seed(seed).mode(mode).build();
      long start = System.nanoTime();
      GradientRegistry registry = GradientRegistry.discover();
      for (GradientRule builtIn : ReferenceRules.all()) {
        if (registry.find(builtIn.name()).isEmpty()) {
          registry.register(builtIn);
        }
      }
      VerificationResult correct = registry.verifyAll(config(checker, filter));
      VerificationResult bugs = null;
      Map<String, String> lessons = new LinkedHashMap<>();
      if (!noKnownBugs) {
        GradientRegistry buggy = new GradientRegistry().registerAll(KnownBugs.rules());
        for (KnownBugs bug : KnownBugs.values()) {
          lessons.put(bug.ruleName(), bug.mistake());
        }
        bugs = buggy.verifyAll(config(checker, filter));
      }
      Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
      VerificationReport report = VerificationReport.of(correct, bugs, lessons, elapsed);
      List<Path> files = report.writeTo(out);
      PrintWriter stdout = spec.commandLine().getOut();
      stdout.println(report.toMarkdown());
      files.forEach(f -> stdout.println("wrote " + f.toAbsolutePath()));
      stdout.flush();
      return report.verified() ? 0 : 1;
    }

    private VerificationConfig config(GradientChecker checker, Pattern filter) {
      VerificationConfig.Builder config =
          VerificationConfig.builder().seed(seed).pointsPerRule(points).checker(checker);
      if (filter != null) {
        config.matching(name -> filter.matcher(name).find(), "rules matching /" + filter + "/");
      }
      return config.build();
    }

    private Pattern compile(String regex) {
      if (regex == null) {
        return null;
      }
      try {
        return Pattern.compile(regex);
      } catch (PatternSyntaxException e) {
        throw new ParameterException(
            spec.commandLine(), "--rule is not a valid regular expression: " + e.getMessage());
      }
    }
  }
}
