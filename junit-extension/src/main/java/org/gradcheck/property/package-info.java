/**
 * Property tests of gradients: {@link org.gradcheck.property.GradientProperty} runs a test over
 * generated inputs, shrinks a failure to a simple counterexample, stores it in a failure database
 * and replays it first; {@link org.gradcheck.property.From} names a generator method.
 *
 * <p>API status: EXPERIMENTAL.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
package org.gradcheck.property;

import org.apiguardian.api.API;
