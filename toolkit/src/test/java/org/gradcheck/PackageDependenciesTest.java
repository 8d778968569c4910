package org.gradcheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.spi.ToolProvider;
import org.junit.jupiter.api.Test;

/** The toolkit's packages depend on each other without a cycle, as jdeps sees the classes. */
class PackageDependenciesTest {

  private static Map<String, Set<String>> packageEdges() throws Exception {
    ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElse(null);
    assumeTrue(jdeps != null, "jdeps is not available in this runtime");
    Path classes =
        Path.of(Finding.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int rc =
        jdeps.run(
            new PrintWriter(out), new PrintWriter(err), "-verbose:package", classes.toString());
    assertEquals(0, rc, err::toString);
    Map<String, Set<String>> edges = new TreeMap<>();
    for (String line : out.toString().split("\\R")) {
      String[] f = line.trim().split("\\s+");
      if (f.length >= 3
          && f[1].equals("->")
          && f[0].startsWith("org.gradcheck")
          && f[2].startsWith("org.gradcheck")
          && !f[0].equals(f[2])) {
        edges.computeIfAbsent(f[0], k -> new TreeSet<>()).add(f[2]);
      }
    }
    assertTrue(edges.size() >= 5, () -> "too few package dependencies parsed: " + out);
    return edges;
  }

  @Test
  void toolkitPackagesFormNoCycle() throws Exception {
    Map<String, Set<String>> edges = packageEdges();
    List<String> cycle = findCycle(edges);
    assertTrue(cycle.isEmpty(), () -> "package cycle " + cycle + " in " + edges);
  }

  @Test
  void diagnosisDependsOnNoOtherToolkitPackage() throws Exception {
    assertEquals(
        Set.of(),
        packageEdges().getOrDefault("org.gradcheck.diagnosis", Set.of()),
        "diagnosis reads its own views and answers in its own terms");
  }

  /** One cycle as a path of packages (first = last), or empty if the graph is acyclic. */
  private static List<String> findCycle(Map<String, Set<String>> edges) {
    Set<String> done = new HashSet<>();
    for (String start : edges.keySet()) {
      Deque<String> path = new ArrayDeque<>();
      List<String> cycle = dfs(start, edges, path, new HashSet<>(), done);
      if (!cycle.isEmpty()) {
        return cycle;
      }
    }
    return List.of();
  }

  private static List<String> dfs(
      String node,
      Map<String, Set<String>> edges,
      Deque<String> path,
      Set<String> onPath,
      Set<String> done) {
    if (onPath.contains(node)) {
      List<String> cycle = new ArrayList<>();
      boolean in = false;
      for (String p : (Iterable<String>) path::descendingIterator) {
        in |= p.equals(node);
        if (in) {
          cycle.add(p);
        }
      }
      cycle.add(node);
      return cycle;
    }
    if (!done.add(node)) {
      return List.of();
    }
    path.push(node);
    onPath.add(node);
    for (String next : edges.getOrDefault(node, Set.of())) {
      List<String> cycle = dfs(next, edges, path, onPath, done);
      if (!cycle.isEmpty()) {
        return cycle;
      }
    }
    path.pop();
    onPath.remove(node);
    return List.of();
  }
}
