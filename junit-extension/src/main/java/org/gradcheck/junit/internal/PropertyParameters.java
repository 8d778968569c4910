package org.gradcheck.junit.internal;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.ejml.data.DMatrixRMaj;
import org.gradcheck.generate.Choices;
import org.gradcheck.generate.FilterExhaustedException;
import org.gradcheck.generate.Generator;
import org.gradcheck.generate.Generators;
import org.gradcheck.property.From;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;
import org.junit.platform.commons.support.ReflectionSupport;

/**
 * The drawn parameters of a {@code @GradientProperty} method, in parameter order: those with
 * {@code @Shape}/{@code @Range} (the generators of {@code @GradientCheck}) and those with {@link
 * From}. All are drawn from one choice sequence per try, through {@link #tuple(Object)}.
 */
final class PropertyParameters {
  /** One drawn parameter: its position, its name and either a generated or a @From source. */
  record Drawn(int index, String name, Class<?> type, GeneratedParameter generated, Method from) {}

  private final Method method;
  private final List<Drawn> drawn;

  private PropertyParameters(Method method, List<Drawn> drawn) {
    this.method = method;
    this.drawn = List.copyOf(drawn);
  }

  /**
   * Validates and collects the drawn parameters of {@code method}.
   *
   * @throws ExtensionConfigurationException for an unknown {@code @From} method, one that takes
   *     parameters or does not return a {@code Generator}
   */
  static PropertyParameters of(Method method) {
    List<GeneratedParameter> generated = GeneratedParameter.of(method);
    List<Drawn> drawn = new ArrayList<>();
    Parameter[] parameters = method.getParameters();
    for (int i = 0; i < parameters.length; i++) {
      Parameter p = parameters[i];
      int index = i;
      Optional<From> from = AnnotationSupport.findAnnotation(p, From.class);
      if (from.isPresent()) {
        drawn.add(new Drawn(i, p.getName(), p.getType(), null, provider(method, i, p, from.get())));
        continue;
      }
      generated.stream()
          .filter(g -> g.index() == index)
          .findFirst()
          .ifPresent(g -> drawn.add(new Drawn(index, p.getName(), p.getType(), g, null)));
    }
    return new PropertyParameters(method, drawn);
  }

  private static Method provider(Method method, int index, Parameter p, From from) {
    String where = "@From(\"" + from.value() + "\") ";
    List<Method> named =
        ReflectionSupport.findMethods(
            method.getDeclaringClass(),
            m -> m.getName().equals(from.value()),
            HierarchyTraversalMode.BOTTOM_UP);
    if (named.isEmpty()) {
      throw GeneratedParameter.misuse(
          method,
          index,
          p,
          where
              + "names no method of "
              + method.getDeclaringClass().getSimpleName()
              + "; expected a method without parameters returning a Generator<"
              + p.getType().getSimpleName()
              + ">");
    }
    Method m =
        named.stream().filter(c -> c.getParameterCount() == 0).findFirst().orElse(named.get(0));
    if (m.getParameterCount() != 0) {
      throw GeneratedParameter.misuse(
          method,
          index,
          p,
          where + "names a method with parameters; the generator method must take none");
    }
    if (!Generator.class.isAssignableFrom(m.getReturnType())) {
      throw GeneratedParameter.misuse(
          method,
          index,
          p,
          where
              + "names "
              + m.getName()
              + "(), which returns "
              + m.getReturnType().getSimpleName()
              + "; expected a Generator<"
              + p.getType().getSimpleName()
              + ">");
    }
    return m;
  }

  /** True if the parameter at {@code index} is drawn. */
  boolean draws(int index) {
    return drawn.stream().anyMatch(d -> d.index() == index);
  }

  /** Position in the tuple of the drawn parameter at method index {@code index}, or −1. */
  int position(int index) {
    for (int k = 0; k < drawn.size(); k++) {
      if (drawn.get(k).index() == index) {
        return k;
      }
    }
    return -1;
  }

  /** True if every @From method is static, so the tuple can be built without a test instance. */
  boolean staticProviders() {
    return drawn.stream()
        .allMatch(d -> d.from() == null || Modifier.isStatic(d.from().getModifiers()));
  }

  /**
   * The generator of all drawn parameters as one tuple, in parameter order; {@code instance} (may
   * be null for static providers) supplies the {@code @From} generators.
   *
   * @throws ExtensionConfigurationException if a provider throws or returns null
   */
  Generator<List<Object>> tuple(Object instance) {
    List<Generator<?>> parts = new ArrayList<>();
    for (Drawn d : drawn) {
      if (d.generated() != null) {
        GeneratedParameter g = d.generated();
        parts.add(g.generator().map(g::value));
      } else {
        parts.add(new Provided<>(provide(d, instance), d));
      }
    }
    return Generators.tuples(parts);
  }

  /**
   * The generator of a {@code @From} method, unchanged except that a filter rejecting everything
   * names the method and the parameter.
   */
  private record Provided<T>(Generator<T> base, Drawn d) implements Generator<T> {
    @Override
    public T draw(Choices choices) {
      try {
        return base.draw(choices);
      } catch (FilterExhaustedException e) {
        throw new FilterExhaustedException(
            "@From(\""
                + d.from().getName()
                + "\") of parameter "
                + d.index()
                + " '"
                + d.name()
                + "': "
                + e.getMessage());
      }
    }

    @Override
    public Optional<String> violation(T value) {
      return base.violation(value);
    }

    @Override
    public String kind() {
      return base.kind();
    }

    @Override
    public List<String> edgeCases() {
      return base.edgeCases();
    }
  }

  /**
   * Draws the values of {@code tuple} from {@code choices}.
   *
   * @throws ExtensionConfigurationException naming the method, the {@code @From} method and the
   *     filter, if a filter rejected everything
   */
  List<Object> draw(Generator<List<Object>> tuple, Choices choices) {
    try {
      return tuple.draw(choices);
    } catch (FilterExhaustedException e) {
      throw new ExtensionConfigurationException(
          "@GradientProperty on " + SettingsResolver.describe(method) + ": " + e.getMessage(), e);
    }
  }

  private Generator<?> provide(Drawn d, Object instance) {
    Method m = d.from();
    Object target = Modifier.isStatic(m.getModifiers()) ? null : instance;
    Object g;
    try {
      g = ReflectionSupport.invokeMethod(m, target);
    } catch (RuntimeException e) {
      throw new ExtensionConfigurationException(
          "@From(\"" + m.getName() + "\") of " + SettingsResolver.describe(method) + " threw " + e,
          e);
    }
    if (g == null) {
      throw new ExtensionConfigurationException(
          "@From(\""
              + m.getName()
              + "\") of "
              + SettingsResolver.describe(method)
              + " returned null");
    }
    return (Generator<?>) g;
  }

  /**
   * Checks that each drawn value suits its parameter's type.
   *
   * @throws ExtensionConfigurationException naming the parameter, the expected and the drawn type
   */
  void checkTypes(List<Object> values) {
    for (int k = 0; k < drawn.size(); k++) {
      Drawn d = drawn.get(k);
      Object v = values.get(k);
      Class<?> expected = box(d.type());
      if (v == null || !expected.isInstance(v)) {
        throw new ExtensionConfigurationException(
            "parameter "
                + d.index()
                + " '"
                + d.name()
                + "' of "
                + SettingsResolver.describe(method)
                + " is a "
                + d.type().getSimpleName()
                + ", but its generator drew "
                + (v == null ? "null" : "a " + v.getClass().getSimpleName()));
      }
    }
  }

  /** Each drawn parameter as {@code name (shape) = value}, one per line, shapes first. */
  String describe(List<Object> values) {
    StringBuilder shapes = new StringBuilder();
    StringBuilder lines = new StringBuilder();
    for (int k = 0; k < drawn.size(); k++) {
      String name = drawn.get(k).name();
      shapes.append(k == 0 ? "" : ", ").append(name).append(": ").append(shape(values.get(k)));
      lines.append("\n    ").append(name).append(" = ").append(text(values.get(k)));
    }
    return "    shapes: " + shapes + lines;
  }

  /** The shape of a drawn value, e.g. {@code double[2]}, {@code 1×2}, {@code 3 rows}. */
  static String shape(Object v) {
    if (v instanceof double[] a) {
      return "double[" + a.length + "]";
    }
    if (v instanceof float[] a) {
      return "float[" + a.length + "]";
    }
    if (v instanceof DMatrixRMaj m) {
      return m.numRows + "×" + m.numCols;
    }
    if (v instanceof Object[] a) {
      return Arrays.stream(a).map(PropertyParameters::shape).toList().toString();
    }
    if (v instanceof List<?> l) {
      return l.stream().map(PropertyParameters::shape).toList().toString();
    }
    return v == null ? "null" : v.getClass().getSimpleName();
  }

  private static String text(Object v) {
    if (v instanceof double[] a) {
      return Arrays.toString(a);
    }
    if (v instanceof float[] a) {
      return Arrays.toString(a);
    }
    if (v instanceof DMatrixRMaj m) {
      StringBuilder out = new StringBuilder("[");
      for (int r = 0; r < m.numRows; r++) {
        out.append(r == 0 ? "" : ", ")
            .append(
                Arrays.toString(Arrays.copyOfRange(m.data, r * m.numCols, (r + 1) * m.numCols)));
      }
      return out.append("]").toString();
    }
    if (v instanceof Object[] a) {
      return text(Arrays.asList(a));
    }
    if (v instanceof List<?> l) {
      return l.stream()
          .map(PropertyParameters::text)
          .collect(java.util.stream.Collectors.joining(", ", "[", "]"));
    }
    return String.valueOf(v);
  }

  private static Class<?> box(Class<?> type) {
    return type == double.class ? Double.class : type == int.class ? Integer.class : type;
  }
}
