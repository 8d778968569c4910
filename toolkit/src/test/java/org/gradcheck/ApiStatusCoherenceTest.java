package org.gradcheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Member;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apiguardian.api.API;
import org.junit.jupiter.api.Test;

/**
 * The {@code @API} statuses of the toolkit are coherent: a public member whose effective status is
 * STABLE (its own {@code @API}, else its type's, else its enclosing type's) names, in its signature
 * or as a supertype, only gradcheck types that are STABLE or MAINTAINED themselves; a public
 * builder nested in a STABLE type carries its own {@code @API}; every public top-level type states
 * a status and {@code since}.
 */
class ApiStatusCoherenceTest {
  private static final Set<API.Status> PROMISED = Set.of(API.Status.STABLE, API.Status.MAINTAINED);

  /**
   * The views a {@code Diagnosis} reads, implemented by STABLE types so that a diagnosis can read a
   * report's entries and a signature's blocks. Implementing them promises nothing beyond the STABLE
   * types' own members (which this test checks); the interfaces themselves stay EXPERIMENTAL.
   */
  private static final Set<String> EXPERIMENTAL_VIEWS =
      Set.of(
          "org.gradcheck.diagnosis.EntryView",
          "org.gradcheck.diagnosis.Layout",
          "org.gradcheck.diagnosis.Block");

  @Test
  void stableToolkitTypesExposeOnlyStableTypes() throws Exception {
    List<String> violations = new ArrayList<>();
    for (Class<?> c : toolkitClasses()) {
      violations.addAll(violations(c));
    }
    assertEquals(List.of(), violations);
  }

  @Test
  void everyPublicToolkitTypeStatesItsStatusAndSince() throws Exception {
    List<String> missing = new ArrayList<>();
    for (Class<?> c : toolkitClasses()) {
      API api = c.getAnnotation(API.class);
      if (c.getEnclosingClass() == null && (api == null || api.since().isEmpty())) {
        missing.add(c.getName());
      }
    }
    assertEquals(List.of(), missing);
  }

  @Test
  void catchesAStableMemberExposingAnExperimentalType() {
    assertEquals(
        List.of(
            "org.gradcheck.ApiStatusCoherenceTest$Leaky: Builder is a public builder of a STABLE"
                + " type without its own @API",
            "org.gradcheck.ApiStatusCoherenceTest$Leaky: finding() exposes org.gradcheck.Finding"
                + " (EXPERIMENTAL)"),
        violations(Leaky.class));
  }

  @Test
  void acceptsAnExperimentalMemberOfAStableType() {
    assertEquals(List.of(), violations(Marked.class));
  }

  /** Fixture: a STABLE type leaking an EXPERIMENTAL one and an unmarked builder. */
  @API(status = API.Status.STABLE, since = "0.1")
  public static final class Leaky {
    public Finding finding() {
      return null;
    }

    public List<CheckReport> reports() {
      return List.of();
    }

    public static final class Builder {}
  }

  /** Fixture: the same members, each marked EXPERIMENTAL. */
  @API(status = API.Status.STABLE, since = "0.1")
  public static final class Marked {
    @API(status = API.Status.EXPERIMENTAL, since = "0.1")
    public Finding finding() {
      return null;
    }

    @API(status = API.Status.EXPERIMENTAL, since = "0.1")
    public static final class Builder {}
  }

  private static List<String> violations(Class<?> c) {
    List<String> out = new ArrayList<>();
    if (!Modifier.isPublic(c.getModifiers()) || !PROMISED.contains(status(c))) {
      return out;
    }
    List<Type> supers = new ArrayList<>(List.of(c.getGenericInterfaces()));
    if (c.getGenericSuperclass() != null) {
      supers.add(c.getGenericSuperclass());
    }
    for (Type t : supers) {
      if (!EXPERIMENTAL_VIEWS.contains(t.getTypeName())) {
        check(c, "supertype", t, out);
      }
    }
    for (Class<?> nested : c.getDeclaredClasses()) {
      if (Modifier.isPublic(nested.getModifiers())
          && nested.getSimpleName().endsWith("Builder")
          && nested.getAnnotation(API.class) == null) {
        out.add(
            c.getName()
                + ": "
                + nested.getSimpleName()
                + " is a public builder of a STABLE type without its own @API");
      }
    }
    List<Member> members = new ArrayList<>();
    members.addAll(List.of(c.getDeclaredMethods()));
    members.addAll(List.of(c.getDeclaredConstructors()));
    members.addAll(List.of(c.getDeclaredFields()));
    for (Member m : members) {
      if (!Modifier.isPublic(m.getModifiers()) && !Modifier.isProtected(m.getModifiers())
          || m.isSynthetic()) {
        continue;
      }
      API own = ((AnnotatedElement) m).getAnnotation(API.class);
      if (own != null && !PROMISED.contains(own.status())) {
        continue;
      }
      String name = m.getName() + (m instanceof Field ? "" : "()");
      if (m instanceof Field f) {
        check(c, name, f.getGenericType(), out);
      } else {
        Executable e = (Executable) m;
        if (e instanceof java.lang.reflect.Method method) {
          check(c, name, method.getGenericReturnType(), out);
        }
        for (Type t : e.getGenericParameterTypes()) {
          check(c, name, t, out);
        }
        for (Type t : e.getGenericExceptionTypes()) {
          check(c, name, t, out);
        }
      }
    }
    out.sort(null);
    return out;
  }

  private static void check(Class<?> owner, String where, Type t, List<String> out) {
    if (t instanceof ParameterizedType p) {
      check(owner, where, p.getRawType(), out);
      for (Type a : p.getActualTypeArguments()) {
        check(owner, where, a, out);
      }
    } else if (t instanceof GenericArrayType g) {
      check(owner, where, g.getGenericComponentType(), out);
    } else if (t instanceof WildcardType w) {
      for (Type b : w.getUpperBounds()) {
        check(owner, where, b, out);
      }
      for (Type b : w.getLowerBounds()) {
        check(owner, where, b, out);
      }
    } else if (t instanceof Class<?> k) {
      while (k.isArray()) {
        k = k.getComponentType();
      }
      if (k.getName().startsWith("org.gradcheck.")
          && !k.getName().startsWith(ApiStatusCoherenceTest.class.getName())
          && !PROMISED.contains(status(k))) {
        out.add(
            owner.getName() + ": " + where + " exposes " + k.getName() + " (" + status(k) + ")");
      }
    }
  }

  /** A type's own status, else its enclosing type's; INTERNAL for an unannotated type. */
  private static API.Status status(Class<?> c) {
    for (Class<?> k = c; k != null; k = k.getEnclosingClass()) {
      API api = k.getAnnotation(API.class);
      if (api != null) {
        return api.status();
      }
    }
    return API.Status.INTERNAL;
  }

  /** Every public class compiled from the toolkit's main sources. */
  private static List<Class<?>> toolkitClasses() throws Exception {
    Path root =
        Path.of(CheckReport.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Set<String> names = new TreeSet<>();
    try (Stream<Path> files = Files.walk(root)) {
      files
          .map(root::relativize)
          .map(Path::toString)
          .filter(n -> n.endsWith(".class") && !n.endsWith("package-info.class"))
          .forEach(n -> names.add(n.substring(0, n.length() - 6).replace('/', '.')));
    }
    List<Class<?>> classes = new ArrayList<>();
    for (String n : names) {
      Class<?> c = Class.forName(n, false, ApiStatusCoherenceTest.class.getClassLoader());
      if (Modifier.isPublic(c.getModifiers()) && !c.isAnonymousClass() && !c.isSynthetic()) {
        classes.add(c);
      }
    }
    assertTrue(classes.size() > 50, () -> "too few toolkit classes found under " + root);
    return classes;
  }
}
