package org.gradcheck.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;
import org.apiguardian.api.API;
import org.gradcheck.CheckReport;
import org.gradcheck.GradientChecker;
import org.gradcheck.Mode;
import org.gradcheck.Tolerance;
import org.gradcheck.registry.DeclaredKink;
import org.gradcheck.registry.DerivativeForm;
import org.gradcheck.registry.GradientRule;
import org.gradcheck.registry.PointCheck;
import org.gradcheck.registry.RuleReport;
import org.gradcheck.registry.VerificationConfig;
import org.gradcheck.report.IsolatedVerifier;
import org.gradcheck.report.PlannedRule;
import org.gradcheck.report.Provenance;
import org.gradcheck.report.ReportFiles;
import org.gradcheck.report.RuleOutcome;
import org.gradcheck.report.RunReport;
import org.gradcheck.report.RunSettings;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The {@code gradcheck} command line ({@code java -jar gradcheck.jar}). {@code verify} checks the
 * built-in reference rules, the built-in known bugs (each must be caught) and every rule a {@link
 * org.gradcheck.registry.RuleProvider} contributes, at seeded random points, and writes the
 * reports; {@code list} shows the rules; {@code check} checks one rule at one input.
 *
 * <p>Exit codes: 0 verified, 1 a rule failed (or a known bug slipped through), 2 usage or setup
 * error — one line on standard error, with the stack trace only under {@code --verbose}.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
@Command(
    name = "gradcheck",
    mixinStandardHelpOptions = true,
    versionProvider = GradcheckCommand.Version.class,
    description = "Verifies hand-written derivatives against numeric ones.",
    subcommands = {
      GradcheckCommand.Verify.class,
      GradcheckCommand.ListRules.class,
      GradcheckCommand.Check.class
    })
public final class GradcheckCommand implements Runnable {
  /** Exit code: every rule met its expectation. */
  @API(status = API.Status.EXPERIMENTAL, since = "0.2")
  public static final int VERIFIED = 0;

  /** Exit code: a rule failed, errored, or a known bug was not caught. */
  @API(status = API.Status.EXPERIMENTAL, since = "0.2")
  public static final int RULE_FAILED = 1;

  /** Exit code: bad usage or a setup problem (output, class path, providers, names). */
  @API(status = API.Status.EXPERIMENTAL, since = "0.2")
  public static final int SETUP_ERROR = 2;

  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(
        spec.commandLine(), "missing subcommand: try 'verify', 'list' or 'check'");
  }

  /** A command line whose errors are one line and exit code 2 (stack trace under --verbose). */
  @API(status = API.Status.EXPERIMENTAL, since = "0.2")
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new GradcheckCommand());
    cli.setParameterExceptionHandler(
        (e, args) -> {
          PrintWriter err = e.getCommandLine().getErr();
          err.println("gradcheck: " + e.getMessage());
          err.println("Try '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
          err.flush();
          return SETUP_ERROR;
        });
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          PrintWriter err = commandLine.getErr();
          String message = e instanceof SetupException ? e.getMessage() : e.toString();
          err.println("gradcheck: " + message);
          if (verbose(parseResult)) {
            e.printStackTrace(err);
          }
          err.flush();
          return SETUP_ERROR;
        });
    return cli;
  }

  private static boolean verbose(CommandLine.ParseResult parseResult) {
    for (CommandLine.ParseResult p = parseResult; p != null; p = p.subcommand()) {
      if (p.hasMatchedOption("--verbose")) {
        return true;
      }
    }
    return false;
  }

  /** Runs the command line and returns its exit code (does not exit). */
  public static int execute(String... args) {
    return commandLine().execute(args);
  }

  /** Entry point: runs the command line and exits with its code. */
  public static void main(String... args) {
    System.exit(execute(args));
  }

  /** The version line: the tool version and, when recorded, the commit. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      Provenance p = Provenance.current();
      return new String[] {
        "gradcheck " + p.toolVersion() + (p.commit() == null ? "" : " (" + p.commit() + ")")
      };
    }
  }

  /** Where the rules come from: built-ins, known bugs, the class path and extra jars. */
  static final class RuleOptions {
    @Option(
        names = "--classpath",
        split = "${sys:path.separator}",
        paramLabel = "JAR",
        description = "Jars or class directories searched for RuleProvider services.")
    List<Path> classpath = new ArrayList<>();

    @Option(names = "--rule", paramLabel = "REGEX", description = "Only rules whose name matches.")
    String rule;

    @Option(names = "--no-built-ins", description = "Leave out the built-in reference rules.")
    boolean noBuiltIns;

    @Option(names = "--no-known-bugs", description = "Leave out the built-in known-bug rules.")
    boolean noKnownBugs;

    @Option(names = "--verbose", description = "Print stack traces of setup errors.")
    boolean verbose;

    Pattern filter(CommandSpec spec) {
      if (rule == null) {
        return null;
      }
      try {
        return Pattern.compile(rule);
      } catch (PatternSyntaxException e) {
        throw new ParameterException(
            spec.commandLine(),
            "--rule is not a valid regular expression: " + e.getDescription() + " in " + rule);
      }
    }

    List<PlannedRule> select(CommandSpec spec, boolean builtIns, boolean knownBugs) {
      Pattern filter = filter(spec);
      return RuleCatalogue.select(
          RuleCatalogue.loader(classpath),
          builtIns && !noBuiltIns,
          knownBugs && !noKnownBugs,
          filter);
    }
  }

  /** The checker's configuration: seed, mode and tolerances. */
  static final class CheckerOptions {
    @Option(
        names = "--seed",
        defaultValue = "42",
        description = "Seed of every input point and probe (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
        names = "--mode",
        defaultValue = "AUTO",
        description = "Checker mode: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Mode mode;

    @Option(names = "--atol", description = "Absolute tolerance (default: 1e-12).")
    Double atol;

    @Option(names = "--rtol", description = "Relative tolerance (default: 1e-8).")
    Double rtol;

    @Option(
        names = "--error-bound-factor",
        description = "Multiple of the numeric error bar allowed (default: 4).")
    Double errorBoundFactor;

    GradientChecker checker(CommandSpec spec) {
      GradientChecker.Builder b = GradientChecker.builder().seed(seed).mode(mode);
      Tolerance t = Tolerance.defaults();
      try {
        if (atol != null) {
          t = t.withAtol(atol);
        }
        if (rtol != null) {
          t = t.withRtol(rtol);
        }
        if (errorBoundFactor != null) {
          t = t.withErrorBoundFactor(errorBoundFactor);
        }
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), "bad tolerance: " + e.getMessage());
      }
      return b.tolerance(t).build();
    }
  }

  /** Where the reports go. */
  static final class OutputOptions {
    @Option(names = "--html", paramLabel = "FILE", description = "Write the HTML report here.")
    Path html;

    @Option(names = "--json", paramLabel = "FILE", description = "Write the JSON report here.")
    Path json;

    @Option(
        names = "--junit-xml",
        paramLabel = "FILE",
        description = "Write the JUnit XML report here.")
    Path junitXml;

    @Option(
        names = "--out",
        paramLabel = "DIR",
        description =
            "Write report.html, report.json and report-junit.xml here (default when no other"
                + " output is given: gradcheck-report).")
    Path out;

    /** The targets, checked writable before any work. */
    ReportFiles files() {
      ReportFiles files;
      if (html == null && json == null && junitXml == null) {
        files = ReportFiles.in(out == null ? Path.of("gradcheck-report") : out);
      } else {
        ReportFiles dir = out == null ? new ReportFiles(null, null, null) : ReportFiles.in(out);
        files =
            new ReportFiles(
                html != null ? html : dir.html(),
                json != null ? json : dir.json(),
                junitXml != null ? junitXml : dir.junitXml());
      }
      files
          .checkWritable()
          .ifPresent(
              problem -> {
                throw new SetupException(problem);
              });
      return files;
    }
  }

  /** Writes the reports and prints where they went and the verdict; returns the exit code. */
  static int finish(CommandSpec spec, ReportFiles files, RunReport run) {
    List<Path> written = files.write(run);
    PrintWriter out = spec.commandLine().getOut();
    run.rules().forEach(r -> out.println(r.summary()));
    written.forEach(f -> out.println("report: " + f.toAbsolutePath()));
    out.println(run.summary());
    out.flush();
    return run.verified() ? VERIFIED : RULE_FAILED;
  }

  static RunSettings settings(
      CheckerOptions c, GradientChecker checker, int points, int threads, RuleOptions r) {
    return new RunSettings(
        c.seed,
        points,
        c.mode,
        checker.tolerance(),
        checker.robustness().kinkPolicy(),
        threads,
        r.rule == null ? "" : r.rule,
        r.classpath.stream().map(Path::toString).toList());
  }

  /** {@code gradcheck verify}: verifies the rules and writes the reports. */
  @API(status = API.Status.EXPERIMENTAL)
  @Command(
      name = "verify",
      mixinStandardHelpOptions = true,
      description = "Checks every rule at seeded random points; writes the reports.")
  public static final class Verify implements java.util.concurrent.Callable<Integer> {
    @Spec CommandSpec spec;

    @ArgGroup(exclusive = false, heading = "Rules%n")
    RuleOptions rules = new RuleOptions();

    @ArgGroup(exclusive = false, heading = "Checker%n")
    CheckerOptions checker = new CheckerOptions();

    @ArgGroup(exclusive = false, heading = "Reports%n")
    OutputOptions output = new OutputOptions();

    @Option(
        names = "--points",
        defaultValue = "20",
        description = "Random input points per rule (default: ${DEFAULT-VALUE}).")
    int points;

    @Option(
        names = "--threads",
        defaultValue = "1",
        description = "Rules verified at the same time (default: ${DEFAULT-VALUE}).")
    int threads;

    @Override
    public Integer call() {
      if (points < 1) {
        throw new ParameterException(spec.commandLine(), "--points must be ≥ 1, got " + points);
      }
      if (threads < 1 || threads > GradientChecker.MAX_THREADS) {
        throw new ParameterException(
            spec.commandLine(),
            "--threads must be between 1 and " + GradientChecker.MAX_THREADS + ", got " + threads);
      }
      GradientChecker configured = checker.checker(spec);
      ReportFiles files = output.files();
      List<PlannedRule> selected = rules.select(spec, true, true);
      RunSettings settings = settings(checker, configured, points, threads, rules);
      Provenance provenance = Provenance.current();
      VerificationConfig config =
          VerificationConfig.builder()
              .seed(checker.seed)
              .pointsPerRule(points)
              .checker(configured)
              .build();
      long start = System.nanoTime();
      List<RuleOutcome> outcomes;
      try (TerminalProgress progress = TerminalProgress.start(selected.size())) {
        outcomes = IsolatedVerifier.verifyAll(selected, config, threads, progress);
      }
      long millis = (System.nanoTime() - start) / 1_000_000;
      return finish(spec, files, new RunReport(provenance, settings, outcomes, millis));
    }
  }

  /** {@code gradcheck list}: the rules, their forms, input domains and declared kinks. */
  @API(status = API.Status.EXPERIMENTAL, since = "0.2")
  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "Lists the rules: forms, input domains, declared kinks.")
  public static final class ListRules implements java.util.concurrent.Callable<Integer> {
    @Spec CommandSpec spec;

    @ArgGroup(exclusive = false, heading = "Rules%n")
    RuleOptions rules = new RuleOptions();

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      for (PlannedRule p : rules.select(spec, true, true)) {
        GradientRule r = p.rule();
        out.println(
            r.name()
                + "  ["
                + p.source()
                + (p.expectation() == org.gradcheck.report.Expectation.MUST_FAIL
                    ? ", must be caught"
                    : "")
                + "]");
        if (!r.description().isEmpty()) {
          out.println("  computes: " + r.description());
        }
        out.println("  signature: " + r.signature());
        out.println(
            "  forms: " + r.forms().stream().map(Enum::name).collect(Collectors.joining(", ")));
        out.println(
            "  input domains: "
                + (r.generators().isEmpty()
                    ? "none (cannot be verified)"
                    : r.generators().stream()
                        .map(g -> g.kind())
                        .collect(Collectors.joining("; "))));
        for (DeclaredKink k : r.kinks()) {
          out.println(
              "  kink: "
                  + k.input()
                  + " = "
                  + k.at()
                  + " (margin "
                  + k.margin()
                  + "): "
                  + k.note());
        }
      }
      out.flush();
      return VERIFIED;
    }
  }

  /** {@code gradcheck check}: one rule at one input. */
  @API(status = API.Status.EXPERIMENTAL, since = "0.2")
  @Command(
      name = "check",
      mixinStandardHelpOptions = true,
      description =
          "Checks one rule at one input: the derivative must be right there, a known bug must be"
              + " caught there (as verify judges it).")
  public static final class Check implements java.util.concurrent.Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RULE", description = "The rule's exact name.")
    String ruleName;

    @ArgGroup(exclusive = true, multiplicity = "1", heading = "Input (one of)%n")
    Input input;

    static final class Input {
      @Option(
          names = "--x",
          split = ",",
          paramLabel = "V",
          description = "The flat input, comma-separated (NaN, Infinity allowed).")
      double[] values;

      @Option(
          names = "--input",
          paramLabel = "FILE",
          description = "A JSON file: an array of numbers, or an object with the array as \"x\".")
      Path file;
    }

    @Option(names = "--form", description = "Only this form: ${COMPLETION-CANDIDATES}.")
    DerivativeForm form;

    @ArgGroup(exclusive = false, heading = "Rules%n")
    RuleOptions rules = new RuleOptions();

    @ArgGroup(exclusive = false, heading = "Checker%n")
    CheckerOptions checker = new CheckerOptions();

    @ArgGroup(exclusive = false, heading = "Reports%n")
    OutputOptions output = new OutputOptions();

    @Override
    public Integer call() {
      GradientChecker configured = checker.checker(spec);
      ReportFiles files = output.files();
      PlannedRule planned =
          rules.select(spec, true, true).stream()
              .filter(p -> p.rule().name().equals(ruleName))
              .findFirst()
              .orElseThrow(
                  () ->
                      new SetupException(
                          "no rule named '"
                              + ruleName
                              + "' (see 'gradcheck list'; --rule filters apply)"));
      GradientRule rule = planned.rule();
      double[] x = input.values != null ? input.values : read(input.file);
      if (x.length != rule.signature().inputSize()) {
        throw new SetupException(
            "rule '"
                + ruleName
                + "' takes "
                + rule.signature().inputSize()
                + " input values ("
                + rule.signature()
                + "), got "
                + x.length);
      }
      Set<DerivativeForm> forms = rule.forms();
      if (form != null) {
        if (!forms.contains(form)) {
          throw new SetupException(
              "--form " + form + ": rule '" + ruleName + "' provides only " + forms);
        }
        forms = Set.of(form);
      }
      Set<DerivativeForm> chosen = forms;
      long start = System.nanoTime();
      RuleOutcome outcome =
          IsolatedVerifier.run(
              planned,
              p -> {
                List<PointCheck> checks = new ArrayList<>();
                for (DerivativeForm f : chosen) {
                  CheckReport report = rule.check(configured, f, x);
                  checks.add(
                      new PointCheck(0, checker.seed, 0, "command line", x, f, report, null));
                }
                boolean passed = checks.stream().allMatch(PointCheck::passed);
                return new RuleReport(
                    rule.name(),
                    passed ? RuleReport.Status.PASSED : RuleReport.Status.FAILED,
                    checks,
                    checker.seed,
                    rule.knownBug().orElse(null));
              });
      long millis = (System.nanoTime() - start) / 1_000_000;
      RunSettings settings = settings(checker, configured, 1, 1, rules);
      return finish(
          spec, files, new RunReport(Provenance.current(), settings, List.of(outcome), millis));
    }

    private static double[] read(Path file) {
      JsonNode node;
      try {
        node = new ObjectMapper().readTree(Files.readString(file));
      } catch (IOException e) {
        throw new SetupException(
            "--input " + file + ": cannot read it as JSON (" + e.getMessage() + ")", e);
      }
      if (node != null && node.isObject() && node.has("x")) {
        node = node.get("x");
      }
      if (node == null || !node.isArray()) {
        throw new SetupException(
            "--input " + file + ": expected a JSON array of numbers or an object {\"x\": [...]}");
      }
      double[] x = new double[node.size()];
      for (int i = 0; i < x.length; i++) {
        JsonNode v = node.get(i);
        if (v.isNumber()) {
          x[i] = v.asDouble();
        } else if (v.isTextual() && Set.of("NaN", "Infinity", "-Infinity").contains(v.asText())) {
          x[i] = Double.parseDouble(v.asText());
        } else {
          throw new SetupException(
              "--input " + file + ": element " + i + " is " + v + ", expected a number");
        }
      }
      return x;
    }
  }
}
