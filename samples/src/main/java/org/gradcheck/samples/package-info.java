/**
 * Custom layers and rules a user would write (dense and tanh layers, GELU, softmax with
 * cross-entropy, a regularised regression) with their hand-written derivatives, verified by the
 * tests of this module with the toolkit and the JUnit extension.
 *
 * <p>API status: none — examples to read and copy, not a published library.
 */
package org.gradcheck.samples;
