package org.gradcheck.cli;

import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.apiguardian.api.API;
import org.gradcheck.reference.KnownBugs;
import org.gradcheck.reference.ReferenceRuleProvider;
import org.gradcheck.reference.ReferenceRules;
import org.gradcheck.registry.DuplicateRuleException;
import org.gradcheck.registry.GradientRegistry;
import org.gradcheck.registry.GradientRule;
import org.gradcheck.report.PlannedRule;

/**
 * The rules a command works on: the built-in reference rules (which must pass), the built-in known
 * bugs (which must be caught), and every rule of every {@link org.gradcheck.registry.RuleProvider}
 * that {@link java.util.ServiceLoader} finds on the class path and in the {@code --classpath} jars
 * — a user rule declared a {@link GradientRule#knownBug()} must be caught as the built-in ones.
 * Built-in names are reserved: a user rule under one is a {@link SetupException} naming its
 * provider, never a silent replacement.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.2")
public final class RuleCatalogue {
  /** Source of the reference rules. */
  public static final String BUILT_IN = "built-in";

  /** Source of the known-bug rules. */
  public static final String KNOWN_BUG = "known bug";

  private RuleCatalogue() {}

  /**
   * A class loader over the current one plus the given jars or class directories.
   *
   * @throws SetupException naming a path that does not exist
   */
  public static ClassLoader loader(List<Path> classpath) {
    ClassLoader parent = Thread.currentThread().getContextClassLoader();
    if (parent == null) {
      parent = RuleCatalogue.class.getClassLoader();
    }
    if (classpath.isEmpty()) {
      return parent;
    }
    List<URL> urls = new ArrayList<>();
    for (Path entry : classpath) {
      if (!Files.exists(entry)) {
        throw new SetupException(
            "--classpath: no such jar or directory: "
                + entry.toAbsolutePath()
                + " (expected jars or class directories separated by '"
                + File.pathSeparator
                + "')");
      }
      try {
        urls.add(entry.toUri().toURL());
      } catch (MalformedURLException e) {
        throw new SetupException("--classpath: not a valid path: " + entry, e);
      }
    }
    return new URLClassLoader(urls.toArray(URL[]::new), parent);
  }

  /**
   * The rules to verify, in a stable order: built-in rules, known bugs, then user rules in
   * discovery order; only those whose name {@code filter} finds (null: all).
   *
   * @throws SetupException if a provider cannot be loaded, two user rules share a name, a user rule
   *     takes a built-in name, or the filter selects nothing
   */
  public static List<PlannedRule> select(
      ClassLoader loader, boolean builtIns, boolean knownBugs, Pattern filter) {
    List<PlannedRule> all = new ArrayList<>();
    if (builtIns) {
      ReferenceRules.all().forEach(r -> all.add(PlannedRule.mustPass(r, BUILT_IN)));
    }
    if (knownBugs) {
      for (KnownBugs bug : KnownBugs.values()) {
        all.add(PlannedRule.of(bug.rule(), KNOWN_BUG));
      }
    }
    all.addAll(userRules(loader));
    List<PlannedRule> selected =
        all.stream().filter(p -> filter == null || filter.matcher(p.rule().name()).find()).toList();
    if (selected.isEmpty()) {
      throw new SetupException(
          (filter == null ? "there are no rules" : "--rule /" + filter + "/ matches no rule")
              + "; rules: "
              + all.stream().map(p -> p.rule().name()).toList());
    }
    return selected;
  }

  /** The names no user rule may take: every reference rule and every known bug. */
  public static Set<String> reservedNames() {
    Set<String> names = new LinkedHashSet<>();
    ReferenceRules.all().forEach(r -> names.add(r.name()));
    for (KnownBugs bug : KnownBugs.values()) {
      names.add(bug.ruleName());
    }
    return names;
  }

  private static List<PlannedRule> userRules(ClassLoader loader) {
    GradientRegistry registry;
    try {
      registry = new GradientRegistry().loadProviders(loader);
    } catch (DuplicateRuleException e) {
      throw new SetupException(e.getMessage(), e);
    } catch (IllegalStateException | LinkageError e) {
      throw new SetupException(
          "cannot load the rule providers: " + e.getMessage() + " (check --classpath)", e);
    }
    Set<String> reserved = reservedNames();
    String referenceProvider = "provider " + ReferenceRuleProvider.class.getName();
    List<PlannedRule> rules = new ArrayList<>();
    for (GradientRule rule : registry.rules()) {
      String source = registry.sourceOf(rule.name());
      if (source.equals(referenceProvider)) {
        continue; // the built-in rules themselves, listed by a user's services file
      }
      if (reserved.contains(rule.name())) {
        throw new SetupException(
            "rule '"
                + rule.name()
                + "' from "
                + source
                + " takes the name of a built-in rule; built-in names are reserved, so rename it"
                + " (e.g. 'myproject/"
                + rule.name()
                + "')");
      }
      rules.add(PlannedRule.of(rule, source));
    }
    return rules;
  }
}
