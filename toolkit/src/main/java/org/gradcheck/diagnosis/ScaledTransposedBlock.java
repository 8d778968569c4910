package org.gradcheck.diagnosis;

import static org.gradcheck.diagnosis.Grid.fits;
import static org.gradcheck.diagnosis.Grid.significant;

import java.util.List;

/**
 * A square block whose analytic side is the numeric one transposed inside an elementwise factor:
 * analytic = D numericᵀ D⁻¹ for a diagonal D ≠ I, as diag(g) Wᵀ written for diag(g) W (a recurrent
 * weight transposed before the activation's derivative).
 */
final class ScaledTransposedBlock implements BlockHypothesis {
  @Override
  public List<Hypothesis> test(Region b) {
    int n = b.rows();
    if (n != b.cols() || n < 2) {
      return List.of();
    }
    double[] d = new double[n];
    d[0] = 1;
    for (int i = 1; i < n; i++) {
      if (!significant(b.at(0, i)) || !significant(b.at(i, 0))) {
        return List.of();
      }
      d[i] = b.analytic(i, 0) / b.numeric(0, i);
    }
    boolean scaled = false;
    for (int i = 0; i < n; i++) {
      if (!Double.isFinite(d[i]) || d[i] == 0) {
        return List.of();
      }
      scaled |= Math.abs(d[i] - 1) > 1e-6;
      for (int j = 0; j < n; j++) {
        double s = d[i] / d[j];
        if (!fits(
            b.analytic(i, j), s * b.numeric(j, i), 3 * (b.tol(i, j) + Math.abs(s) * b.tol(j, i)))) {
          return List.of();
        }
      }
    }
    return scaled
        ? List.of(new Hypothesis(Pattern.TRANSPOSED, Wording.scaledTransposed(b)))
        : List.of();
  }
}
