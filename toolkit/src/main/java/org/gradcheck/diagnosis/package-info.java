/**
 * What kind of mistake a failing check shows: {@link org.gradcheck.diagnosis.Diagnosis} tests
 * hypotheses (sign flip, transposed block, one batch row instead of the batch sum, wrong
 * activation, missing constant term, ...) on the compared entries, block by block, and states the
 * ones that fit with their evidence.
 *
 * <p>API status: EXPERIMENTAL; the hypotheses and their wording may change. Package-private classes
 * are internal.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
package org.gradcheck.diagnosis;

import org.apiguardian.api.API;
