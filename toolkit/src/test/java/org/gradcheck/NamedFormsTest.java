package org.gradcheck;

import static org.gradcheck.docs.NamedExamples.CROSS_ENTROPY;
import static org.gradcheck.docs.NamedExamples.CROSS_ENTROPY_GRADIENT;
import static org.gradcheck.docs.NamedExamples.CROSS_ENTROPY_LOSS;
import static org.gradcheck.docs.NamedExamples.DENSE;
import static org.gradcheck.docs.NamedExamples.DENSE_BACKWARD;
import static org.gradcheck.docs.NamedExamples.DENSE_FORWARD;
import static org.gradcheck.docs.NamedExamples.denseValues;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Function;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Every named check form, both ways: the dense layer Y = X·W + b passes and a transposed ∂W fails
 * naming W; softmax cross-entropy with a constant soft label p passes and the q − 1 slip fails
 * naming z; and each block user code gets wrong is an error that names it.
 */
class NamedFormsTest {
  private final GradientChecker checker = GradientChecker.defaults();

  private static final Inputs DENSE_AT =
      Inputs.of(DENSE)
          .put("X", new DMatrixRMaj(4, 3, true, denseValues(12, 1.0, 0.0)))
          .put("W", new DMatrixRMaj(3, 3, true, denseValues(9, 0.8, 0.4)))
          .put("b", denseValues(3, 0.5, 1.1));

  private static final Inputs LOSS_AT =
      Inputs.of(CROSS_ENTROPY)
          .put("z", new double[] {0.5, -1.2, 2.0, 0.1, -0.3})
          .put("p", new double[] {0.1, 0.2, 0.4, 0.2, 0.1});

  // ---- the dense layer's derivatives, right and with ∂W transposed ---------------------------

  private static DMatrixRMaj transposed(DMatrixRMaj m) {
    return CommonOps_DDRM.transpose(m, null);
  }

  /** The backward pass with ∂L/∂W = (Xᵀ·G)ᵀ: square W, so the shape is right and values wrong. */
  private static final NamedBackward DENSE_BACKWARD_TRANSPOSED_W =
      (in, up) -> {
        Gradients right = DENSE_BACKWARD.apply(in, up);
        return right.put("W", transposed(right.matrix("W")));
      };

  private static NamedJvp denseJvp(boolean transposeW) {
    return (in, t) -> {
      DMatrixRMaj x = in.matrix("X");
      DMatrixRMaj w = in.matrix("W");
      DMatrixRMaj dw = transposeW ? transposed(t.matrix("W")) : t.matrix("W");
      DMatrixRMaj dy = new DMatrixRMaj(x.numRows, w.numCols);
      CommonOps_DDRM.mult(t.matrix("X"), w, dy);
      CommonOps_DDRM.multAdd(x, dw, dy);
      double[] db = t.array("b");
      for (int i = 0; i < dy.numRows; i++) {
        for (int k = 0; k < dy.numCols; k++) {
          dy.add(i, k, db[k]);
        }
      }
      return Outputs.of("Y", dy);
    };
  }

  /** ∂Y[i,k]/∂X[a,j] = δ_ia·W[j,k], ∂Y[i,k]/∂W[j,l] = δ_kl·X[i,j], ∂Y[i,k]/∂b[l] = δ_kl. */
  private static NamedJacobian denseJacobian(boolean transposeW) {
    return in -> {
      DMatrixRMaj x = in.matrix("X");
      DMatrixRMaj w = in.matrix("W");
      int batch = x.numRows;
      int nIn = x.numCols;
      int nOut = w.numCols;
      DMatrixRMaj dx = new DMatrixRMaj(batch * nOut, batch * nIn);
      DMatrixRMaj dw = new DMatrixRMaj(batch * nOut, nIn * nOut);
      DMatrixRMaj db = new DMatrixRMaj(batch * nOut, nOut);
      for (int i = 0; i < batch; i++) {
        for (int k = 0; k < nOut; k++) {
          int row = i * nOut + k;
          for (int j = 0; j < nIn; j++) {
            dx.set(row, i * nIn + j, w.get(j, k));
            dw.set(row, transposeW ? k * nIn + j : j * nOut + k, x.get(i, j));
          }
          db.set(row, k, 1.0);
        }
      }
      return JacobianBlocks.of("Y", "X", dx).put("Y", "W", dw).put("Y", "b", db);
    };
  }

  /** The dense layer under a fixed linear loss Σ Y⊙R, R a constant input. */
  private static final Signature DENSE_LOSS =
      Signature.builder()
          .input("X", 4, 3)
          .input("W", 3, 3)
          .input("b", 3)
          .constant("R", 4, 3)
          .output("loss")
          .build();

  private static final NamedLoss DENSE_LOSS_VALUE =
      in -> {
        double[] y = DENSE_FORWARD.apply(in).array("Y");
        double[] r = in.array("R");
        double s = 0;
        for (int i = 0; i < y.length; i++) {
          s += y[i] * r[i];
        }
        return s;
      };

  private static NamedGradient denseLossGradient(NamedBackward backward) {
    return in -> backward.apply(in, Outputs.of("Y", in.matrix("R")));
  }

  private static Inputs denseLossAt() {
    Inputs at = Inputs.of(DENSE_LOSS);
    for (String name : List.of("X", "W", "b")) {
      at = at.put(name, DENSE_AT.array(name));
    }
    return at.put("R", denseValues(12, 1.0, 2.7));
  }

  // ---- the loss's derivatives in every form, from its gradient --------------------------------

  /** ∂L/∂z = q − 1: the labels taken as all ones. */
  private static final NamedGradient CROSS_ENTROPY_GRADIENT_Q_MINUS_ONE =
      in -> {
        double[] p = in.array("p");
        double[] dz = CROSS_ENTROPY_GRADIENT.apply(in).array("z");
        for (int i = 0; i < dz.length; i++) {
          dz[i] += p[i] - 1.0;
        }
        return Gradients.of("z", dz);
      };

  private static NamedBackward lossBackward(NamedGradient gradient) {
    return (in, up) -> {
      double[] dz = gradient.apply(in).array("z");
      for (int i = 0; i < dz.length; i++) {
        dz[i] *= up.scalar("loss");
      }
      return Gradients.of("z", dz);
    };
  }

  private static NamedJvp lossJvp(NamedGradient gradient) {
    return (in, t) -> Outputs.of("loss", Vectors.dot(gradient.apply(in).array("z"), t.array("z")));
  }

  private static NamedJacobian lossJacobian(NamedGradient gradient) {
    return in -> JacobianBlocks.of("loss", "z", gradient.apply(in).array("z"));
  }

  private static final NamedFunction LOSS_FORWARD =
      in -> Outputs.of("loss", CROSS_ENTROPY_LOSS.apply(in));

  // ---- both ways, every form ------------------------------------------------------------------

  /** Failed, and every failing entry is a derivative with respect to {@code input}. */
  private static void assertFailsNaming(CheckReport report, String input) {
    assertFalse(report.passed(), report::toString);
    List<ComparedEntry> failing =
        report.worstEntries().stream().filter(e -> !e.withinTolerance()).toList();
    assertFalse(failing.isEmpty(), report::toString);
    for (ComparedEntry e : failing) {
      assertTrue(e.label().contains("/∂" + input + "["), e.label() + " in " + report);
    }
  }

  @Test
  void denseVjp() {
    checker.checkVjp(DENSE, DENSE_FORWARD, DENSE_BACKWARD, DENSE_AT).assertPassed();
    CheckReport wrong =
        checker.checkVjp(DENSE, DENSE_FORWARD, DENSE_BACKWARD_TRANSPOSED_W, DENSE_AT);
    assertFailsNaming(wrong, "W");
    assertTrue(
        wrong.worstEntries().get(0).label().matches("∂Y\\[\\d,\\d]/∂W\\[\\d,\\d]"),
        wrong::toString);
  }

  @Test
  void denseJvp() {
    checker.checkJvp(DENSE, DENSE_FORWARD, denseJvp(false), DENSE_AT).assertPassed();
    assertFailsNaming(checker.checkJvp(DENSE, DENSE_FORWARD, denseJvp(true), DENSE_AT), "W");
  }

  @Test
  void denseJacobian() {
    checker.checkJacobian(DENSE, DENSE_FORWARD, denseJacobian(false), DENSE_AT).assertPassed();
    assertFailsNaming(
        checker.checkJacobian(DENSE, DENSE_FORWARD, denseJacobian(true), DENSE_AT), "W");
  }

  @Test
  void denseGradientWithConstantInput() {
    checker
        .checkGradient(
            DENSE_LOSS, DENSE_LOSS_VALUE, denseLossGradient(DENSE_BACKWARD), denseLossAt())
        .assertPassed();
    assertFailsNaming(
        checker.checkGradient(
            DENSE_LOSS,
            DENSE_LOSS_VALUE,
            denseLossGradient(DENSE_BACKWARD_TRANSPOSED_W),
            denseLossAt()),
        "W");
  }

  @Test
  void crossEntropyGradient() {
    CheckReport right =
        checker.checkGradient(CROSS_ENTROPY, CROSS_ENTROPY_LOSS, CROSS_ENTROPY_GRADIENT, LOSS_AT);
    right.assertPassed();
    assertTrue(right.notes().stream().anyMatch(n -> n.contains("[p]")), right::toString);
    assertFailsNaming(
        checker.checkGradient(
            CROSS_ENTROPY, CROSS_ENTROPY_LOSS, CROSS_ENTROPY_GRADIENT_Q_MINUS_ONE, LOSS_AT),
        "z");
  }

  @Test
  void crossEntropyVjpJvpJacobian() {
    List<Function<NamedGradient, CheckReport>> forms =
        List.of(
            g -> checker.checkVjp(CROSS_ENTROPY, LOSS_FORWARD, lossBackward(g), LOSS_AT),
            g -> checker.checkJvp(CROSS_ENTROPY, LOSS_FORWARD, lossJvp(g), LOSS_AT),
            g -> checker.checkJacobian(CROSS_ENTROPY, LOSS_FORWARD, lossJacobian(g), LOSS_AT));
    for (Function<NamedGradient, CheckReport> form : forms) {
      form.apply(CROSS_ENTROPY_GRADIENT).assertPassed();
      assertFailsNaming(form.apply(CROSS_ENTROPY_GRADIENT_Q_MINUS_ONE), "z");
    }
  }

  @Test
  void theJvpSeesZeroTangentsForConstants() {
    NamedJvp readsLabelTangent =
        (in, t) -> {
          assertEquals(0.0, Vectors.dot(t.array("p"), t.array("p")));
          return lossJvp(CROSS_ENTROPY_GRADIENT).apply(in, t);
        };
    checker.checkJvp(CROSS_ENTROPY, LOSS_FORWARD, readsLabelTangent, LOSS_AT).assertPassed();
  }

  // ---- wrong blocks from user code ------------------------------------------------------------

  private static void assertInvalid(String expected, Executable check) {
    InvalidCheckInputException e = assertThrows(InvalidCheckInputException.class, check);
    assertEquals(expected, e.getMessage());
  }

  @Test
  void backwardMissingExtraMisshapedOrConstantBlocks() {
    assertInvalid(
        "the backward (VJP) returned no gradient 'b' (expected b: 3); it returned [X, W]",
        () ->
            checker.checkVjp(
                DENSE,
                DENSE_FORWARD,
                (in, up) -> {
                  Gradients g = DENSE_BACKWARD.apply(in, up);
                  return Gradients.of("X", g.array("X")).put("W", g.array("W"));
                },
                DENSE_AT));
    assertInvalid(
        "the backward (VJP) returned a gradient 'Q' that the signature does not declare;"
            + " expected gradients [X: 4×3, W: 3×3, b: 3]",
        () ->
            checker.checkVjp(
                DENSE,
                DENSE_FORWARD,
                (in, up) -> DENSE_BACKWARD.apply(in, up).put("Q", 1.0),
                DENSE_AT));
    assertInvalid(
        "the backward (VJP) returned the gradient 'X' as a 3×4 matrix; expected X: 4×3",
        () ->
            checker.checkVjp(
                DENSE,
                DENSE_FORWARD,
                (in, up) -> {
                  Gradients g = DENSE_BACKWARD.apply(in, up);
                  return g.put("X", transposed(g.matrix("X")));
                },
                DENSE_AT));
    assertInvalid(
        "the backward (VJP) returned the gradient 'b' as an array of length 4; expected b: 3",
        () ->
            checker.checkVjp(
                DENSE,
                DENSE_FORWARD,
                (in, up) -> DENSE_BACKWARD.apply(in, up).put("b", new double[4]),
                DENSE_AT));
    assertInvalid(
        "the backward (VJP) returned a gradient 'p' for a constant input; constants are read,"
            + " never returned (expected gradients [z: 5])",
        () ->
            checker.checkVjp(
                CROSS_ENTROPY,
                LOSS_FORWARD,
                (in, up) ->
                    lossBackward(CROSS_ENTROPY_GRADIENT).apply(in, up).put("p", new double[5]),
                LOSS_AT));
    assertInvalid(
        "the backward (VJP) returned null; expected its blocks by name",
        () -> checker.checkVjp(DENSE, DENSE_FORWARD, (in, up) -> null, DENSE_AT));
  }

  @Test
  void gradientReturningTheConstantsGradient() {
    assertInvalid(
        "the gradient returned a gradient 'p' for a constant input; constants are read,"
            + " never returned (expected gradients [z: 5])",
        () ->
            checker.checkGradient(
                CROSS_ENTROPY,
                CROSS_ENTROPY_LOSS,
                in -> CROSS_ENTROPY_GRADIENT.apply(in).put("p", in.array("p")),
                LOSS_AT));
    assertInvalid(
        "the gradient returned no gradient 'b' (expected b: 3); it returned [X, W]",
        () ->
            checker.checkGradient(
                DENSE_LOSS,
                DENSE_LOSS_VALUE,
                in -> {
                  Gradients g = denseLossGradient(DENSE_BACKWARD).apply(in);
                  return Gradients.of("X", g.array("X")).put("W", g.matrix("W"));
                },
                denseLossAt()));
  }

  @Test
  void forwardMissingExtraOrMisshapedOutputs() {
    Signature twoOutputs = Signature.builder().input("x", 2).output("y", 2).output("s").build();
    assertInvalid(
        "the forward returned no output 's' (expected s: scalar); it returned [y]",
        () ->
            checker.checkVjp(
                twoOutputs,
                in -> Outputs.of("y", in.array("x")),
                (in, up) -> Gradients.of("x", up.array("y")),
                Inputs.of(twoOutputs).put("x", new double[] {1, 2})));
    assertInvalid(
        "the forward returned an output 'y' that the signature does not declare;"
            + " expected outputs [Y: 4×3]",
        () ->
            checker.checkVjp(
                DENSE,
                in -> Outputs.of("y", DENSE_FORWARD.apply(in).array("Y")),
                DENSE_BACKWARD,
                DENSE_AT));
    assertInvalid(
        "the forward returned an output 'Z' that the signature does not declare;"
            + " expected outputs [Y: 4×3]",
        () ->
            checker.checkVjp(
                DENSE, in -> DENSE_FORWARD.apply(in).put("Z", 1.0), DENSE_BACKWARD, DENSE_AT));
    assertInvalid(
        "the forward returned the output 'Y' as a 3×4 matrix; expected Y: 4×3",
        () ->
            checker.checkJvp(
                DENSE,
                in -> Outputs.of("Y", transposed(DENSE_FORWARD.apply(in).matrix("Y"))),
                denseJvp(false),
                DENSE_AT));
  }

  @Test
  void jvpAndJacobianBlocks() {
    assertInvalid(
        "the JVP returned the output 'Y' as an array of length 11; expected Y: 4×3",
        () ->
            checker.checkJvp(
                DENSE, DENSE_FORWARD, (in, t) -> Outputs.of("Y", new double[11]), DENSE_AT));
    assertInvalid(
        "the analytic Jacobian returned no block '∂Y/∂b' (expected ∂Y/∂b: 12×3);"
            + " it returned [∂Y/∂X, ∂Y/∂W]",
        () ->
            checker.checkJacobian(
                DENSE,
                DENSE_FORWARD,
                in -> {
                  JacobianBlocks j = denseJacobian(false).apply(in);
                  return JacobianBlocks.of("Y", "X", j.block("Y", "X"))
                      .put("Y", "W", j.block("Y", "W"));
                },
                DENSE_AT));
    assertInvalid(
        "the analytic Jacobian returned the block '∂Y/∂W' as a 9×12 matrix;"
            + " expected ∂Y/∂W: 12×9",
        () ->
            checker.checkJacobian(
                DENSE,
                DENSE_FORWARD,
                in -> {
                  JacobianBlocks j = denseJacobian(false).apply(in);
                  return j.put("Y", "W", transposed(j.block("Y", "W")));
                },
                DENSE_AT));
    assertInvalid(
        "the analytic Jacobian returned a block '∂loss/∂p' for a constant input; constants are"
            + " read, never returned (expected blocks [∂loss/∂z: 1×5])",
        () ->
            checker.checkJacobian(
                CROSS_ENTROPY,
                LOSS_FORWARD,
                in ->
                    lossJacobian(CROSS_ENTROPY_GRADIENT).apply(in).put("loss", "p", new double[5]),
                LOSS_AT));
  }

  // ---- the point -------------------------------------------------------------------------------

  @Test
  void thePointNamesMissingExtraAndMisshapedInputs() {
    assertInvalid(
        "the point has no value for input 'b' (expected b: 3); it has [X, W] — add it with"
            + " put(\"b\", …)",
        () ->
            checker.checkVjp(
                DENSE,
                DENSE_FORWARD,
                DENSE_BACKWARD,
                Inputs.of(DENSE).put("X", DENSE_AT.matrix("X")).put("W", DENSE_AT.matrix("W"))));
    assertInvalid(
        "the signature has no input 'w'; its inputs are [X: 4×3, W: 3×3, b: 3]",
        () -> Inputs.of(DENSE).put("w", new double[9]));
    assertInvalid(
        "input 'X' was given as a 3×4 matrix; expected X: 4×3",
        () -> Inputs.of(DENSE).put("X", new DMatrixRMaj(3, 4)));
    assertInvalid(
        "input 'p' was given as a scalar; expected p: 5 (constant)",
        () -> Inputs.of(CROSS_ENTROPY).put("p", 1.0));
    assertInvalid(
        "the point was built for inputs [z: 5, p: 5 (constant)] but the check's signature"
            + " declares [X: 4×3, W: 3×3, b: 3]",
        () -> checker.checkVjp(DENSE, DENSE_FORWARD, DENSE_BACKWARD, LOSS_AT));
    assertInvalid(
        "a loss has one scalar output, but the signature declares [Y: 4×3]; declare it as e.g."
            + " .output(\"loss\")",
        () ->
            checker.checkGradient(
                DENSE, in -> 0.0, in -> Gradients.of("X", new double[12]), DENSE_AT));
  }

  @Test
  void inputsReadAsArraysMatricesAndScalars() {
    Signature sig = Signature.builder().input("v", 3).input("s").output("y").build();
    Inputs in = Inputs.of(sig).put("v", new DMatrixRMaj(1, 3, true, 1, 2, 3)).put("s", 4.0);
    assertEquals(3, in.matrix("v").numRows);
    assertEquals(4.0, in.scalar("s"));
    assertEquals(4.0, in.matrix("s").get(0, 0));
    double[] copy = in.array("v");
    copy[0] = 99;
    assertEquals(1.0, in.array("v")[0]);
    assertEquals(List.of(1.0, 2.0, 3.0, 4.0), toList(in.toArray()));
    assertThrows(IllegalArgumentException.class, () -> in.scalar("v"));
    assertThrows(IllegalArgumentException.class, () -> in.array("nope"));
  }

  private static List<Double> toList(double[] v) {
    return java.util.Arrays.stream(v).boxed().toList();
  }
}
