package org.gradcheck.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Every {@code ```java} block of the docs and the README compiles and runs: it occurs, whitespace
 * aside, in a test source file. Shown both ways: the real docs pass, a changed snippet fails.
 */
class DocSnippetsTest {
  private static final Path ROOT = DocSnippets.root();

  private static List<DocSnippets.Block> allBlocks() {
    List<DocSnippets.Block> blocks = new ArrayList<>();
    for (Path doc : DocSnippets.documents(ROOT)) {
      blocks.addAll(DocSnippets.javaBlocks(ROOT.relativize(doc).toString(), DocSnippets.read(doc)));
    }
    return blocks;
  }

  @Test
  void everyJavaBlockOfTheDocsAndTheReadmeIsInATestSource() {
    List<DocSnippets.Block> blocks = allBlocks();
    assertTrue(blocks.size() >= 15, () -> "only " + blocks.size() + " java blocks found");
    List<DocSnippets.Block> missing = DocSnippets.missing(blocks, DocSnippets.testSources(ROOT));
    assertTrue(
        missing.isEmpty(),
        () ->
            "java blocks found in no test source (keep each snippet in a test under"
                + " */src/test/java, whitespace aside):\n"
                + missing.stream()
                    .map(b -> "  " + b.file() + ":" + b.line() + ": " + b.firstLine())
                    .collect(Collectors.joining("\n")));
  }

  @Test
  void aSnippetChangedInTheDocsNoLongerMatches() {
    List<String> sources = DocSnippets.testSources(ROOT);
    DocSnippets.Block real = allBlocks().get(0);
    assertEquals(List.of(), DocSnippets.missing(List.of(real), sources));
    DocSnippets.Block rewrapped =
        new DocSnippets.Block("x.md", 1, "  " + real.text().replace(" ", "\n    ") + "\n");
    assertEquals(List.of(), DocSnippets.missing(List.of(rewrapped), sources), "whitespace only");
    DocSnippets.Block edited =
        new DocSnippets.Block("x.md", 1, real.text().replaceFirst("\\(", "(null, "));
    assertEquals(List.of(edited), DocSnippets.missing(List.of(edited), sources));
    DocSnippets.Block extraLine = new DocSnippets.Block("x.md", 1, real.text() + "\nint drift;");
    assertEquals(List.of(extraLine), DocSnippets.missing(List.of(extraLine), sources));
  }

  @Test
  void aSnippetChangedInTheSourcesNoLongerMatches() {
    String md = "text\n```java\nint a = f(1);\nint b = 2;\n```\n```bash\nnot java\n```\n";
    List<DocSnippets.Block> blocks = DocSnippets.javaBlocks("t.md", md);
    assertEquals(1, blocks.size());
    assertEquals(2, blocks.get(0).line());
    assertEquals(
        List.of(), DocSnippets.missing(blocks, List.of("class T { int a = f(1); int b = 2; }")));
    assertEquals(
        blocks, DocSnippets.missing(blocks, List.of("class T { int a = f(2); int b = 2; }")));
    assertEquals(blocks, DocSnippets.missing(blocks, List.of("class T { int a = f(1); }")));
  }

  @Test
  void anEmptyBlockOrAnUnclosedFenceIsNotAPass() {
    List<DocSnippets.Block> empty = DocSnippets.javaBlocks("t.md", "```java\n\n```\n");
    assertEquals(empty, DocSnippets.missing(empty, List.of("anything")));
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> DocSnippets.javaBlocks("t.md", "a\n```java\nint x;\n"));
    assertTrue(e.getMessage().contains("t.md:2"), e.getMessage());
    assertFalse(DocSnippets.javaBlocks("t.md", "no fences").iterator().hasNext());
  }
}
