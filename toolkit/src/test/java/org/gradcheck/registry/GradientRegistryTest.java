package org.gradcheck.registry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.gradcheck.GradientChecker;
import org.gradcheck.KinkPolicy;
import org.gradcheck.Robustness;
import org.gradcheck.Signature;
import org.gradcheck.generate.Choices;
import org.gradcheck.generate.Generator;
import org.gradcheck.generate.Generators;
import org.gradcheck.reference.ReferenceRules;
import org.junit.jupiter.api.Test;

class GradientRegistryTest {
  private static final long SEED = 5L;
  private static final Signature SQUARE = Signature.builder().input("x", 3).output("y", 3).build();

  /** y = x², with a derivative 2x·(1 + relativeError). */
  private static GradientRule.Builder square(String name, double relativeError) {
    return GradientRule.builder(name)
        .signature(SQUARE)
        .forward(x -> new double[] {x[0] * x[0], x[1] * x[1], x[2] * x[2]})
        .vjp(
            (x, g) -> {
              double[] out = new double[3];
              for (int i = 0; i < 3; i++) {
                out[i] = 2 * x[i] * (1 + relativeError) * g[i];
              }
              return out;
            });
  }

  private static VerificationConfig points(int n) {
    return VerificationConfig.builder().seed(SEED).pointsPerRule(n).build();
  }

  @Test
  void providerOnTheTestClasspathIsDiscoveredAndVerified() {
    GradientRegistry registry = GradientRegistry.discover();
    assertTrue(registry.names().contains(ClasspathRuleProvider.CUBE), registry.toString());
    assertEquals(
        "provider " + ClasspathRuleProvider.class.getName(),
        registry.sourceOf(ClasspathRuleProvider.CUBE));
    VerificationResult result = registry.verifyAll(points(12));
    RuleReport cube = result.report(ClasspathRuleProvider.CUBE);
    assertTrue(cube.passed(), cube::toString);
    assertEquals(12, cube.pointCount());
    assertEquals(Set.of(DerivativeForm.JACOBIAN, DerivativeForm.VJP), cube.formsChecked());
    assertEquals(24, cube.checks().size());

    Coverage coverage = result.coverage();
    assertEquals(List.of(ClasspathRuleProvider.CUBE), coverage.verified());
    assertEquals(List.of(ClasspathRuleProvider.UNCHECKED), coverage.withoutGenerator());
    assertEquals(
        Map.of("uniform(3, [-2.0, 2.0])", 12),
        coverage.entry(ClasspathRuleProvider.CUBE).pointsByInputKind());
    assertEquals(
        RuleReport.Status.NOT_CHECKED, result.report(ClasspathRuleProvider.UNCHECKED).status());
    assertFalse(result.allPassed(), "a rule that was never checked must not count as passed");
    assertTrue(coverage.toString().contains("NO_GENERATOR"), coverage::toString);
  }

  @Test
  void duplicateNamesAreAClearErrorNamingBothSources() {
    GradientRegistry registry = GradientRegistry.discover();
    GradientRule clash = square(ClasspathRuleProvider.CUBE, 0).build();
    DuplicateRuleException e =
        assertThrows(DuplicateRuleException.class, () -> registry.register(clash));
    assertEquals(
        "rule 'test/cube' is registered twice: first by provider "
            + ClasspathRuleProvider.class.getName()
            + ", again by programmatic registration; rule names must be unique",
        e.getMessage());
    assertEquals(ClasspathRuleProvider.CUBE, e.ruleName());
    assertThrows(
        DuplicateRuleException.class,
        () ->
            new GradientRegistry()
                .registerAll(List.of(ReferenceRules.softmax(3), ReferenceRules.softmax(4))));
    assertThrows(
        DuplicateRuleException.class,
        () -> GradientRegistry.discover().registerFrom(new ClasspathRuleProvider()));
  }

  @Test
  void aBrokenProviderIsNamedInTheError() {
    RuleProvider throwing =
        () -> {
          throw new IllegalStateException("cannot read config");
        };
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class, () -> new GradientRegistry().registerFrom(throwing));
    assertTrue(
        e.getMessage()
            .startsWith("provider " + throwing.getClass().getName() + " failed to list its rules"));
    RuleProvider nulls = () -> null;
    assertTrue(
        assertThrows(IllegalStateException.class, () -> new GradientRegistry().registerFrom(nulls))
            .getMessage()
            .endsWith("returned null instead of a collection of rules"));
  }

  @Test
  void filtersByExactNameAndByPrefix() {
    GradientRegistry registry = new GradientRegistry().registerAll(ReferenceRules.all());
    VerificationResult one =
        registry.verifyAll(
            VerificationConfig.builder().seed(SEED).pointsPerRule(2).only("softmax").build());
    assertEquals(List.of("softmax"), one.reports().stream().map(RuleReport::ruleName).toList());
    assertEquals(registry.size() - 1, one.notSelected().size());
    assertEquals(registry.size() - 1, one.coverage().rulesIn(Coverage.State.NOT_SELECTED).size());

    VerificationResult family =
        registry.verifyAll(
            VerificationConfig.builder()
                .seed(SEED)
                .pointsPerRule(2)
                .prefix("cross-entropy")
                .build());
    assertEquals(
        List.of(
            "cross-entropy/one-hot",
            "cross-entropy/soft-labels",
            "cross-entropy/unnormalised-labels"),
        family.reports().stream().map(RuleReport::ruleName).toList());

    IllegalArgumentException unknown =
        assertThrows(
            IllegalArgumentException.class,
            () -> registry.verifyAll(VerificationConfig.builder().only("sofmax").build()));
    assertTrue(
        unknown
            .getMessage()
            .startsWith("verification asks for rule 'sofmax', which is not registered"));
    assertThrows(IllegalArgumentException.class, () -> registry.rule("sofmax"));
  }

  @Test
  void aWrongRuleFailsAndARightOnePassesAtTheSameSeededPoints() {
    GradientRegistry registry =
        new GradientRegistry()
            .register(square("right", 0).inputs(Generators.uniform(3, -2, 2)).build())
            .register(square("off-by-1e-6", 1e-6).inputs(Generators.uniform(3, -2, 2)).build());
    VerificationResult result = registry.verifyAll(points(10));
    assertTrue(result.report("right").passed(), result::toString);
    RuleReport wrong = result.report("off-by-1e-6");
    assertEquals(RuleReport.Status.FAILED, wrong.status());
    PointCheck failure = wrong.firstFailure().orElseThrow();
    assertTrue(failure.summary().contains("seed " + failure.pointSeed()), failure.summary());
    assertEquals(
        List.of("off-by-1e-6"), result.failures().stream().map(RuleReport::ruleName).toList());
    assertTrue(result.toString().contains("off-by-1e-6: FAILED"), result::toString);
  }

  @Test
  void aRuleToleranceOverrideLoosensOnlyThatRule() {
    GradientRule loose =
        square("loose", 1e-6)
            .inputs(Generators.uniform(3, -2, 2))
            .tolerance(RuleTolerance.keep().withRtol(1e-4))
            .build();
    assertTrue(GradientRegistry.verify(loose, points(10)).passed());
    GradientRule tooLoose =
        square("still-wrong", 1e-3)
            .inputs(Generators.uniform(3, -2, 2))
            .tolerance(RuleTolerance.keep().withRtol(1e-4))
            .build();
    assertFalse(GradientRegistry.verify(tooLoose, points(10)).passed());
    assertThrows(IllegalArgumentException.class, () -> RuleTolerance.keep().withAtol(-1));
  }

  @Test
  void pointsAreReproducibleFromTheirSeeds() {
    GradientRule rule = ReferenceRules.crossEntropyOneHot(4);
    RuleReport first = GradientRegistry.verify(rule, points(6));
    RuleReport again = GradientRegistry.verify(rule, points(6));
    RuleReport other =
        GradientRegistry.verify(
            rule, VerificationConfig.builder().seed(SEED + 1).pointsPerRule(6).build());
    for (int k = 0; k < first.checks().size(); k++) {
      PointCheck c = first.checks().get(k);
      assertArrayEquals(c.input(), again.checks().get(k).input());
      assertNotEquals(c.pointSeed(), other.checks().get(k).pointSeed());
      double[] regenerated =
          rule.generators().get(c.generatorIndex()).generate(new SplittableRandom(c.pointSeed()));
      assertArrayEquals(c.input(), regenerated);
    }
  }

  /**
   * ReLU with a right or wrong (identity) backward pass, drawn only from {@code generator}, with
   * the reference rule's declared kink at 0.
   */
  private static GradientRule relu(String name, boolean right, Generator<double[]> generator) {
    GradientRule reference = ReferenceRules.relu(3);
    return GradientRule.builder(name)
        .signature(reference.signature())
        .forward(x -> new double[] {Math.max(x[0], 0), Math.max(x[1], 0), Math.max(x[2], 0)})
        .kink(reference.kinks().get(0))
        .vjp(
            (x, g) ->
                right
                    ? new double[] {x[0] > 0 ? g[0] : 0, x[1] > 0 ? g[1] : 0, x[2] > 0 ? g[2] : 0}
                    : g.clone())
        .inputs(generator)
        .build();
  }

  private static VerificationConfig points(int n, KinkPolicy policy) {
    return VerificationConfig.builder().seed(SEED).pointsPerRule(n).kinkPolicy(policy).build();
  }

  private static final String NEAR_KINK = "of the kink at 0.0 (ReLU switches from 0 to x)";

  @Test
  void theKinkPolicyOfAVerificationIsItsCheckersWhicheverComesFirst() {
    assertEquals(KinkPolicy.SKIP, VerificationConfig.defaults().kinkPolicy());
    VerificationConfig before =
        VerificationConfig.builder()
            .kinkPolicy(KinkPolicy.FAIL)
            .checker(GradientChecker.builder().atol(1e-3).build())
            .build();
    assertEquals(KinkPolicy.FAIL, before.kinkPolicy());
    assertEquals(KinkPolicy.FAIL, before.checker().robustness().kinkPolicy());
    assertEquals(1e-3, before.checker().tolerance().atol());
    GradientChecker checking =
        GradientChecker.builder()
            .robustness(Robustness.defaults().withKinkPolicy(KinkPolicy.CHECK))
            .build();
    assertEquals(
        KinkPolicy.CHECK, VerificationConfig.builder().checker(checking).build().kinkPolicy());
    assertTrue(before.toString().endsWith("kinkPolicy FAIL"), before::toString);
  }

  @Test
  void underSkipPointsNearADeclaredKinkAreSkippedNeverPassed() {
    GradientRule near = relu("relu-near-kink", true, Generators.uniform(3, -0.1, 0.1));
    RuleReport allNear = GradientRegistry.verify(near, points(4));
    assertEquals(RuleReport.Status.SKIPPED, allNear.status(), allNear::toString);
    assertFalse(allNear.passed());
    assertEquals(List.of(), allNear.failures());
    assertEquals(0, allNear.pointCount());
    String reason = allNear.skipped().get(0).skipReason();
    assertTrue(reason.startsWith("generated point too close to a declared kink: x["), reason);
    assertTrue(reason.endsWith(NEAR_KINK + " (kinkPolicy SKIP)"), reason);
    assertTrue(allNear.skipped().get(0).summary().contains("SKIPPED: generated point"));
    VerificationResult result =
        new GradientRegistry().register(near).verifyAll(points(4, KinkPolicy.SKIP));
    assertFalse(result.allPassed(), "a rule whose every point was skipped is not verified");
    assertEquals(List.of("relu-near-kink"), result.coverage().rulesIn(Coverage.State.SKIPPED));

    Generator<double[]> mixed = Generators.uniform(3, -1, 1);
    RuleReport right = GradientRegistry.verify(relu("relu", true, mixed), points(8));
    assertEquals(RuleReport.Status.PASSED, right.status(), right::toString);
    int skippedPoints =
        (int) right.skipped().stream().mapToInt(PointCheck::point).distinct().count();
    assertTrue(skippedPoints > 0 && skippedPoints < 8, right::toString);
    assertEquals(8 - skippedPoints, right.pointCount());
    assertTrue(right.toString().contains(skippedPoints + " point(s) skipped near a declared kink"));
    RuleReport wrong = GradientRegistry.verify(relu("relu/wrong", false, mixed), points(8));
    assertEquals(RuleReport.Status.FAILED, wrong.status(), wrong::toString);
    assertTrue(wrong.failures().stream().allMatch(c -> c.report() != null), wrong::toString);
  }

  @Test
  void underFailAPointNearADeclaredKinkIsAFailedCheckNamingTheCoordinate() {
    RuleReport report =
        GradientRegistry.verify(
            relu("relu-near-kink", true, Generators.uniform(3, -0.1, 0.1)),
            points(4, KinkPolicy.FAIL));
    assertEquals(RuleReport.Status.FAILED, report.status());
    assertEquals(List.of(), report.skipped());
    String problem = report.firstFailure().orElseThrow().problem();
    assertTrue(problem.startsWith("generated point too close to a declared kink: x["), problem);
    assertTrue(problem.endsWith(NEAR_KINK + " (kinkPolicy FAIL)"), problem);
  }

  @Test
  void underCheckAPointNearADeclaredKinkIsComparedLikeAnyOther() {
    Generator<double[]> near = Generators.uniform(3, -0.1, 0.1);
    RuleReport right =
        GradientRegistry.verify(relu("relu", true, near), points(4, KinkPolicy.CHECK));
    assertEquals(RuleReport.Status.PASSED, right.status(), right::toString);
    assertEquals(4, right.pointCount());
    RuleReport wrong =
        GradientRegistry.verify(relu("relu/wrong", false, near), points(4, KinkPolicy.CHECK));
    assertEquals(RuleReport.Status.FAILED, wrong.status(), wrong::toString);
    assertTrue(wrong.failures().stream().allMatch(c -> c.report() != null), wrong::toString);
  }

  @Test
  void badPointsAndThrowingFunctionsAreFailedChecksThatNameTheProblem() {
    Generator<double[]> liar =
        new Generator<>() {
          @Override
          public double[] draw(Choices choices) {
            return new double[] {0.5, 0.5, 0.5};
          }

          @Override
          public Optional<String> violation(double[] value) {
            return Optional.of("[0] = 0.5, expected ≥ 1");
          }

          @Override
          public String kind() {
            return "liar";
          }
        };
    RuleReport outside =
        GradientRegistry.verify(square("outside", 0).inputs(liar).build(), points(2));
    assertTrue(
        outside.firstFailure().orElseThrow().problem().contains("outside its domain: [0] = 0.5"));

    GradientRule throwing =
        square("throwing", 0)
            .forward(
                x -> {
                  throw new IllegalStateException("boom");
                })
            .inputs(Generators.uniform(3, -1, 1))
            .build();
    RuleReport threw = GradientRegistry.verify(throwing, points(2));
    assertEquals(RuleReport.Status.FAILED, threw.status());
    assertTrue(threw.firstFailure().orElseThrow().problem().startsWith("check threw"));
    assertTrue(threw.firstFailure().orElseThrow().errored(), "the rule's function threw");
    assertTrue(
        String.valueOf(threw.firstFailure().orElseThrow().thrown()).contains("boom"),
        () -> String.valueOf(threw.firstFailure().orElseThrow().thrown()));
    assertTrue(threw.firstFailure().orElseThrow().summary().contains("ERRORED: check threw"));
    assertTrue(
        !outside.firstFailure().orElseThrow().errored(),
        "a generator outside its domain threw nothing");
  }

  @Test
  void aThrowingGeneratorErrorsItsPointsWithItsExceptionAndTheOtherPointsStillRun() {
    java.util.concurrent.atomic.AtomicInteger draws =
        new java.util.concurrent.atomic.AtomicInteger(-1);
    Generator<double[]> everyOther =
        new Generator<>() {
          @Override
          public double[] draw(Choices choices) {
            if (draws.get() < 0) {
              return new double[] {0.5, -0.25, 0.75}; // for the builder's length check
            }
            if (draws.getAndIncrement() % 2 == 0) {
              throw new IllegalStateException("draw " + (draws.get() - 1) + " failed");
            }
            return new double[] {0.5, -0.25, 0.75};
          }

          @Override
          public String kind() {
            return "every-other";
          }
        };
    GradientRule flaky = square("flaky-inputs", 0).inputs(everyOther).build();
    draws.set(0); // from here on every other draw throws
    RuleReport report = GradientRegistry.verify(flaky, points(4));
    assertEquals(RuleReport.Status.FAILED, report.status(), report::toString);
    List<PointCheck> errored = report.checks().stream().filter(PointCheck::errored).toList();
    assertEquals(
        List.of(0, 2),
        errored.stream().map(PointCheck::point).distinct().toList(),
        report::toString);
    PointCheck first = errored.get(0);
    assertTrue(first.thrown() instanceof IllegalStateException, first::toString);
    assertEquals("generator threw java.lang.IllegalStateException: draw 0 failed", first.problem());
    assertTrue(first.summary().contains("ERRORED: generator threw"), first::summary);
    assertEquals(
        List.of(1, 3),
        report.checks().stream()
            .filter(PointCheck::passed)
            .map(PointCheck::point)
            .distinct()
            .toList(),
        "the points the generator drew are checked as before");
  }

  @Test
  void ruleBuilderRejectsIncompleteRules() {
    assertThrows(IllegalArgumentException.class, () -> GradientRule.builder(" "));
    IllegalStateException noDerivative =
        assertThrows(
            IllegalStateException.class,
            () -> GradientRule.builder("r").signature(SQUARE).forward(x -> x.clone()).build());
    assertEquals(
        "rule 'r': no analytic derivative (jacobian, vjp or jvp)", noDerivative.getMessage());
    IllegalStateException length =
        assertThrows(
            IllegalStateException.class,
            () -> square("r", 0).inputs(Generators.uniform(4, 0, 1)).build());
    assertTrue(length.getMessage().contains("produces inputs of length 4, the signature needs 3"));
    IllegalStateException kink =
        assertThrows(
            IllegalStateException.class,
            () -> square("r", 0).kink(new DeclaredKink("w", 0, 0.1, "none")).build());
    assertTrue(kink.getMessage().contains("no input named 'w'"), kink.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new DeclaredKink("x", 0, 0, "zero margin"));
    assertThrows(
        IllegalArgumentException.class, () -> VerificationConfig.builder().pointsPerRule(0));
  }

  @Test
  void formsCanBeRestrictedAndDerivedRulesKeepTheirInputs() {
    GradientRule softmax = ReferenceRules.softmax(4);
    RuleReport vjpOnly =
        GradientRegistry.verify(
            softmax,
            VerificationConfig.builder()
                .seed(SEED)
                .pointsPerRule(3)
                .forms(DerivativeForm.VJP)
                .build());
    assertEquals(Set.of(DerivativeForm.VJP), vjpOnly.formsChecked());
    GradientRule derived =
        softmax.derive("softmax-copy").jacobian(x -> new DMatrixRMaj(4, 4)).build();
    assertEquals(softmax.generators(), derived.generators());
    assertEquals(Set.of(DerivativeForm.JACOBIAN), derived.forms());
  }
}
