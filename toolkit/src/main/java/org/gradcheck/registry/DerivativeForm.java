package org.gradcheck.registry;

import org.apiguardian.api.API;
import org.gradcheck.CheckKind;

/**
 * The forms in which a {@link GradientRule} can provide its analytic derivative. Each is checked as
 * the {@link CheckKind} of the same meaning ({@link #checkKind()}): the {@link
 * org.gradcheck.CheckReport#kind()} of every report {@link GradientRule#check} returns for it. The
 * other check kinds ({@link CheckKind#GRADIENT}, {@link CheckKind#HESSIAN}, {@link CheckKind#HVP})
 * have no rule form.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public enum DerivativeForm {
  /** A full Jacobian matrix; checked as {@link CheckKind#JACOBIAN}. */
  JACOBIAN(CheckKind.JACOBIAN),
  /** A backward pass (vector-Jacobian product); checked as {@link CheckKind#VJP}. */
  VJP(CheckKind.VJP),
  /** A forward-mode product (Jacobian-vector product); checked as {@link CheckKind#JVP}. */
  JVP(CheckKind.JVP);

  private final CheckKind checkKind;

  DerivativeForm(CheckKind checkKind) {
    this.checkKind = checkKind;
  }

  /**
   * The kind of check this form is verified by: the {@link org.gradcheck.CheckReport#kind()} of the
   * report {@link GradientRule#check(org.gradcheck.GradientChecker, DerivativeForm, double[])}
   * returns for it.
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.2")
  public CheckKind checkKind() {
    return checkKind;
  }
}
