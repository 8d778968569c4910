package org.gradcheck.junit.internal;

/**
 * One check made during a trial, as the extension reports it: a pass publishes {@link #summary()},
 * a failure fails the test with {@link #text()} and attaches {@link #json()}.
 */
interface RecordedCheck {
  /** True if the check passed. */
  boolean passed();

  /** One line: verdict, max errors, evaluations, mode. */
  String summary();

  /** The full report a person reads. */
  String text();

  /** The report as JSON, or null if there is none. */
  String json();
}
