package org.gradcheck.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.gradcheck.Finding;
import org.gradcheck.Signature;
import org.gradcheck.generate.Generators;
import org.gradcheck.registry.GradientRule;
import org.gradcheck.registry.RuleProvider;

/**
 * Rule providers a user's jar would contribute. None is listed in the test class path's
 * META-INF/services: a test puts them in a jar it builds ({@link #jar}) and passes it with {@code
 * --classpath}.
 */
final class ExtraRules {
  private ExtraRules() {}

  /** Forward evaluations of {@link Square}'s rule, to tell whether any work was done. */
  static final AtomicInteger SQUARE_EVALUATIONS = new AtomicInteger();

  /** y = x² with y′ = 2x, right. */
  public static final class Square implements RuleProvider {
    /** The rule's name. */
    static final String NAME = "extra/square";

    @Override
    public Collection<GradientRule> rules() {
      return List.of(square(NAME, 2.0));
    }
  }

  /** Another provider of a rule named like {@link Square}'s. */
  public static final class SquareTwin implements RuleProvider {
    @Override
    public Collection<GradientRule> rules() {
      return List.of(square(Square.NAME, 2.0));
    }
  }

  /** A rule that throws StackOverflowError, one that throws AssertionError, and a right one. */
  public static final class Throwing implements RuleProvider {
    @Override
    public Collection<GradientRule> rules() {
      Signature sig = Signature.builder().input("x", 3).output("y", 3).build();
      GradientRule overflow =
          GradientRule.builder("extra/overflow")
              .signature(sig)
              .forward(
                  x -> {
                    throw new StackOverflowError("deep recursion in forward");
                  })
              .vjp((x, g) -> g.clone())
              .inputs(Generators.uniform(3, -1, 1))
              .build();
      GradientRule assertion =
          GradientRule.builder("extra/assertion")
              .signature(sig)
              .forward(x -> x.clone())
              .vjp(
                  (x, g) -> {
                    throw new AssertionError("shape assertion in backward");
                  })
              .inputs(Generators.uniform(3, -1, 1))
              .build();
      return List.of(overflow, assertion, square("extra/square-after", 2.0));
    }
  }

  /** A rule that takes the built-in name {@code softmax}. */
  public static final class Impostor implements RuleProvider {
    @Override
    public Collection<GradientRule> rules() {
      return List.of(square("softmax", 2.0));
    }
  }

  /** A rule whose forward pass writes a marker file, then never returns. */
  public static final class Endless implements RuleProvider {
    @Override
    public Collection<GradientRule> rules() {
      Signature sig = Signature.builder().input("x", 2).output("y", 2).build();
      return List.of(
          GradientRule.builder("extra/endless")
              .signature(sig)
              .forward(
                  x -> {
                    try {
                      Files.writeString(Path.of(System.getProperty("gradcheck.test.marker")), "");
                      Thread.sleep(Long.MAX_VALUE);
                    } catch (IOException | InterruptedException e) {
                      throw new IllegalStateException(e);
                    }
                    return x;
                  })
              .vjp((x, g) -> g.clone())
              .inputs(Generators.uniform(2, -1, 1))
              .build());
    }
  }

  /** A known bug that is caught: y = x² with derivative 3x, declared so with CONSTANT_FACTOR. */
  public static final class CaughtBug implements RuleProvider {
    /** The rule's name. */
    static final String NAME = "extra/square-times-three";

    @Override
    public Collection<GradientRule> rules() {
      return List.of(
          squareBuilder(NAME, 3.0)
              .knownBug("derivative 3x instead of 2x", Finding.Kind.CONSTANT_FACTOR)
              .build());
    }
  }

  /**
   * Two known bugs that are not caught: the right derivative 2x declared a bug, and 3x declared a
   * sign flip (caught, but as a constant factor).
   */
  public static final class MissedBugs implements RuleProvider {
    /** The right rule declared a bug. */
    static final String NOT_A_BUG = "extra/square-not-a-bug";

    /** A wrong rule declared with the wrong kind. */
    static final String WRONG_KIND = "extra/square-wrong-kind";

    @Override
    public Collection<GradientRule> rules() {
      return List.of(
          squareBuilder(NOT_A_BUG, 2.0).knownBug(Finding.Kind.CONSTANT_FACTOR).build(),
          squareBuilder(WRONG_KIND, 3.0).knownBug(Finding.Kind.SIGN_FLIPPED).build());
    }
  }

  /** y_i = x_i² with the derivative factor·x_i (right for factor 2). */
  static GradientRule square(String name, double factor) {
    return squareBuilder(name, factor).build();
  }

  /** {@link #square} before it is built. */
  static GradientRule.Builder squareBuilder(String name, double factor) {
    Signature sig = Signature.builder().input("x", 3).output("y", 3).build();
    return GradientRule.builder(name)
        .description("y = x² elementwise")
        .signature(sig)
        .forward(
            x -> {
              SQUARE_EVALUATIONS.incrementAndGet();
              return new double[] {x[0] * x[0], x[1] * x[1], x[2] * x[2]};
            })
        .vjp(
            (x, g) ->
                new double[] {factor * x[0] * g[0], factor * x[1] * g[1], factor * x[2] * g[2]})
        .inputs(Generators.uniform(3, -2, 2));
  }

  /**
   * A jar at {@code file} declaring {@code providers} (class names; need not exist) as rule
   * providers, holding the class files of those that do.
   */
  static Path jar(Path file, String... providers) {
    try (OutputStream out = Files.newOutputStream(file);
        JarOutputStream jar = new JarOutputStream(out)) {
      jar.putNextEntry(new JarEntry("META-INF/services/org.gradcheck.registry.RuleProvider"));
      jar.write((String.join("\n", providers) + "\n").getBytes(StandardCharsets.UTF_8));
      jar.closeEntry();
      for (String provider : providers) {
        String resource = provider.replace('.', '/') + ".class";
        var in = ExtraRules.class.getClassLoader().getResourceAsStream(resource);
        if (in != null) {
          try (in) {
            jar.putNextEntry(new JarEntry(resource));
            in.transferTo(jar);
            jar.closeEntry();
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }
}
