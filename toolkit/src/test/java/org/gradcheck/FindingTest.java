package org.gradcheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.gradcheck.diagnosis.Hypothesis;
import org.gradcheck.diagnosis.Pattern;
import org.junit.jupiter.api.Test;

class FindingTest {

  @Test
  void everyDiagnosisPatternIsReportedAsTheKindOfTheSameName() {
    for (Pattern pattern : Pattern.values()) {
      Hypothesis h = new Hypothesis(pattern, "the evidence");
      Finding f = Finding.of(h);
      assertSame(Finding.Kind.valueOf(pattern.name()), f.kind(), pattern::name);
      assertTrue(f.kind().isDiagnosis(), pattern::name);
      assertEquals(pattern.title(), f.kind().title());
      assertEquals("the evidence", f.text());
      assertEquals(h.toString(), f.toString(), "a report line reads the same either way");
    }
    assertEquals(
        Pattern.values().length,
        Arrays.stream(Finding.Kind.values()).filter(Finding.Kind::isDiagnosis).count(),
        "every diagnosis kind reports one pattern");
  }

  @Test
  void reportLinesOfMappedHypothesesReadAsBefore() {
    assertEquals(
        "diagnosis: sign flipped: analytic = −1.00 × numeric on all 12 entries",
        Finding.of(
                new Hypothesis(
                    Pattern.SIGN_FLIPPED, "analytic = −1.00 × numeric on all 12 entries"))
            .toString());
    assertEquals(
        "diagnosis: no known pattern fits the 2 wrong of 12 compared entries",
        Finding.of(
                new Hypothesis(
                    Pattern.NO_KNOWN_PATTERN,
                    "no known pattern fits the 2 wrong of 12 compared entries"))
            .toString());
    assertThrows(NullPointerException.class, () -> Finding.of(null));
  }
}
