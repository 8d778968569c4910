package org.gradcheck.docs;

import static org.gradcheck.docs.NamedExamples.CROSS_ENTROPY;
import static org.gradcheck.docs.NamedExamples.CROSS_ENTROPY_GRADIENT;
import static org.gradcheck.docs.NamedExamples.CROSS_ENTROPY_LOSS;
import static org.gradcheck.docs.NamedExamples.DENSE;
import static org.gradcheck.docs.NamedExamples.DENSE_BACKWARD;
import static org.gradcheck.docs.NamedExamples.DENSE_FORWARD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.ejml.data.DMatrixRMaj;
import org.gradcheck.CheckReport;
import org.gradcheck.Finding;
import org.gradcheck.GradientChecker;
import org.gradcheck.Gradients;
import org.gradcheck.Inputs;
import org.gradcheck.InvalidCheckInputException;
import org.gradcheck.NamedGradient;
import org.junit.jupiter.api.Test;

/**
 * The "Named inputs" section of docs/user-guide.md, as it is written there: the checks run on the
 * worked examples of {@link NamedExamples}, so the guide's snippets cannot drift from the API.
 */
class NamedFormsGuideTest {
  private final GradientChecker checker = GradientChecker.defaults();

  private static Inputs denseAt() {
    // guide: the point of a dense-layer check
    DMatrixRMaj x =
        new DMatrixRMaj(4, 3, true, 0.1, -0.4, 0.9, 1.2, 0.3, -0.8, -1.1, 0.6, 0.2, 0.5, -0.7, 1.0);
    DMatrixRMaj w = new DMatrixRMaj(3, 3, true, 0.7, -0.2, 0.4, 0.1, 0.9, -0.6, -0.3, 0.5, 0.8);
    double[] b = {0.05, -0.1, 0.2};
    return Inputs.of(DENSE).put("X", x).put("W", w).put("b", b);
  }

  @Test
  void denseLayer() {
    // guide: checking the dense layer's backward pass by name
    CheckReport report = checker.checkVjp(DENSE, DENSE_FORWARD, DENSE_BACKWARD, denseAt());
    report.assertPassed();
  }

  @Test
  void denseLayerWithTransposedWeightGradientFails() {
    // guide: a transposed ∂L/∂W fails, and the report names W
    CheckReport report =
        checker.checkVjp(
            DENSE,
            DENSE_FORWARD,
            (in, up) -> {
              Gradients g = DENSE_BACKWARD.apply(in, up);
              DMatrixRMaj dw = g.matrix("W");
              return g.put("W", org.ejml.dense.row.CommonOps_DDRM.transpose(dw, null));
            },
            denseAt());
    assertFalse(report.passed());
    assertTrue(report.worstEntries().get(0).label().startsWith("∂Y["), report::toString);
    assertTrue(report.worstEntries().get(0).label().contains("/∂W["), report::toString);
    assertTrue(report.hasFinding(Finding.Kind.CONFINED_TO_INPUT), report::toString);
    assertTrue(
        report.toString().contains("the gradient of a matrix input is transposed"),
        report::toString);
  }

  @Test
  void lossWithConstantLabel() {
    // guide: a loss with a constant soft label
    Inputs at =
        Inputs.of(CROSS_ENTROPY)
            .put("z", new double[] {0.5, -1.2, 2.0, 0.1, -0.3})
            .put("p", new double[] {0.1, 0.2, 0.4, 0.2, 0.1});
    checker
        .checkGradient(CROSS_ENTROPY, CROSS_ENTROPY_LOSS, CROSS_ENTROPY_GRADIENT, at)
        .assertPassed();

    // guide: the q − 1 slip fails on z
    NamedGradient qMinusOne =
        in -> {
          double[] dz = NamedExamples.softmax(in.array("z"));
          for (int i = 0; i < dz.length; i++) {
            dz[i] -= 1.0;
          }
          return Gradients.of("z", dz);
        };
    CheckReport wrong = checker.checkGradient(CROSS_ENTROPY, CROSS_ENTROPY_LOSS, qMinusOne, at);
    assertFalse(wrong.passed());
    assertTrue(wrong.worstEntries().get(0).label().startsWith("∂loss/∂z["), wrong::toString);

    // guide: returning the constant's gradient is an error, not a verdict
    InvalidCheckInputException e =
        assertThrows(
            InvalidCheckInputException.class,
            () ->
                checker.checkGradient(
                    CROSS_ENTROPY,
                    CROSS_ENTROPY_LOSS,
                    in -> CROSS_ENTROPY_GRADIENT.apply(in).put("p", new double[5]),
                    at));
    assertEquals(
        "the gradient returned a gradient 'p' for a constant input; constants are read, never"
            + " returned (expected gradients [z: 5])",
        e.getMessage());
  }
}
