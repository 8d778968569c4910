package org.gradcheck.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.gradcheck.CheckReport;
import org.gradcheck.junit.GradientCheck;
import org.junit.jupiter.api.Test;

/**
 * The published jars are named modules as JPMS sees them, and no package is split between them.
 * Runs on the packaged jars, i.e. in {@code mvn verify} (a reactor build past {@code package}); in
 * a build that stops at {@code test} the dependencies are class directories and the test is
 * skipped.
 */
class ModuleNamesTest {

  private static ModuleDescriptor moduleOf(Class<?> type) throws Exception {
    Path location = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    assumeTrue(
        Files.isRegularFile(location), () -> location + " is not a jar (run mvn verify to check)");
    return ModuleFinder.of(location).findAll().iterator().next().descriptor();
  }

  @Test
  void toolkitAndJunitExtensionAreNamedModulesWithoutASplitPackage() throws Exception {
    ModuleDescriptor toolkit = moduleOf(CheckReport.class);
    ModuleDescriptor junit = moduleOf(GradientCheck.class);
    assertEquals("org.gradcheck.toolkit", toolkit.name());
    assertEquals("org.gradcheck.junit", junit.name());
    assertTrue(toolkit.packages().contains("org.gradcheck"), toolkit::toString);
    assertTrue(junit.packages().contains("org.gradcheck.junit"), junit::toString);
    Set<String> shared = new HashSet<>(toolkit.packages());
    shared.retainAll(junit.packages());
    assertEquals(Set.of(), shared, "packages in both jars (a split package)");
  }
}
