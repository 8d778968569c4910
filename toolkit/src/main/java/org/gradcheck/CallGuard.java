package org.gradcheck;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.apiguardian.api.API;
import org.ejml.data.DMatrixRMaj;
import org.gradcheck.numeric.FunctionEvaluationException;
import org.gradcheck.robust.TautologyGuard;

/**
 * Wraps the user's function and derivatives for one check and watches every call for broken
 * contracts: writing into an argument ({@code x}, the upstream gradient, the tangent), returning an
 * argument itself, or returning the same array twice. A violation is recorded (first one per role
 * and kind), the argument is restored from its copy, and a result that aliases an argument (or an
 * earlier result) is handed on as a copy; the check then fails with the violation instead of a
 * misleading mismatch. An exception thrown by a derivative is wrapped in a {@link
 * DerivativeFailedException} naming the role, the argument and x; the function's own exceptions
 * pass through unchanged (the numeric engine wraps them).
 *
 * <p>Mutation checks copy the arguments; {@link #sampled(int, int)} limits them to the first calls
 * and then one call in {@code every}, to keep the overhead small on cheap functions. Aliasing
 * checks are identity comparisons and run on every call. The guard also keeps the fastest time of
 * each role (over the checked calls), from which {@link #tautologyWarning(int)} recognises an
 * "analytic" side that is itself a finite difference. Thread-safe.
 */
@API(status = API.Status.EXPERIMENTAL)
public final class CallGuard {
  /** Role name of the function under test. */
  public static final String FUNCTION = "function";

  private final int firstCalls;
  private final int every;
  private final List<GuardViolation> violations = new ArrayList<>();
  private final Map<String, AtomicLong> calls = new LinkedHashMap<>();
  private final Map<String, Long> fastest = new LinkedHashMap<>();
  private final Map<String, Long> first = new LinkedHashMap<>();

  private CallGuard(int firstCalls, int every) {
    this.firstCalls = firstCalls;
    this.every = every;
  }

  /** A guard that checks every call for mutation. */
  public static CallGuard everyCall() {
    return new CallGuard(Integer.MAX_VALUE, 1);
  }

  /**
   * A guard that checks the first {@code firstCalls} calls of each role for mutation, then one call
   * in {@code every}.
   */
  public static CallGuard sampled(int firstCalls, int every) {
    if (firstCalls < 0 || every < 1) {
      throw new IllegalArgumentException(
          "firstCalls must be ≥ 0 and every ≥ 1, got " + firstCalls + " and " + every);
    }
    return new CallGuard(firstCalls, every);
  }

  /** Guards the function under test (role {@value #FUNCTION}). */
  public VectorFunction function(VectorFunction f) {
    Objects.requireNonNull(f, "function");
    Role role = new Role(FUNCTION);
    return x -> role.call(() -> f.apply(x), x, "x", null, null);
  }

  /** Guards a scalar function under test (role {@value #FUNCTION}). */
  public ScalarFunction scalar(ScalarFunction f) {
    Objects.requireNonNull(f, "function");
    Role role = new Role(FUNCTION);
    return x -> role.call(() -> new double[] {f.apply(x)}, x, "x", null, null)[0];
  }

  /** Guards an analytic gradient (role {@code gradient}). */
  public GradientFunction gradient(GradientFunction g) {
    Objects.requireNonNull(g, "gradient");
    Role role = new Role("gradient");
    return x -> role.call(() -> g.gradient(x), x, "x", null, null);
  }

  /**
   * Guards an analytic Jacobian (role {@code Jacobian}); the matrix data is checked for aliasing.
   */
  public JacobianFunction jacobian(JacobianFunction j) {
    Objects.requireNonNull(j, "jacobian");
    Role role = new Role("Jacobian");
    return x -> {
      DMatrixRMaj[] box = new DMatrixRMaj[1];
      role.call(
          () -> {
            box[0] = j.jacobian(x);
            return box[0] == null ? null : box[0].data;
          },
          x,
          "x",
          null,
          null);
      if (box[0] != null && box[0].data == x) {
        DMatrixRMaj copy = box[0].copy();
        copy.data = x.clone();
        return copy;
      }
      return box[0];
    };
  }

  /** Guards a backward pass (role {@code backward (VJP)}); watches x and the upstream gradient. */
  public VectorJacobianProduct vjp(VectorJacobianProduct v) {
    Objects.requireNonNull(v, "vjp");
    Role role = new Role("backward (VJP)");
    return (x, g) -> role.call(() -> v.apply(x, g), x, "x", g, "upstream");
  }

  /** Guards a forward-mode product (role {@code JVP}); watches x and the tangent. */
  public JacobianVectorProduct jvp(JacobianVectorProduct v) {
    Objects.requireNonNull(v, "jvp");
    Role role = new Role("JVP");
    return (x, u) -> role.call(() -> v.apply(x, u), x, "x", u, "tangent");
  }

  /** The violations found so far (first per role and kind), in the order they happened. */
  public synchronized List<GuardViolation> violations() {
    return List.copyOf(violations);
  }

  /** True if no violation was found. */
  public synchronized boolean clean() {
    return violations.isEmpty();
  }

  /** How many calls the given role received. */
  public synchronized long calls(String role) {
    AtomicLong c = calls.get(role);
    return c == null ? 0 : c.get();
  }

  /** The fastest observed call of the role in nanoseconds, or −1 if it was never called. */
  public synchronized long fastestNanos(String role) {
    return fastest.getOrDefault(role, -1L);
  }

  /**
   * A warning if a derivative role's fastest call took as long as at least max(n/2, 10) calls of
   * the function: such an "analytic" side probably evaluates the function itself, once or twice per
   * input, i.e. it is a finite difference and the check proves nothing. Only gradient, VJP and JVP
   * roles are judged (a dense Jacobian legitimately costs n times the function), and only when the
   * derivative call took at least 200 µs, above timer noise. A derivative called only once (a
   * gradient check) is compared with the function's first call, both before the JIT warmed up.
   *
   * @param n the number of differentiated inputs
   */
  public synchronized Optional<String> tautologyWarning(int n) {
    long f = fastestNanos(FUNCTION);
    if (f <= 0 || n < 16) {
      return Optional.empty();
    }
    for (Map.Entry<String, Long> e : fastest.entrySet()) {
      String role = e.getKey();
      if (role.equals(FUNCTION) || role.equals("Jacobian")) {
        continue;
      }
      boolean once = calls(role) == 1;
      Optional<String> w =
          TautologyGuard.byTiming(
              role, once ? first.get(FUNCTION) : f, once ? first.get(role) : e.getValue(), n);
      if (w.isPresent()) {
        return w;
      }
    }
    return Optional.empty();
  }

  private synchronized void record(GuardViolation v) {
    for (GuardViolation seen : violations) {
      if (seen.kind() == v.kind() && seen.role().equals(v.role())) {
        return;
      }
    }
    violations.add(v);
  }

  private synchronized AtomicLong counter(String role) {
    return calls.computeIfAbsent(role, r -> new AtomicLong());
  }

  private synchronized void time(String role, long nanos) {
    fastest.merge(role, Math.max(1, nanos), Math::min);
    first.putIfAbsent(role, Math.max(1, nanos));
  }

  private static String summary(double[] v) {
    if (v == null) {
      return "null";
    }
    if (v.length <= 6) {
      return java.util.Arrays.toString(v);
    }
    return "[" + v[0] + ", " + v[1] + ", " + v[2] + ", …] (length " + v.length + ")";
  }

  /** The call being guarded; returns the result array. */
  private interface Call {
    double[] run();
  }

  /** One guarded role: call counting, mutation and aliasing checks. */
  private final class Role {
    private final String name;
    private final AtomicLong counter;
    private final ThreadLocal<double[]> last = new ThreadLocal<>();

    Role(String name) {
      this.name = name;
      this.counter = counter(name);
    }

    double[] call(Call call, double[] a, String aName, double[] b, String bName) {
      long k = counter.getAndIncrement();
      boolean check = k < firstCalls || (k - Math.min(firstCalls, k)) % every == 0;
      double[] aCopy = check && a != null ? a.clone() : null;
      double[] bCopy = check && b != null ? b.clone() : null;
      long start = check ? System.nanoTime() : 0;
      double[] result;
      try {
        result = call.run();
      } catch (RuntimeException | Error e) {
        restore(a, aCopy, aName);
        restore(b, bCopy, bName);
        if (e instanceof RuntimeException && name.equals(FUNCTION)) {
          throw new FunctionEvaluationException(
              "the function threw " + e + " at x = " + summary(a), Double.NaN, e);
        }
        if (e instanceof RuntimeException) {
          throw new DerivativeFailedException(
              "the "
                  + name
                  + " threw "
                  + e
                  + (b == null ? "" : " for " + bName + " = " + summary(b))
                  + " at x = "
                  + summary(a),
              e);
        }
        throw e;
      }
      if (check) {
        time(name, System.nanoTime() - start);
      }
      boolean aliasA = result != null && result == a;
      boolean aliasB = result != null && b != null && result == b;
      double[] aliasCopy = aliasA || aliasB ? result.clone() : null;
      restore(a, aCopy, aName);
      restore(b, bCopy, bName);
      if (result == null) {
        return null;
      }
      if (aliasCopy != null) {
        record(
            new GuardViolation(
                GuardViolation.Kind.OUTPUT_ALIASES_INPUT,
                name,
                aliasA ? aName : bName,
                -1,
                Double.NaN,
                Double.NaN));
        return aliasCopy;
      }
      double[] previous = last.get();
      last.set(result);
      if (previous == result) {
        record(
            new GuardViolation(
                GuardViolation.Kind.OUTPUT_REUSED, name, "result", -1, Double.NaN, Double.NaN));
        return result.clone();
      }
      return result;
    }

    private void restore(double[] arg, double[] copy, String argName) {
      if (arg == null || copy == null) {
        return;
      }
      for (int i = 0; i < copy.length && i < arg.length; i++) {
        if (Double.doubleToRawLongBits(arg[i]) != Double.doubleToRawLongBits(copy[i])) {
          record(
              new GuardViolation(
                  GuardViolation.Kind.INPUT_MUTATION, name, argName, i, copy[i], arg[i]));
          System.arraycopy(copy, 0, arg, 0, copy.length);
          return;
        }
      }
    }
  }
}
