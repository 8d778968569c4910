package org.gradcheck.registry;

import org.gradcheck.reference.KnownBugs;
import org.gradcheck.reference.ReferenceRules;
import org.junit.jupiter.api.Test;

class ProbeVerifyTest {
  @Test
  void probe() {
    GradientRegistry r = new GradientRegistry().registerAll(ReferenceRules.all()).registerAll(KnownBugs.rules());
    long t = System.nanoTime();
    VerificationResult result = r.verifyAll(VerificationConfig.builder().pointsPerRule(50).build());
    System.out.println("elapsed ms " + (System.nanoTime() - t) / 1e6);
    for (RuleReport rep : result.reports()) {
      System.out.println(rep.ruleName() + " " + rep.status() + " failures " + rep.failures().size());
      rep.firstFailure().ifPresent(f -> System.out.println("   " + f.summary()));
    }
    System.out.println(result.coverage());
    result.report("softmax").firstFailure().flatMap(PointCheck::checkReport).ifPresent(System.out::println);
  }
}
