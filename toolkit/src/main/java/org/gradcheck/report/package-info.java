/**
 * Reports of a verification run of many rules: the {@link org.gradcheck.report.RunReport} model and
 * its renderings as HTML (with heat maps and step curves), as JSON following the schema shipped in
 * the jar, and as JUnit XML for CI systems; {@link org.gradcheck.report.IsolatedVerifier} runs each
 * rule isolated from the others' failures.
 *
 * <p>API status: EXPERIMENTAL; the JSON schema is versioned separately from this Java API.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
package org.gradcheck.report;

import org.apiguardian.api.API;
