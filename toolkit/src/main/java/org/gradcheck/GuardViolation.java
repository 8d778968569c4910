package org.gradcheck;

import java.util.Objects;
import org.apiguardian.api.API;

/**
 * A broken contract caught by a {@link CallGuard}: the function or a derivative wrote into an
 * argument, returned an argument itself, or handed back the same array on two calls. Each of these
 * silently corrupts a numeric derivative, so it is reported instead of a misleading mismatch.
 *
 * @param kind what happened
 * @param role who did it, e.g. {@code function} or {@code backward (VJP)}
 * @param array which argument, e.g. {@code x} or {@code upstream}
 * @param index the first index written to, or −1 when not applicable
 * @param before the value at {@code index} before the call (NaN when not applicable)
 * @param after the value at {@code index} after the call (NaN when not applicable)
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record GuardViolation(
    Kind kind, String role, String array, int index, double before, double after) {

  /** Validates the fields. */
  public GuardViolation {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(array, "array");
  }

  /** What kind of contract was broken. */
  @API(status = API.Status.EXPERIMENTAL, since = "0.1")
  public enum Kind {
    /** The call wrote into one of its arguments. */
    INPUT_MUTATION,
    /** The call returned one of its arguments itself (the result aliases the input). */
    OUTPUT_ALIASES_INPUT,
    /** The call returned the same array object as an earlier call (a reused output buffer). */
    OUTPUT_REUSED
  }

  /** A sentence saying what happened and why it matters. */
  public String describe() {
    return switch (kind) {
      case INPUT_MUTATION ->
          "input mutation: the "
              + role
              + " wrote into its argument "
              + array
              + "["
              + index
              + "] (was "
              + before
              + ", now "
              + after
              + "); it must leave its arguments unchanged";
      case OUTPUT_ALIASES_INPUT ->
          "aliasing: the "
              + role
              + " returned its argument "
              + array
              + " itself instead of a fresh array, which makes a numeric derivative silently"
              + " wrong";
      case OUTPUT_REUSED ->
          "aliasing: the "
              + role
              + " returned the same result array on two calls (a reused buffer), so an earlier"
              + " result is overwritten by a later one and a numeric derivative is silently wrong";
    };
  }

  @Override
  public String toString() {
    return describe();
  }
}
