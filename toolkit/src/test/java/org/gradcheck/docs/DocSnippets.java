package org.gradcheck.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The rule that keeps the docs' code from drifting: every {@code ```java} block of {@code
 * docs/*.md} and {@code README.md} must occur, whitespace aside, in some test source file of the
 * repository (where it compiles and runs). Whitespace is removed entirely before comparing, so the
 * formatter may re-wrap the code in the source; any other change to either side breaks the match.
 */
final class DocSnippets {
  private DocSnippets() {}

  /** A {@code ```java} block: the file it is in, the line of its opening fence, its text. */
  record Block(String file, int line, String text) {
    String firstLine() {
      return text.strip().lines().findFirst().orElse("");
    }
  }

  /** The {@code ```java} blocks of {@code markdown} (other fences are skipped). */
  static List<Block> javaBlocks(String file, String markdown) {
    List<Block> blocks = new ArrayList<>();
    List<String> lines = markdown.lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      String fence = lines.get(i).strip();
      if (!fence.startsWith("```")) {
        continue;
      }
      int end = i + 1;
      while (end < lines.size() && !lines.get(end).strip().equals("```")) {
        end++;
      }
      if (end == lines.size()) {
        throw new IllegalStateException(file + ":" + (i + 1) + ": a ``` fence is never closed");
      }
      if (fence.equals("```java")) {
        blocks.add(new Block(file, i + 1, String.join("\n", lines.subList(i + 1, end))));
      }
      i = end;
    }
    return blocks;
  }

  /** {@code text} without any whitespace. */
  static String normalised(String text) {
    return text.replaceAll("\\s+", "");
  }

  /** The blocks that occur in none of {@code sources} (each source's text, not yet normalised). */
  static List<Block> missing(List<Block> blocks, List<String> sources) {
    List<String> normalisedSources = sources.stream().map(DocSnippets::normalised).toList();
    List<Block> missing = new ArrayList<>();
    for (Block b : blocks) {
      String n = normalised(b.text());
      if (n.isEmpty() || normalisedSources.stream().noneMatch(s -> s.contains(n))) {
        missing.add(b);
      }
    }
    return missing;
  }

  /** The repository root, seen from a module directory (where Maven runs a module's tests). */
  static Path root() {
    Path here = Path.of("").toAbsolutePath();
    return Files.exists(here.resolve("README.md")) && Files.isDirectory(here.resolve("docs"))
        ? here
        : here.getParent();
  }

  /** {@code README.md} and every {@code docs/*.md}. */
  static List<Path> documents(Path root) {
    try (Stream<Path> docs = Files.list(root.resolve("docs"))) {
      List<Path> all = new ArrayList<>();
      all.add(root.resolve("README.md"));
      docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(all::add);
      return all;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The text of every {@code .java} file under a {@code src/test/java} of a module of root. */
  static List<String> testSources(Path root) {
    List<String> texts = new ArrayList<>();
    for (String module : List.of("toolkit", "junit-extension", "samples")) {
      Path dir = root.resolve(module).resolve("src/test/java");
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path p : files.filter(f -> f.toString().endsWith(".java")).toList()) {
          texts.add(Files.readString(p));
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return texts;
  }

  static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
