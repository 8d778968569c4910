package org.gradcheck;

import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.nio.channels.ClosedByInterruptException;
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
 * DerivativeFailedException} naming the role, the argument and x; one thrown by the function in a
 * {@link FunctionEvaluationException} (which the numeric engine handles per column). An {@link
 * InvalidCheckInputException} (a named form returned a block that does not fit the signature) is
 * let through unchanged.
 *
 * <p><b>Interrupts are never swallowed.</b> No user call starts on an interrupted thread, and a
 * call that throws while the thread is interrupted, or whose exception has an {@link
 * InterruptedException}, {@link InterruptedIOException} (other than a socket timeout) or {@link
 * ClosedByInterruptException} in its cause chain, or that returns while the thread is interrupted,
 * ends in a {@link CheckInterruptedException} with the interrupt status set (a refused call's
 * exception has the guard's first interruption, if any, as its cause). Because layers between the
 * guard and the orchestrator (the numeric engine) catch every {@link RuntimeException}, the guard
 * also remembers the first interruption: {@link #throwIfInterrupted()} rethrows it.
 *
 * <p>Mutation checks copy the arguments; {@link #sampled(int, int)} limits them to the first calls
 * and then one call in {@code every}, to keep the overhead small on cheap functions. Aliasing
 * checks are identity comparisons and run on every call. The guard also keeps the first and the
 * fastest time of each role (over the checked calls); with the values the check compared, {@link
 * #tautologyWarning(int, List)} recognises an "analytic" side that is itself a finite difference.
 * Thread-safe.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class CallGuard {
  /** Role name of the function under test. */
  public static final String FUNCTION = "function";

  /** Role name of an analytic gradient. */
  public static final String GRADIENT = "gradient";

  /** Role name of an analytic Jacobian. */
  public static final String JACOBIAN = "Jacobian";

  /** Role name of a backward pass (vector-Jacobian product). */
  public static final String VJP = "backward (VJP)";

  /** Role name of a forward-mode product (Jacobian-vector product). */
  public static final String JVP = "JVP";

  /** Cause chains are followed this deep at most (they may be cyclic). */
  private static final int MAX_CAUSE_DEPTH = 32;

  private final int firstCalls;
  private final int every;
  private final List<GuardViolation> violations = new ArrayList<>();
  private final Map<String, AtomicLong> calls = new LinkedHashMap<>();
  private final Map<String, Long> fastest = new LinkedHashMap<>();
  private final Map<String, Long> first = new LinkedHashMap<>();
  private CheckInterruptedException interruption;

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

  /** Guards an analytic gradient (role {@value #GRADIENT}). */
  public GradientFunction gradient(GradientFunction g) {
    Objects.requireNonNull(g, "gradient");
    Role role = new Role(GRADIENT);
    return x -> role.call(() -> g.gradient(x), x, "x", null, null);
  }

  /**
   * Guards an analytic Jacobian (role {@value #JACOBIAN}); the matrix data is checked for aliasing.
   */
  public JacobianFunction jacobian(JacobianFunction j) {
    Objects.requireNonNull(j, "jacobian");
    Role role = new Role(JACOBIAN);
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

  /** Guards a backward pass (role {@value #VJP}); watches x and the upstream gradient. */
  public VectorJacobianProduct vjp(VectorJacobianProduct v) {
    Objects.requireNonNull(v, "vjp");
    Role role = new Role(VJP);
    return (x, g) -> role.call(() -> v.apply(x, g), x, "x", g, "upstream");
  }

  /** Guards a forward-mode product (role {@value #JVP}); watches x and the tangent. */
  public JacobianVectorProduct jvp(JacobianVectorProduct v) {
    Objects.requireNonNull(v, "jvp");
    Role role = new Role(JVP);
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
   * The first timed call of the role in nanoseconds (before the JIT warmed up), or −1 if it was
   * never called.
   */
  public synchronized long firstNanos(String role) {
    return first.getOrDefault(role, -1L);
  }

  /** The roles called so far, in the order of their first call. */
  public synchronized List<String> roles() {
    return List.copyOf(calls.keySet());
  }

  /**
   * The tautology warning from the compared entries: {@link #tautologyWarning(int, double)} with
   * the median relative disagreement of their analytic and numeric values ({@link
   * TautologyGuard#medianRelativeDisagreement}). Entries of every derivative role may be passed;
   * probe entries (FAST mode) count like Jacobian entries.
   *
   * @param n the number of differentiated inputs
   * @param entries the entries the check compared (all of them, or a sample)
   * @return the warning text, or empty
   */
  public Optional<String> tautologyWarning(int n, List<ComparedEntry> entries) {
    double[] analytic = new double[entries.size()];
    double[] numeric = new double[entries.size()];
    for (int i = 0; i < analytic.length; i++) {
      analytic[i] = entries.get(i).analytic();
      numeric[i] = entries.get(i).numeric();
    }
    return tautologyWarning(n, TautologyGuard.medianRelativeDisagreement(analytic, numeric));
  }

  /**
   * A warning if a derivative role looks like a finite difference of the function on both counts
   * ({@link TautologyGuard#assess}): its call took at least max(n/2, 10) function calls, and its
   * values disagree with the numeric derivative by more than 1e-10 (median relative). Neither is
   * enough alone. Only gradient, VJP and JVP roles are judged (a dense Jacobian legitimately costs
   * n times the function). The roles' fastest calls are compared; a derivative called only once (a
   * gradient check) is compared with the function's first call, both before the JIT warmed up. The
   * warning is a finding: it does not change the verdict.
   *
   * @param n the number of differentiated inputs
   * @param medianRelativeDisagreement the median relative disagreement of the compared entries
   *     ({@link TautologyGuard#medianRelativeDisagreement}); NaN means no warning
   * @return the warning text, or empty
   */
  public synchronized Optional<String> tautologyWarning(int n, double medianRelativeDisagreement) {
    for (Timing t : judgedTimings()) {
      Optional<String> w =
          TautologyGuard.assess(
              t.role(), t.functionNanos(), t.derivativeNanos(), n, medianRelativeDisagreement);
      if (w.isPresent()) {
        return w;
      }
    }
    return Optional.empty();
  }

  /** The call times compared for each judged derivative role (not the function, not Jacobian). */
  private synchronized List<Timing> judgedTimings() {
    List<Timing> timings = new ArrayList<>();
    for (String role : fastest.keySet()) {
      if (role.equals(FUNCTION) || role.equals(JACOBIAN)) {
        continue;
      }
      boolean once = calls(role) == 1;
      timings.add(
          new Timing(
              role,
              once ? firstNanos(FUNCTION) : fastestNanos(FUNCTION),
              once ? firstNanos(role) : fastestNanos(role)));
    }
    return timings;
  }

  /** A derivative role's call time next to the function's, measured the same way. */
  private record Timing(String role, long functionNanos, long derivativeNanos) {}

  /**
   * The first interruption the guard turned into a {@link CheckInterruptedException}, if any. Code
   * between the guard and the orchestrator may have caught it; this is how the orchestrator still
   * learns of it.
   */
  public synchronized Optional<CheckInterruptedException> interruption() {
    return Optional.ofNullable(interruption);
  }

  /**
   * Throws the first recorded {@link CheckInterruptedException} (see {@link #interruption()}), or a
   * new one if the current thread is interrupted now; the interrupt status is set when it leaves.
   * Does nothing otherwise. Orchestrators call it after every stage that catches exceptions of user
   * calls.
   *
   * @throws CheckInterruptedException if the check was interrupted
   */
  public void throwIfInterrupted() {
    CheckInterruptedException seen;
    synchronized (this) {
      seen = interruption;
    }
    if (seen != null) {
      Thread.currentThread().interrupt();
      throw seen;
    }
    if (Thread.currentThread().isInterrupted()) {
      throw interrupted(
          new CheckInterruptedException("the check was interrupted between evaluations", null));
    }
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

  /**
   * Records the first interruption, sets the current thread's interrupt status (a user call may
   * have cleared it when it caught the {@link InterruptedException}) and returns the exception.
   */
  private CheckInterruptedException interrupted(CheckInterruptedException e) {
    synchronized (this) {
      if (interruption == null) {
        interruption = e;
      }
    }
    Thread.currentThread().interrupt();
    return e;
  }

  /**
   * True if the cause chain holds an {@link InterruptedException}, an {@link
   * InterruptedIOException} other than a {@link SocketTimeoutException} (a timeout, not an
   * interrupt) or a {@link ClosedByInterruptException}.
   */
  static boolean revealsInterrupt(Throwable e) {
    Throwable t = e;
    for (int depth = 0; t != null && depth < MAX_CAUSE_DEPTH; depth++, t = t.getCause()) {
      if (t instanceof InterruptedException
          || t instanceof ClosedByInterruptException
          || (t instanceof InterruptedIOException && !(t instanceof SocketTimeoutException))) {
        return true;
      }
    }
    return false;
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
      if (Thread.currentThread().isInterrupted()) {
        throw interrupted(
            new CheckInterruptedException(
                "the check was interrupted before evaluating the " + name + " at x = " + summary(a),
                interruption().orElse(null)));
      }
      long k = counter.getAndIncrement();
      boolean check = k < firstCalls || (k - Math.min(firstCalls, k)) % every == 0;
      double[] aCopy = check && a != null ? a.clone() : null;
      double[] bCopy = check && b != null ? b.clone() : null;
      long start = check ? System.nanoTime() : 0;
      double[] result;
      try {
        result = call.run();
      } catch (Throwable e) {
        restore(a, aCopy, aName);
        restore(b, bCopy, bName);
        throw failure(e, a, b, bName);
      }
      if (Thread.currentThread().isInterrupted()) {
        restore(a, aCopy, aName);
        restore(b, bCopy, bName);
        throw interrupted(
            new CheckInterruptedException(
                "the check was interrupted while evaluating the "
                    + name
                    + " at x = "
                    + summary(a)
                    + "; the value it returned is discarded",
                null));
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

    /**
     * What a user call's exception becomes: a {@link CheckInterruptedException} if it reveals an
     * interrupt, the {@link Error} or {@link InvalidCheckInputException} itself, else a {@link
     * FunctionEvaluationException} (function) or {@link DerivativeFailedException} (derivatives)
     * naming the argument and x.
     */
    private RuntimeException failure(Throwable e, double[] a, double[] b, String bName) {
      boolean revealed = revealsInterrupt(e);
      if (revealed || (Thread.currentThread().isInterrupted() && !(e instanceof Error))) {
        return interrupted(
            new CheckInterruptedException(
                "the check was interrupted while evaluating the "
                    + name
                    + " at x = "
                    + summary(a)
                    + " ("
                    + (revealed ? "it threw " : "it threw, on an interrupted thread, ")
                    + e
                    + ")",
                e));
      }
      if (e instanceof Error error) {
        throw error;
      }
      if (e instanceof InvalidCheckInputException invalid) {
        return invalid; // a named form's block that does not fit the signature says where itself
      }
      if (name.equals(FUNCTION)) {
        return new FunctionEvaluationException(
            "the function threw " + e + " at x = " + summary(a), Double.NaN, e);
      }
      return new DerivativeFailedException(
          "the "
              + name
              + " threw "
              + e
              + (b == null ? "" : " for " + bName + " = " + summary(b))
              + " at x = "
              + summary(a),
          e);
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
