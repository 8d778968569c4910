package org.gradcheck.numeric;

import java.util.Map;
import java.util.TreeMap;
import org.apiguardian.api.API;

/**
 * Where the function may be evaluated: closed bounds lower ≤ x_j ≤ upper per coordinate (default
 * unbounded). Near a bound the engine switches to a one-sided stencil of the same accuracy order
 * (and, if needed, a smaller step) so that no evaluation point ever leaves the domain, e.g. {@code
 * Domain.unbounded().withLowerBound(0, 0.0)} for sqrt or log in coordinate 0. Immutable.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class Domain {
  private static final Domain UNBOUNDED =
      new Domain(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, Map.of());

  private final double defaultLower;
  private final double defaultUpper;
  private final Map<Integer, double[]> bounds;

  private Domain(double defaultLower, double defaultUpper, Map<Integer, double[]> bounds) {
    this.defaultLower = defaultLower;
    this.defaultUpper = defaultUpper;
    this.bounds = bounds;
  }

  /** No bounds: central stencils everywhere. */
  public static Domain unbounded() {
    return UNBOUNDED;
  }

  /** Every coordinate ≥ {@code lower}. */
  public static Domain allAtLeast(double lower) {
    check(lower, Double.POSITIVE_INFINITY, "all coordinates");
    return new Domain(lower, Double.POSITIVE_INFINITY, Map.of());
  }

  /** This domain with coordinate {@code index} restricted to [lower, upper]. */
  public Domain withBounds(int index, double lower, double upper) {
    if (index < 0) {
      throw new IllegalArgumentException("coordinate index " + index + " is negative");
    }
    check(lower, upper, "coordinate " + index);
    Map<Integer, double[]> copy = new TreeMap<>(bounds);
    copy.put(index, new double[] {lower, upper});
    return new Domain(defaultLower, defaultUpper, java.util.Collections.unmodifiableMap(copy));
  }

  /** This domain with x_index ≥ lower (upper bound unchanged). */
  public Domain withLowerBound(int index, double lower) {
    return withBounds(index, lower, upper(index));
  }

  /** This domain with x_index ≤ upper (lower bound unchanged). */
  public Domain withUpperBound(int index, double upper) {
    return withBounds(index, lower(index), upper);
  }

  private static void check(double lower, double upper, String what) {
    if (Double.isNaN(lower) || Double.isNaN(upper) || lower >= upper) {
      throw new IllegalArgumentException(
          "bounds of " + what + " are [" + lower + ", " + upper + "]; expected lower < upper");
    }
  }

  /** The lower bound of coordinate {@code index} (−∞ if none). */
  public double lower(int index) {
    double[] b = bounds.get(index);
    return b == null ? defaultLower : b[0];
  }

  /** The upper bound of coordinate {@code index} (+∞ if none). */
  public double upper(int index) {
    double[] b = bounds.get(index);
    return b == null ? defaultUpper : b[1];
  }

  /** Whether any coordinate is bounded. */
  public boolean isBounded() {
    return !bounds.isEmpty()
        || defaultLower != Double.NEGATIVE_INFINITY
        || defaultUpper != Double.POSITIVE_INFINITY;
  }

  /** Whether x_index = value lies within the bounds of coordinate index. */
  public boolean contains(int index, double value) {
    return value >= lower(index) && value <= upper(index);
  }

  @Override
  public String toString() {
    StringBuilder s =
        new StringBuilder("Domain[all in [" + defaultLower + ", " + defaultUpper + "]");
    bounds.forEach(
        (k, v) ->
            s.append(", x")
                .append(k)
                .append(" in [")
                .append(v[0])
                .append(", ")
                .append(v[1])
                .append(']'));
    return s.append(']').toString();
  }
}
