/**
 * Input generation with integrated shrinking: {@link org.gradcheck.generate.Generator}s draw from a
 * recorded source of {@link org.gradcheck.generate.Choices}; the {@link
 * org.gradcheck.generate.Shrinker} simplifies the recorded choices and replays the generator, so
 * every shrunk value is valid by construction; {@link org.gradcheck.generate.TargetedSearch} climbs
 * towards inputs with a larger worst margin. The factories of {@link
 * org.gradcheck.generate.Generators} cover the input domains of gradient rules and mix in their
 * edge cases.
 *
 * <p>API status: EXPERIMENTAL.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
package org.gradcheck.generate;

import org.apiguardian.api.API;
