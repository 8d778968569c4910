package org.gradcheck.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries.CategorySeriesRenderStyle;
import org.knowm.xchart.style.Styler;

/**
 * Draws log10 of each rule's worst error margin: correct rules below 0 (margin 1), known bugs
 * above.
 */
final class MarginChart {
  private static final double FLOOR = 1e-6;

  private MarginChart() {}

  static Path write(List<RuleSummary> rules, List<RuleSummary> bugs, Path file) throws IOException {
    System.setProperty("java.awt.headless", "true");
    CategoryChart chart =
        new CategoryChartBuilder()
            .width(1100)
            .height(600)
            .title("Worst error margin per rule (|analytic − numeric| / tolerance; pass ≤ 1)")
            .xAxisTitle("rule")
            .yAxisTitle("log10(margin); pass ≤ 0")
            .build();
    chart.getStyler().setXAxisLabelRotation(60);
    chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
    chart.getStyler().setOverlapped(true);
    List<String> names = new ArrayList<>();
    List<Double> correct = new ArrayList<>();
    List<Double> wrong = new ArrayList<>();
    for (RuleSummary r : rules) {
      names.add(r.rule());
      correct.add(clamp(r.worstExcess()));
      wrong.add(null);
    }
    for (RuleSummary r : bugs) {
      names.add(r.rule());
      correct.add(null);
      wrong.add(clamp(r.worstExcess()));
    }
    if (names.isEmpty()) {
      names.add("(no rules)");
      correct.add(0.0);
      wrong.add(null);
    }
    chart.addSeries("correct rules", names, correct);
    chart.addSeries("known bugs", names, wrong);
    List<Double> one = names.stream().map(n -> 0.0).toList();
    chart
        .addSeries("tolerance (margin 1)", names, one)
        .setChartCategorySeriesRenderStyle(CategorySeriesRenderStyle.Line);
    String base = file.toString().replaceFirst("\\.png$", "");
    BitmapEncoder.saveBitmap(chart, base, BitmapEncoder.BitmapFormat.PNG);
    return Path.of(base + ".png");
  }

  /** log10 of the margin, clamped to [log10 FLOOR, 12] so empty or huge values stay drawable. */
  private static double clamp(double v) {
    if (Double.isNaN(v)) {
      return Math.log10(FLOOR);
    }
    return Math.log10(Math.min(Math.max(v, FLOOR), 1e12));
  }
}
