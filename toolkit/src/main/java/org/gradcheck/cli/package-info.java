/**
 * The {@code gradcheck} command line ({@code java -jar gradcheck.jar verify|list|check}): verifies
 * the built-in and contributed rules and writes the run's reports. Its contract is the command's
 * options and exit codes; the Java types here exist to run it.
 *
 * <p>API status: EXPERIMENTAL.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
package org.gradcheck.cli;

import org.apiguardian.api.API;
