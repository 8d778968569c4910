package org.gradcheck;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

class SignatureTest {
  private final Signature sig =
      Signature.builder()
          .input("x", 3)
          .input("W", 2, 3)
          .input("b")
          .constant("labels", 2)
          .output("y", 2)
          .build();

  @Test
  void labelsFlatIndicesByNameAndPosition() {
    assertEquals(12, sig.inputSize());
    assertEquals("x[2]", sig.inputLabel(2));
    assertEquals("W[1,2]", sig.inputLabel(8));
    assertEquals("b", sig.inputLabel(9));
    assertEquals("labels[1]", sig.inputLabel(11));
    assertEquals("∂y[1]/∂W[0,1]", sig.entryLabel(1, 4));
    assertTrue(sig.isConstantInput(10));
    assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, sig.differentiableInputIndices());
  }

  @Test
  void packsAndUnpacksParts() {
    DMatrixRMaj w = new DMatrixRMaj(2, 3, true, 1, 2, 3, 4, 5, 6);
    double[] flat = sig.pack(new double[] {7, 8, 9}, w, 0.5, new double[] {0, 1});
    assertEquals(6.0, flat[8]);
    assertEquals(0.5, flat[9]);
    DMatrixRMaj back = sig.inputMatrix(flat, "W");
    assertEquals(2, back.numRows);
    assertEquals(6.0, back.get(1, 2));
  }

  @Test
  void badPartsAreNamed() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> sig.pack(new double[2], new DMatrixRMaj(2, 3), 0.0, new double[2]));
    assertTrue(e.getMessage().contains("'x'"), e.getMessage());
    IllegalArgumentException dup =
        assertThrows(
            IllegalArgumentException.class,
            () -> Signature.builder().input("x", 1).input("x", 2).output("y").build());
    assertTrue(dup.getMessage().contains("duplicate input name 'x'"), dup.getMessage());
  }
}
