/**
 * Gradient checks of single-precision (float32) code: the analytic side runs in float, the numeric
 * side in double precision, and tolerances follow from float epsilon.
 *
 * <p>API status: EXPERIMENTAL; the float checker is to share the double checker's report and
 * pipeline.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
package org.gradcheck.float32;

import org.apiguardian.api.API;
