/**
 * TEST ONLY: deliberately wrong backward passes of the sample layers, each with the kind of slip
 * people make. Tests assert that a gradient check catches every one; nothing here is a layer to
 * copy.
 */
package org.gradcheck.samples.broken;
