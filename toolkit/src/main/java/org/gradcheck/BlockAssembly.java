package org.gradcheck;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.ejml.data.DMatrixRMaj;

/**
 * Turns what named user code returned (outputs, gradients, Jacobian blocks) into the flat layout of
 * the {@link Signature}, after checking it block by block: a missing block, a block the signature
 * does not declare, a block for a constant input, or one of the wrong shape is an {@link
 * InvalidCheckInputException} naming the block, its expected shape and what came back.
 */
final class BlockAssembly {
  private BlockAssembly() {}

  /** The forward's (or JVP's) outputs end to end, {@link Signature#outputSize()} values. */
  static double[] outputs(Signature signature, Outputs returned, String role) {
    Map<String, BlockValue> blocks = given(returned == null ? null : returned.blocks, role);
    check(signature.outputs(), blocks, role, "output");
    return concatenate(signature.outputs(), blocks, signature.outputSize());
  }

  /** The gradients end to end, {@link Signature#inputSize()} values, zeros at constants. */
  static double[] gradients(Signature signature, Gradients returned, String role) {
    Map<String, BlockValue> blocks = given(returned == null ? null : returned.blocks, role);
    check(signature.inputs(), blocks, role, "gradient");
    return concatenate(signature.inputs(), blocks, signature.inputSize());
  }

  /** The m×n Jacobian, zero in the columns of constants. */
  static DMatrixRMaj jacobian(Signature signature, JacobianBlocks returned, String role) {
    Map<String, BlockValue> blocks = given(returned == null ? null : returned.blocks, role);
    List<Tensor> expected = new ArrayList<>();
    for (Tensor out : signature.outputs()) {
      for (Tensor in : signature.inputs()) {
        expected.add(
            new Tensor(
                JacobianBlocks.label(out.name(), in.name()),
                new int[] {out.size(), in.size()},
                in.constant()));
      }
    }
    check(expected, blocks, role, "block");
    int n = signature.inputSize();
    DMatrixRMaj j = new DMatrixRMaj(signature.outputSize(), n);
    for (Tensor out : signature.outputs()) {
      int row0 = signature.outputOffset(out.name());
      for (Tensor in : signature.inputs()) {
        BlockValue b = blocks.get(JacobianBlocks.label(out.name(), in.name()));
        if (b == null) {
          continue; // a constant's columns stay zero
        }
        int col0 = signature.inputOffset(in.name());
        for (int r = 0; r < out.size(); r++) {
          System.arraycopy(b.data(), r * in.size(), j.data, (row0 + r) * n + col0, in.size());
        }
      }
    }
    return j;
  }

  private static Map<String, BlockValue> given(Map<String, BlockValue> blocks, String role) {
    if (blocks == null) {
      throw new InvalidCheckInputException(role + " returned null; expected its blocks by name");
    }
    return blocks;
  }

  private static void check(
      List<Tensor> expected, Map<String, BlockValue> blocks, String role, String word) {
    List<Tensor> wanted = expected.stream().filter(t -> !t.constant()).toList();
    for (String name : blocks.keySet()) {
      Tensor t = find(expected, name);
      if (t == null) {
        throw new InvalidCheckInputException(
            role
                + " returned "
                + article(word)
                + " '"
                + name
                + "' that the signature does not declare; expected "
                + word
                + "s "
                + Inputs.describe(wanted));
      }
      if (t.constant()) {
        throw new InvalidCheckInputException(
            role
                + " returned a "
                + word
                + " '"
                + name
                + "' for a constant input; constants are read, never returned (expected "
                + word
                + "s "
                + Inputs.describe(wanted)
                + ")");
      }
    }
    for (Tensor t : wanted) {
      BlockValue b = blocks.get(t.name());
      if (b == null) {
        throw new InvalidCheckInputException(
            role
                + " returned no "
                + word
                + " '"
                + t.name()
                + "' (expected "
                + t.describe()
                + "); it returned "
                + blocks.keySet());
      }
      if (!b.fits(t)) {
        throw new InvalidCheckInputException(
            role
                + " returned the "
                + word
                + " '"
                + t.name()
                + "' as "
                + b.cameAs()
                + "; expected "
                + t.describe());
      }
    }
  }

  private static String article(String word) {
    return ("aeiou".indexOf(word.charAt(0)) >= 0 ? "an " : "a ") + word;
  }

  private static Tensor find(List<Tensor> tensors, String name) {
    for (Tensor t : tensors) {
      if (t.name().equals(name)) {
        return t;
      }
    }
    return null;
  }

  private static double[] concatenate(
      List<Tensor> tensors, Map<String, BlockValue> blocks, int size) {
    double[] flat = new double[size];
    int offset = 0;
    for (Tensor t : tensors) {
      BlockValue b = blocks.get(t.name());
      if (b != null) {
        System.arraycopy(b.data(), 0, flat, offset, t.size());
      }
      offset += t.size();
    }
    return flat;
  }
}
