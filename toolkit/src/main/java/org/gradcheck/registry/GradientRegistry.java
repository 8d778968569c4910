package org.gradcheck.registry;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.SplittableRandom;
import org.apiguardian.api.API;
import org.gradcheck.CheckReport;
import org.gradcheck.GradientChecker;
import org.gradcheck.KinkPolicy;
import org.gradcheck.Signature;
import org.gradcheck.generate.Generator;

/**
 * Keeps hand-derived gradient rules in one place and verifies them all at once — the role of
 * ChainRules' {@code rrule} with ChainRulesTestUtils' {@code test_rrule} in Julia.
 *
 * <p>Rules arrive programmatically ({@link #register}) or from the classpath through the {@link
 * RuleProvider} service-provider interface ({@link #discover()}). Names are unique: a second rule
 * under a taken name is a {@link DuplicateRuleException} naming both sources. {@link
 * #verifyAll(VerificationConfig)} checks every selected rule at several seeded random points drawn
 * from its generators, in every derivative form it provides, and returns one report per rule with
 * the coverage of the whole registry.
 *
 * <pre>{@code
 * GradientRegistry registry = GradientRegistry.discover().registerAll(ReferenceRules.all());
 * VerificationResult result = registry.verifyAll(VerificationConfig.builder().pointsPerRule(50).build());
 * assertTrue(result.verified(), result::toString);
 * }</pre>
 *
 * <p>Thread-safe; registration and verification may come from different threads.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class GradientRegistry {
  private static final String PROGRAMMATIC = "programmatic registration";

  private final Map<String, GradientRule> rules = new LinkedHashMap<>();
  private final Map<String, String> sources = new LinkedHashMap<>();

  /** An empty registry. */
  public GradientRegistry() {}

  /**
   * A registry holding every rule of every {@link RuleProvider} on the classpath of the current
   * thread's context class loader.
   */
  public static GradientRegistry discover() {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    return new GradientRegistry()
        .loadProviders(loader != null ? loader : GradientRegistry.class.getClassLoader());
  }

  /** Registers one rule; its name must not be taken. */
  public GradientRegistry register(GradientRule rule) {
    return add(Objects.requireNonNull(rule, "rule"), PROGRAMMATIC);
  }

  /** Registers each rule in order; stops at the first taken name. */
  public GradientRegistry registerAll(Collection<GradientRule> rules) {
    Objects.requireNonNull(rules, "rules");
    for (GradientRule rule : rules) {
      register(rule);
    }
    return this;
  }

  /** Registers every rule of {@code provider}, recording the provider as their source. */
  public GradientRegistry registerFrom(RuleProvider provider) {
    Objects.requireNonNull(provider, "provider");
    String source = "provider " + provider.getClass().getName();
    Collection<GradientRule> provided;
    try {
      provided = provider.rules();
    } catch (RuntimeException e) {
      throw new IllegalStateException(source + " failed to list its rules: " + e, e);
    }
    if (provided == null) {
      throw new IllegalStateException(source + " returned null instead of a collection of rules");
    }
    for (GradientRule rule : provided) {
      if (rule == null) {
        throw new IllegalStateException(source + " returned a null rule");
      }
      add(rule, source);
    }
    return this;
  }

  /**
   * Registers the rules of every {@link RuleProvider} that {@link ServiceLoader} finds through
   * {@code loader} (listed in {@code META-INF/services/org.gradcheck.registry.RuleProvider}).
   */
  public GradientRegistry loadProviders(ClassLoader loader) {
    ServiceLoader<RuleProvider> providers = ServiceLoader.load(RuleProvider.class, loader);
    try {
      for (RuleProvider provider : providers) {
        registerFrom(provider);
      }
    } catch (ServiceConfigurationError e) {
      throw new IllegalStateException(
          "a RuleProvider listed in META-INF/services/"
              + RuleProvider.class.getName()
              + " could not be loaded: "
              + e.getMessage(),
          e);
    }
    return this;
  }

  private synchronized GradientRegistry add(GradientRule rule, String source) {
    String taken = sources.get(rule.name());
    if (taken != null) {
      throw new DuplicateRuleException(rule.name(), taken, source);
    }
    rules.put(rule.name(), rule);
    sources.put(rule.name(), source);
    return this;
  }

  /** The named rule, if registered. */
  public synchronized Optional<GradientRule> find(String name) {
    return Optional.ofNullable(rules.get(name));
  }

  /** The named rule; an unknown name is an error listing the registered names. */
  public synchronized GradientRule rule(String name) {
    GradientRule rule = rules.get(name);
    if (rule == null) {
      throw new IllegalArgumentException(
          "no rule named '" + name + "'; registered: " + rules.keySet());
    }
    return rule;
  }

  /** Every rule, in registration order. */
  public synchronized List<GradientRule> rules() {
    return List.copyOf(rules.values());
  }

  /** Every rule name, in registration order. */
  public synchronized List<String> names() {
    return List.copyOf(rules.keySet());
  }

  /** Where the named rule came from: a provider class or programmatic registration. */
  public synchronized String sourceOf(String name) {
    rule(name);
    return sources.get(name);
  }

  /** Number of registered rules. */
  public synchronized int size() {
    return rules.size();
  }

  /**
   * Verifies every rule the configuration selects: {@code pointsPerRule} points per rule, point k
   * drawn from generator k mod (number of generators) with its own seed (derived from the
   * configuration seed, the rule name and k), each derivative form checked there with the
   * configured checker (seeded with the point seed, tolerance adjusted by the rule's override). A
   * point that the generator's own domain rejects is a failed check naming the problem; one at
   * which the check throws (the rule's function or derivative threw a runtime exception), or whose
   * generator threw, is a failed check that {@linkplain PointCheck#errored() errored}, carrying the
   * exception — verification of the other points and rules continues. A point within a declared
   * kink's margin follows {@link VerificationConfig#kinkPolicy()}: {@link KinkPolicy#SKIP} skips it
   * (a {@link PointCheck#skipped()} check naming the coordinate), {@link KinkPolicy#FAIL} makes it
   * a failed check naming the coordinate, {@link KinkPolicy#CHECK} checks it like any other. A rule
   * with no generator is reported {@code NOT_CHECKED}; one whose every point was skipped, {@code
   * SKIPPED}. A known-bug rule ({@link GradientRule#knownBug()}) is checked the same way; its
   * report is {@link RuleReport#verified()} when the bug was caught.
   *
   * @throws IllegalArgumentException if {@link VerificationConfig.Builder#only} names a rule that
   *     is not registered
   */
  public VerificationResult verifyAll(VerificationConfig config) {
    Objects.requireNonNull(config, "config");
    List<GradientRule> snapshot = rules();
    Set<String> registered = Set.copyOf(names());
    for (String name : config.names()) {
      if (!registered.contains(name)) {
        throw new IllegalArgumentException(
            "verification asks for rule '"
                + name
                + "', which is not registered; registered: "
                + names());
      }
    }
    List<RuleReport> reports = new ArrayList<>();
    List<String> notSelected = new ArrayList<>();
    for (GradientRule rule : snapshot) {
      if (config.selects(rule.name())) {
        reports.add(verify(rule, config));
      } else {
        notSelected.add(rule.name());
      }
    }
    return new VerificationResult(reports, notSelected, config);
  }

  /** Verifies one rule (registered or not) as {@link #verifyAll} would. */
  public static RuleReport verify(GradientRule rule, VerificationConfig config) {
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(config, "config");
    List<PointCheck> checks = new ArrayList<>();
    List<Generator<double[]>> generators = rule.generators();
    if (generators.isEmpty()) {
      return RuleReport.of(rule.name(), checks, config.seed(), rule.knownBug().orElse(null));
    }
    Set<DerivativeForm> forms = rule.forms();
    forms.retainAll(config.forms());
    SplittableRandom seeds = new SplittableRandom(config.seed() ^ stableHash(rule.name()));
    for (int point = 0; point < config.pointsPerRule(); point++) {
      long pointSeed = seeds.nextLong();
      int g = point % generators.size();
      Generator<double[]> generator = generators.get(g);
      double[] x;
      try {
        x = generator.generate(new SplittableRandom(pointSeed));
      } catch (RuntimeException e) {
        for (DerivativeForm form : forms) {
          checks.add(
              new PointCheck(
                  point,
                  pointSeed,
                  g,
                  generator.kind(),
                  null,
                  form,
                  null,
                  "generator threw " + e,
                  null,
                  e));
        }
        continue;
      }
      Optional<String> problem = pointProblem(rule, generator, x);
      Optional<String> nearKink =
          problem.isPresent() || config.kinkPolicy() == KinkPolicy.CHECK
              ? Optional.empty()
              : nearKink(rule, x, config.kinkPolicy());
      GradientChecker checker = checkerFor(rule, config, pointSeed);
      for (DerivativeForm form : forms) {
        if (problem.isPresent()) {
          checks.add(
              new PointCheck(point, pointSeed, g, generator.kind(), x, form, null, problem.get()));
          continue;
        }
        if (nearKink.isPresent()) {
          boolean skip = config.kinkPolicy() == KinkPolicy.SKIP;
          checks.add(
              new PointCheck(
                  point,
                  pointSeed,
                  g,
                  generator.kind(),
                  x,
                  form,
                  null,
                  skip ? null : nearKink.get(),
                  skip ? nearKink.get() : null));
          continue;
        }
        try {
          CheckReport report = check(checker, rule, form, x);
          checks.add(new PointCheck(point, pointSeed, g, generator.kind(), x, form, report, null));
        } catch (RuntimeException e) {
          checks.add(PointCheck.errored(point, pointSeed, g, generator.kind(), x, form, e));
        }
      }
    }
    return RuleReport.of(rule.name(), checks, config.seed(), rule.knownBug().orElse(null));
  }

  private static Optional<String> pointProblem(
      GradientRule rule, Generator<double[]> generator, double[] x) {
    if (x == null || x.length != rule.signature().inputSize()) {
      return Optional.of(
          "generator produced "
              + (x == null ? "null" : "an input of length " + x.length)
              + ", the signature needs "
              + rule.signature().inputSize());
    }
    Optional<String> outside = generator.violation(x);
    if (outside.isPresent()) {
      return Optional.of("generator produced a point outside its domain: " + outside.get());
    }
    return Optional.empty();
  }

  /** Why x is too close to one of the rule's declared kinks (naming the coordinate), if it is. */
  private static Optional<String> nearKink(GradientRule rule, double[] x, KinkPolicy policy) {
    Signature signature = rule.signature();
    for (DeclaredKink kink : rule.kinks()) {
      Optional<String> near = kink.approachedBy(x, signature);
      if (near.isPresent()) {
        return Optional.of(
            "generated point too close to a declared kink: "
                + near.get()
                + " (kinkPolicy "
                + policy
                + ")");
      }
    }
    return Optional.empty();
  }

  private static GradientChecker checkerFor(
      GradientRule rule, VerificationConfig config, long pointSeed) {
    GradientChecker base = config.checker();
    GradientChecker.Builder builder = base.toBuilder().seed(pointSeed);
    rule.tolerance().ifPresent(t -> builder.tolerance(t.applyTo(base.tolerance())));
    return builder.build();
  }

  private static CheckReport check(
      GradientChecker checker, GradientRule rule, DerivativeForm form, double[] x) {
    return rule.check(checker, form, x);
  }

  /** A hash of the name that does not depend on the JVM (String.hashCode is specified). */
  private static long stableHash(String name) {
    long h = 1125899906842597L;
    for (int i = 0; i < name.length(); i++) {
      h = 31 * h + name.charAt(i);
    }
    return h;
  }

  @Override
  public synchronized String toString() {
    return "GradientRegistry" + rules.keySet();
  }
}
