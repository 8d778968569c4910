package org.gradcheck.registry;

import java.util.Objects;
import java.util.Optional;
import org.apiguardian.api.API;
import org.gradcheck.Signature;
import org.gradcheck.Tensor;

/**
 * A point where a rule's function is not differentiable, e.g. ReLU at 0: every coordinate of the
 * named input should stay at least {@code margin} away from {@code at}. Numeric differentiation
 * across a kink measures a chord, not a derivative, so a generated point that comes closer is
 * handled by the {@link org.gradcheck.KinkPolicy} ({@link VerificationConfig#kinkPolicy()} for
 * {@link GradientRegistry#verifyAll}, the trial's policy in the JUnit extension): {@code SKIP}
 * skips the point, {@code FAIL} fails it naming the coordinate ({@link #approachedBy}), {@code
 * CHECK} checks it like any other.
 *
 * @param input the name of the input tensor the kink applies to
 * @param at the coordinate value of the kink
 * @param margin the least allowed distance from the kink, &gt; 0 (larger than the numeric step)
 * @param note what happens there, e.g. {@code ReLU switches from 0 to x}
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record DeclaredKink(String input, double at, double margin, String note) {

  /** Validates the fields. */
  public DeclaredKink {
    Objects.requireNonNull(input, "kink input name");
    Objects.requireNonNull(note, "kink note");
    if (!Double.isFinite(at)) {
      throw new IllegalArgumentException("kink position must be finite, got " + at);
    }
    if (!(margin > 0) || !Double.isFinite(margin)) {
      throw new IllegalArgumentException("kink margin must be finite and > 0, got " + margin);
    }
  }

  /**
   * Why the flat input {@code x} is too close to this kink (naming the coordinate), or empty if it
   * keeps its distance.
   */
  public Optional<String> approachedBy(double[] x, Signature signature) {
    Tensor t = signature.input(input);
    int offset = signature.inputOffset(input);
    for (int i = 0; i < t.size(); i++) {
      double v = x[offset + i];
      if (Math.abs(v - at) < margin) {
        return Optional.of(
            t.label(i)
                + " = "
                + v
                + " is within "
                + margin
                + " of the kink at "
                + at
                + " ("
                + note
                + ")");
      }
    }
    return Optional.empty();
  }
}
