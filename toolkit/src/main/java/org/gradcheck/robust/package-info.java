/**
 * How a check tells a gradient bug from something else: kinks (left and right derivatives differ),
 * nondeterministic functions, non-finite values, "analytic" derivatives that are themselves finite
 * differences, and borderline entries that a step sweep (a Taylor test) settles.
 *
 * <p>API status: EXPERIMENTAL.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
package org.gradcheck.robust;

import org.apiguardian.api.API;
