package org.gradcheck;

import org.apiguardian.api.API;

/**
 * The pass rule of a check: an entry passes when {@code |analytic − numeric| ≤ atol + rtol·|ref| +
 * errorBoundFactor·numericError}, where {@code ref} is the side named by {@link #relativeTo()} (by
 * default the numeric value, as in PyTorch and JAX).
 *
 * <p>The defaults are far tighter than PyTorch's (atol = 1e-5, rtol = 1e-3): the numeric engine's
 * own error estimate, scaled by {@code errorBoundFactor}, absorbs what a loose rtol would otherwise
 * have to cover, so a derivative off by 1e-4 relative fails while correct ones pass.
 *
 * @param atol absolute tolerance, finite and ≥ 0
 * @param rtol relative tolerance in [0, 1) (1 or more would accept a zero gradient)
 * @param errorBoundFactor k, the multiple of the numeric error estimate allowed, finite and ≥ 0
 * @param relativeTo which side rtol multiplies
 */
@API(status = API.Status.STABLE, since = "0.1")
public record Tolerance(double atol, double rtol, double errorBoundFactor, RelativeTo relativeTo) {

  /** Default absolute tolerance. */
  public static final double DEFAULT_ATOL = 1e-12;

  /** Default relative tolerance. */
  public static final double DEFAULT_RTOL = 1e-8;

  /** Default multiple of the numeric error estimate. */
  public static final double DEFAULT_ERROR_BOUND_FACTOR = 4.0;

  /** Which value the relative tolerance multiplies. */
  @API(status = API.Status.STABLE, since = "0.1")
  public enum RelativeTo {
    /** |numeric| (PyTorch, JAX). */
    NUMERIC,
    /** |analytic| (Chainer's backward value). */
    ANALYTIC,
    /** max(|analytic|, |numeric|) (symmetric, as DL4J). */
    LARGER
  }

  /**
   * Validates that every number is finite and non-negative.
   *
   * @param atol the absolute tolerance
   * @param rtol the relative tolerance, below 1
   * @param errorBoundFactor k, the multiple of the numeric error estimate allowed
   * @param relativeTo which side rtol multiplies
   */
  public Tolerance {
    requireTolerance("atol", atol);
    requireTolerance("rtol", rtol);
    if (rtol >= 1) {
      throw new IllegalArgumentException(
          "rtol = "
              + rtol
              + " is not allowed; expected a number in [0, 1): a relative tolerance of 100% or"
              + " more accepts a zero gradient");
    }
    requireTolerance("errorBoundFactor", errorBoundFactor);
    if (relativeTo == null) {
      throw new IllegalArgumentException("relativeTo must not be null; use RelativeTo.NUMERIC");
    }
  }

  private static void requireTolerance(String name, double value) {
    if (!Double.isFinite(value) || value < 0) {
      throw new IllegalArgumentException(
          name + " = " + value + " is not allowed; expected a finite number ≥ 0");
    }
  }

  /** {@return the defaults: atol 1e-12, rtol 1e-8, k = 4, relative to the numeric value} */
  public static Tolerance defaults() {
    return new Tolerance(
        DEFAULT_ATOL, DEFAULT_RTOL, DEFAULT_ERROR_BOUND_FACTOR, RelativeTo.NUMERIC);
  }

  /**
   * {@return PyTorch's gradcheck rule (atol 1e-5, rtol 1e-3, no error estimate), for comparison}
   */
  public static Tolerance pytorch() {
    return new Tolerance(1e-5, 1e-3, 0.0, RelativeTo.NUMERIC);
  }

  /**
   * {@return a copy with another atol}
   *
   * @param atol the absolute tolerance
   */
  public Tolerance withAtol(double atol) {
    return new Tolerance(atol, rtol, errorBoundFactor, relativeTo);
  }

  /**
   * {@return a copy with another rtol}
   *
   * @param rtol the relative tolerance
   */
  public Tolerance withRtol(double rtol) {
    return new Tolerance(atol, rtol, errorBoundFactor, relativeTo);
  }

  /**
   * {@return a copy with another k}
   *
   * @param errorBoundFactor the multiple of the numeric error estimate allowed
   */
  public Tolerance withErrorBoundFactor(double errorBoundFactor) {
    return new Tolerance(atol, rtol, errorBoundFactor, relativeTo);
  }

  /**
   * {@return a copy relative to another side}
   *
   * @param relativeTo which side rtol multiplies
   */
  public Tolerance withRelativeTo(RelativeTo relativeTo) {
    return new Tolerance(atol, rtol, errorBoundFactor, relativeTo);
  }

  /**
   * {@return the reference magnitude rtol multiplies for this pair of values}
   *
   * @param analytic the analytic value
   * @param numeric the numeric value
   */
  public double reference(double analytic, double numeric) {
    return switch (relativeTo) {
      case NUMERIC -> Math.abs(numeric);
      case ANALYTIC -> Math.abs(analytic);
      case LARGER -> Math.max(Math.abs(analytic), Math.abs(numeric));
    };
  }

  /**
   * {@return the allowed |analytic − numeric| for one entry: atol + rtol·|ref| + k·numericError}
   *
   * @param analytic the analytic value
   * @param numeric the numeric value
   * @param numericError the numeric side's error estimate
   */
  public double allowed(double analytic, double numeric, double numericError) {
    return atol + rtol * reference(analytic, numeric) + errorBoundFactor * numericError;
  }

  /**
   * {@return true if the entry passes; a NaN anywhere fails}
   *
   * @param analytic the analytic value
   * @param numeric the numeric value
   * @param numericError the numeric side's error estimate
   */
  public boolean accepts(double analytic, double numeric, double numericError) {
    return Math.abs(analytic - numeric) <= allowed(analytic, numeric, numericError);
  }

  /**
   * Whether the entry passes with a numeric error bar so tight that no sharper estimate could
   * change the verdict, so that a cheap estimate may decide it (FULL's embedded 5-point pair):
   * {@link #accepts} holds, the bar's truncation part ({@code numericError − roundOff}) is at most
   * rtol·|ref| over max(k, 1) — so a loose bar can at most double the relative allowance, and atol
   * never stands in for precision: a value the cheap estimate knows only to within atol is left to
   * the sharper one — and so is its round-off part, unless the numeric value lies within 4
   * round-off bars of zero (an output that does not depend on the input, or hardly: no step of the
   * numeric engine tightens such a bar; it grows its step only for values resolved above 4
   * round-off bars). A NaN anywhere, or an unknown (NaN) round-off part, decides nothing.
   *
   * @param analytic the analytic value
   * @param numeric the numeric value
   * @param numericError the numeric side's error estimate
   * @param roundOff the part of {@code numericError} that is only the rounding of f's values
   * @return true if the entry passes decisively
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.2")
  public boolean acceptsDecisively(
      double analytic, double numeric, double numericError, double roundOff) {
    double target = decisiveRelativeBar() * reference(analytic, numeric);
    return accepts(analytic, numeric, numericError)
        && numericError - roundOff <= target
        && (roundOff <= target || Math.abs(numeric) <= ROUNDING_LIMITED * roundOff);
  }

  /**
   * {@return the relative error bar (bar / |ref|) up to which {@link #acceptsDecisively} lets a
   * bar's truncation part, and its round-off part, stand: rtol / max(k, 1)}
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.2")
  public double decisiveRelativeBar() {
    return rtol / Math.max(1.0, errorBoundFactor);
  }

  /** A value within this many round-off bars of zero is limited by the rounding of f's values. */
  private static final double ROUNDING_LIMITED = 4.0;

  /** {@return the rule in words, as printed in reports} */
  public String rule() {
    String ref =
        switch (relativeTo) {
          case NUMERIC -> "|numeric|";
          case ANALYTIC -> "|analytic|";
          case LARGER -> "max(|analytic|, |numeric|)";
        };
    return "pass when |analytic − numeric| ≤ atol + rtol·"
        + ref
        + " + k·numericError  (atol = "
        + atol
        + ", rtol = "
        + rtol
        + ", k = "
        + errorBoundFactor
        + "; rtol refers to the "
        + relativeTo.name().toLowerCase(java.util.Locale.ROOT)
        + " side)";
  }
}
