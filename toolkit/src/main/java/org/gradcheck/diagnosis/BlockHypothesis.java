package org.gradcheck.diagnosis;

import java.util.List;

/**
 * One kind of mistake tested on one dense block of the compared grid (output block × input block).
 * A new pattern is one new implementation, listed in {@link EntryAnalysis}, and its test.
 */
interface BlockHypothesis {

  /**
   * The hypotheses of this kind that fit the block.
   *
   * @param block a complete, finite block with at least one wrong entry
   * @return the hypotheses that fit, or empty
   */
  List<Hypothesis> test(Region block);
}
