package org.gradcheck.numeric;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;

/**
 * An exact fraction of big integers, used to compute stencil coefficients without rounding. Every
 * finite double is a dyadic fraction, so grids given as doubles are represented exactly.
 */
final class Rational {
  static final Rational ZERO = new Rational(BigInteger.ZERO, BigInteger.ONE);
  static final Rational ONE = new Rational(BigInteger.ONE, BigInteger.ONE);

  private final BigInteger numerator;
  private final BigInteger denominator;

  private Rational(BigInteger numerator, BigInteger denominator) {
    this.numerator = numerator;
    this.denominator = denominator;
  }

  static Rational of(BigInteger numerator, BigInteger denominator) {
    if (denominator.signum() == 0) {
      throw new ArithmeticException("zero denominator");
    }
    if (denominator.signum() < 0) {
      numerator = numerator.negate();
      denominator = denominator.negate();
    }
    BigInteger gcd = numerator.gcd(denominator);
    if (!gcd.equals(BigInteger.ONE) && gcd.signum() != 0) {
      numerator = numerator.divide(gcd);
      denominator = denominator.divide(gcd);
    }
    return new Rational(numerator, numerator.signum() == 0 ? BigInteger.ONE : denominator);
  }

  static Rational of(long value) {
    return new Rational(BigInteger.valueOf(value), BigInteger.ONE);
  }

  /** The exact value of a finite double. */
  static Rational of(double value) {
    if (!Double.isFinite(value)) {
      throw new ArithmeticException("not finite: " + value);
    }
    if (value == 0.0) {
      return ZERO;
    }
    BigDecimal exact = new BigDecimal(value);
    if (exact.scale() <= 0) {
      return of(exact.toBigIntegerExact(), BigInteger.ONE);
    }
    return of(exact.unscaledValue(), BigInteger.TEN.pow(exact.scale()));
  }

  Rational plus(Rational o) {
    return of(
        numerator.multiply(o.denominator).add(o.numerator.multiply(denominator)),
        denominator.multiply(o.denominator));
  }

  Rational minus(Rational o) {
    return plus(o.negate());
  }

  Rational times(Rational o) {
    return of(numerator.multiply(o.numerator), denominator.multiply(o.denominator));
  }

  Rational dividedBy(Rational o) {
    return of(numerator.multiply(o.denominator), denominator.multiply(o.numerator));
  }

  Rational negate() {
    return new Rational(numerator.negate(), denominator);
  }

  boolean isZero() {
    return numerator.signum() == 0;
  }

  /** The nearest double (correct to far below half an ulp). */
  double toDouble() {
    if (isZero()) {
      return 0.0;
    }
    return new BigDecimal(numerator)
        .divide(new BigDecimal(denominator), new MathContext(60))
        .doubleValue();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Rational r
        && numerator.equals(r.numerator)
        && denominator.equals(r.denominator);
  }

  @Override
  public int hashCode() {
    return numerator.hashCode() * 31 + denominator.hashCode();
  }

  @Override
  public String toString() {
    return denominator.equals(BigInteger.ONE)
        ? numerator.toString()
        : numerator + "/" + denominator;
  }
}
