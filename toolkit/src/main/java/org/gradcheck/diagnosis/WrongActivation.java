package org.gradcheck.diagnosis;

import static org.gradcheck.diagnosis.Grid.fits;
import static org.gradcheck.diagnosis.Grid.significant;

import java.util.List;
import java.util.function.DoubleUnaryOperator;

/**
 * An elementwise block (square, zero off the diagonal on both sides) whose diagonal ratio analytic
 * / numeric follows the ratio of a wrong activation derivative to the right one at the input's
 * values: (1 − y)² for 1 − y² (tanh), s(1 − s)² for s(1 − s) (sigmoid), and kin.
 */
final class WrongActivation implements BlockHypothesis {
  private record Mistake(
      String activation, String wrote, String truth, DoubleUnaryOperator ratio) {}

  private static double sigmoid(double x) {
    return 1 / (1 + Math.exp(-x));
  }

  private static final List<Mistake> MISTAKES =
      List.of(
          new Mistake(
              "y = tanh(z)", "(1 − y)²", "1 − y²", x -> (1 - Math.tanh(x)) / (1 + Math.tanh(x))),
          new Mistake("y = tanh(z)", "1 − y", "1 − y²", x -> 1 / (1 + Math.tanh(x))),
          new Mistake(
              "y = tanh(z)",
              "1 − z²",
              "1 − y²",
              x -> (1 - x * x) / (1 - Math.tanh(x) * Math.tanh(x))),
          new Mistake("s = σ(z)", "s(1 − s)²", "s(1 − s)", x -> 1 - sigmoid(x)),
          new Mistake("s = σ(z)", "s", "s(1 − s)", x -> 1 / (1 - sigmoid(x))),
          new Mistake("s = σ(z)", "s²(1 − s)", "s(1 − s)", WrongActivation::sigmoid));

  @Override
  public List<Hypothesis> test(Region b) {
    int n = b.rows();
    double[] x = b.inputValues();
    if (n != b.cols() || n < 2 || x == null || x.length != n || !elementwise(b)) {
      return List.of();
    }
    for (Mistake m : MISTAKES) {
      if (fitsAll(b, x, m)) {
        return List.of(
            new Hypothesis(
                Pattern.WRONG_ACTIVATION,
                Wording.wrongActivation(b, m.activation(), m.wrote(), m.truth())));
      }
    }
    return List.of();
  }

  private static boolean elementwise(Region b) {
    int significantDiagonal = 0;
    for (int i = 0; i < b.rows(); i++) {
      for (int j = 0; j < b.cols(); j++) {
        if (i == j) {
          significantDiagonal += significant(b.at(i, j)) ? 1 : 0;
        } else if (!fits(b.analytic(i, j), 0, b.tol(i, j))
            || !fits(b.numeric(i, j), 0, b.tol(i, j))) {
          return false;
        }
      }
    }
    return significantDiagonal >= 2;
  }

  private static boolean fitsAll(Region b, double[] x, Mistake m) {
    for (int j = 0; j < x.length; j++) {
      double r = m.ratio().applyAsDouble(x[j]);
      if (!Double.isFinite(r)
          || !fits(b.analytic(j, j), r * b.numeric(j, j), 2 * (1 + Math.abs(r)) * b.tol(j, j))) {
        return false;
      }
    }
    return true;
  }
}
