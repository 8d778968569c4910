package org.gradcheck.numeric;

/**
 * Fornberg's algorithm (Math. Comp. 51, 1988) for finite-difference weights on an arbitrary grid,
 * in exact rational arithmetic so that known stencils come out exactly (rounded once to double).
 */
final class FornbergWeights {
  private FornbergWeights() {}

  /**
   * The weights w_i such that Σ w_i f(grid_i) approximates the {@code order}-th derivative of f at
   * 0. The grid points must be distinct.
   */
  static Rational[] weights(Rational[] grid, int order) {
    int n = grid.length;
    Rational[][] previous = new Rational[order + 1][n];
    Rational[][] current = new Rational[order + 1][n];
    for (Rational[] row : previous) {
      java.util.Arrays.fill(row, Rational.ZERO);
    }
    previous[0][0] = Rational.ONE;
    Rational c1 = Rational.ONE;
    for (int i = 1; i < n; i++) {
      for (Rational[] row : current) {
        java.util.Arrays.fill(row, Rational.ZERO);
      }
      Rational c2 = Rational.ONE;
      int top = Math.min(i, order);
      for (int v = 0; v < i; v++) {
        Rational c3 = grid[i].minus(grid[v]);
        c2 = c2.times(c3);
        for (int m = 0; m <= top; m++) {
          Rational term = grid[i].times(previous[m][v]);
          if (m > 0) {
            term = term.minus(Rational.of(m).times(previous[m - 1][v]));
          }
          current[m][v] = term.dividedBy(c3);
        }
      }
      Rational ratio = c1.dividedBy(c2);
      for (int m = 0; m <= top; m++) {
        Rational term = grid[i - 1].times(previous[m][i - 1]).negate();
        if (m > 0) {
          term = term.plus(Rational.of(m).times(previous[m - 1][i - 1]));
        }
        current[m][i] = ratio.times(term);
      }
      c1 = c2;
      Rational[][] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[order].clone();
  }
}
