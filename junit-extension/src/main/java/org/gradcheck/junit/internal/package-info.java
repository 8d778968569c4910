/**
 * The implementation of the JUnit extension: settings resolution, parameter generation, trial
 * outcomes, shrinking and the failure database. Public only so the annotations of {@code
 * org.gradcheck.junit} can name these classes.
 *
 * <p>API status: INTERNAL — may change in any release; left out of the published javadoc.
 */
@API(status = API.Status.INTERNAL, since = "0.1")
package org.gradcheck.junit.internal;

import org.apiguardian.api.API;
