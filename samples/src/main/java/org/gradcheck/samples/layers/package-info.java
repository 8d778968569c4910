/**
 * Layers written the way a user writes them: plain Java over EJML, each with a forward pass and a
 * hand-written backward pass. Nothing here depends on the checker: {@link
 * org.gradcheck.samples.NamedLayers} declares each layer's signature and named forward/backward for
 * the checker, and the tests check each backward pass against finite differences.
 *
 * <p>Conventions: a batch is a {@code DMatrixRMaj} with one example per row; a vector parameter
 * (bias, γ, β) is a {@code double[]}; a backward pass takes the forward's arguments followed by the
 * upstream gradient and returns fresh arrays (its arguments are never modified); a layer with
 * several differentiable inputs returns a {@code Grads} record with one gradient per input.
 */
package org.gradcheck.samples.layers;
