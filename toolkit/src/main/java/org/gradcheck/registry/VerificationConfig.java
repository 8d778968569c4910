package org.gradcheck.registry;

import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import org.apiguardian.api.API;
import org.gradcheck.GradientChecker;
import org.gradcheck.KinkPolicy;

/**
 * How {@link GradientRegistry#verifyAll(VerificationConfig)} verifies: the seed from which every
 * input point is derived, the number of points per rule, the checker (mode, tolerances, kink
 * policy), which rules (by name) and which derivative forms. Immutable; start from {@link
 * #defaults()} or {@link #builder()}.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class VerificationConfig {
  /** Default seed. */
  public static final long DEFAULT_SEED = 42L;

  /** Default number of random input points per rule. */
  public static final int DEFAULT_POINTS = 10;

  private final long seed;
  private final int pointsPerRule;
  private final GradientChecker checker;
  private final Set<String> names;
  private final Predicate<String> nameFilter;
  private final String filterDescription;
  private final Set<DerivativeForm> forms;

  private VerificationConfig(Builder b) {
    this.seed = b.seed;
    this.pointsPerRule = b.pointsPerRule;
    this.checker = b.checker;
    this.names = b.names == null ? null : Set.copyOf(b.names);
    this.nameFilter = b.nameFilter;
    this.filterDescription = b.filterDescription;
    this.forms = Set.copyOf(b.forms);
  }

  /** Seed 42, 10 points per rule, {@link GradientChecker#defaults()}, every rule, every form. */
  public static VerificationConfig defaults() {
    return builder().build();
  }

  /** Starts from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** Configures a {@link VerificationConfig}. */
  @API(status = API.Status.EXPERIMENTAL, since = "0.1")
  public static final class Builder {
    private long seed = DEFAULT_SEED;
    private int pointsPerRule = DEFAULT_POINTS;
    private GradientChecker checker;
    private Set<String> names;
    private Predicate<String> nameFilter = name -> true;
    private String filterDescription = "all rules";
    private Set<DerivativeForm> forms = EnumSet.allOf(DerivativeForm.class);
    private KinkPolicy kinkPolicy;

    private Builder() {}

    /** The seed every input point (and the checker's random probes) derive from. */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** Random input points per rule, ≥ 1; spread in turn over the rule's generators. */
    public Builder pointsPerRule(int points) {
      if (points < 1) {
        throw new IllegalArgumentException("pointsPerRule must be ≥ 1, got " + points);
      }
      this.pointsPerRule = points;
      return this;
    }

    /**
     * What happens at kinks, declared and detected alike: sets the policy of the checker's {@link
     * org.gradcheck.Robustness} (whichever checker is configured, before or after this call). A
     * generated point within a declared kink's margin is skipped under {@link KinkPolicy#SKIP}
     * (reported, neither passed nor failed), a failed check naming the coordinate under {@link
     * KinkPolicy#FAIL}, and checked like any other under {@link KinkPolicy#CHECK}. Not called: the
     * checker's own policy ({@link KinkPolicy#SKIP} by default).
     */
    @API(status = API.Status.EXPERIMENTAL, since = "0.2")
    public Builder kinkPolicy(KinkPolicy policy) {
      this.kinkPolicy = Objects.requireNonNull(policy, "kinkPolicy");
      return this;
    }

    /** The checker to run at each point (its seed is replaced by each point's seed). */
    public Builder checker(GradientChecker checker) {
      this.checker = Objects.requireNonNull(checker, "checker");
      return this;
    }

    /**
     * Verifies only the rules with these exact names; a name that is not registered is an error at
     * verification time (never a silent pass).
     */
    public Builder only(String... names) {
      this.names = new LinkedHashSet<>(List.of(names));
      return this;
    }

    /**
     * Verifies only the rules whose names pass {@code filter}, described as {@code description}.
     */
    public Builder matching(Predicate<String> filter, String description) {
      this.nameFilter = Objects.requireNonNull(filter, "filter");
      this.filterDescription = Objects.requireNonNull(description, "description");
      return this;
    }

    /** Verifies only rules whose names start with {@code prefix}, e.g. {@code "cross-entropy"}. */
    public Builder prefix(String prefix) {
      Objects.requireNonNull(prefix, "prefix");
      return matching(name -> name.startsWith(prefix), "names starting with '" + prefix + "'");
    }

    /** Checks only these derivative forms (those a rule provides among them). */
    public Builder forms(DerivativeForm first, DerivativeForm... more) {
      this.forms = EnumSet.of(first, more);
      return this;
    }

    /** Builds the configuration. */
    public VerificationConfig build() {
      if (checker == null) {
        checker = GradientChecker.defaults();
      }
      if (kinkPolicy != null && checker.robustness().kinkPolicy() != kinkPolicy) {
        checker =
            checker.toBuilder().robustness(checker.robustness().withKinkPolicy(kinkPolicy)).build();
      }
      return new VerificationConfig(this);
    }
  }

  /** The seed of every input point. */
  public long seed() {
    return seed;
  }

  /** Random input points per rule. */
  public int pointsPerRule() {
    return pointsPerRule;
  }

  /** The checker run at each point. */
  public GradientChecker checker() {
    return checker;
  }

  /**
   * What happens at kinks: the checker's {@link org.gradcheck.Robustness#kinkPolicy()}, which also
   * decides what {@link GradientRegistry#verifyAll} does with a point near a declared kink.
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.2")
  public KinkPolicy kinkPolicy() {
    return checker.robustness().kinkPolicy();
  }

  /** The exact names requested with {@link Builder#only}, or empty for no such restriction. */
  public Set<String> names() {
    return names == null ? Set.of() : names;
  }

  /** True if the rule named {@code name} is selected by this configuration. */
  public boolean selects(String name) {
    return (names == null || names.contains(name)) && nameFilter.test(name);
  }

  /** The derivative forms to check. */
  public Set<DerivativeForm> forms() {
    return forms;
  }

  @Override
  public String toString() {
    return "seed "
        + seed
        + ", "
        + pointsPerRule
        + " points per rule, "
        + (names == null ? filterDescription : "only " + names + " and " + filterDescription)
        + ", forms "
        + forms
        + ", kinkPolicy "
        + kinkPolicy();
  }
}
