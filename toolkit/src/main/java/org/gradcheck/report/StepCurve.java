package org.gradcheck.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.apiguardian.api.API;
import org.gradcheck.CheckReport;
import org.gradcheck.ComparedEntry;
import org.gradcheck.VectorFunction;

/**
 * The error of a plain central difference against its step, for one Jacobian entry (the worst of a
 * rule): D(h) = (f(x + h·e_j)_i − f(x − h·e_j)_i) / 2h for h from 10⁻¹·s down to 10⁻¹³·s (s =
 * max(1, |x_j|)), measured against the analytic value and against the checker's numeric estimate.
 * Against a right derivative the curve falls as h² (truncation) until round-off lifts it as ε/h;
 * against a wrong one it levels off at the size of the mistake.
 *
 * @param label the entry, e.g. {@code ∂y[1]/∂a[2]}
 * @param steps the steps h, decreasing
 * @param errorVsAnalytic |D(h) − analytic| per step (NaN where f failed or was not finite)
 * @param errorVsNumeric |D(h) − numeric| per step
 * @param numericError the checker's error bar on its numeric estimate
 * @param allowed the tolerance the entry had to meet
 * @param chosenStep the step the checker's engine chose for the entry ({@link
 *     ComparedEntry#step()}), marked on the picture; NaN where not known
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.2")
public record StepCurve(
    String label,
    List<Double> steps,
    List<Double> errorVsAnalytic,
    List<Double> errorVsNumeric,
    double numericError,
    double allowed,
    double chosenStep) {
  private static final int PER_DECADE = 2;
  private static final int FIRST = -1;
  private static final int LAST = -13;

  /** A curve without a chosen step (NaN). */
  public StepCurve(
      String label,
      List<Double> steps,
      List<Double> errorVsAnalytic,
      List<Double> errorVsNumeric,
      double numericError,
      double allowed) {
    this(label, steps, errorVsAnalytic, errorVsNumeric, numericError, allowed, Double.NaN);
  }

  /** Copies the lists, which must have one value per step. */
  public StepCurve {
    Objects.requireNonNull(label, "label");
    steps = List.copyOf(steps);
    errorVsAnalytic = List.copyOf(errorVsAnalytic);
    errorVsNumeric = List.copyOf(errorVsNumeric);
    if (errorVsAnalytic.size() != steps.size() || errorVsNumeric.size() != steps.size()) {
      throw new IllegalArgumentException("one error per step");
    }
  }

  /**
   * Measures the curve of {@code entry} (a Jacobian entry: both indices ≥ 0) of {@code f} at {@code
   * x}; empty for a directional probe or when f fails at every step. Evaluates f twice per step.
   */
  public static Optional<StepCurve> measure(VectorFunction f, double[] x, ComparedEntry entry) {
    int i = entry.outputIndex();
    int j = entry.inputIndex();
    if (i < 0 || j < 0 || j >= x.length) {
      return Optional.empty();
    }
    double scale = Math.max(1, Math.abs(x[j]));
    List<Double> steps = new ArrayList<>();
    List<Double> vsAnalytic = new ArrayList<>();
    List<Double> vsNumeric = new ArrayList<>();
    boolean any = false;
    for (int k = FIRST * PER_DECADE; k >= LAST * PER_DECADE; k--) {
      double h = scale * Math.pow(10, k / (double) PER_DECADE);
      double d = centralDifference(f, x, i, j, h);
      steps.add(h);
      vsAnalytic.add(Math.abs(d - entry.analytic()));
      vsNumeric.add(Math.abs(d - entry.numeric()));
      any |= Double.isFinite(d);
    }
    return any
        ? Optional.of(
            new StepCurve(
                entry.label(),
                steps,
                vsAnalytic,
                vsNumeric,
                entry.numericError(),
                entry.allowed(),
                entry.step()))
        : Optional.empty();
  }

  /**
   * Measures the curve of the worst Jacobian entry of {@code report} (the one with the largest
   * margin among its worst entries), a check of {@code f} at {@code x}; empty if the check compared
   * no individual entry or f fails at every step. Evaluates f twice per step.
   */
  public static Optional<StepCurve> measure(VectorFunction f, double[] x, CheckReport report) {
    return worstJacobianEntry(report).flatMap(e -> measure(f, x, e));
  }

  /** The worst entry of {@code report} that names a Jacobian entry (both indices ≥ 0), if any. */
  static Optional<ComparedEntry> worstJacobianEntry(CheckReport report) {
    ComparedEntry worst = null;
    for (ComparedEntry e : report.worstEntries()) {
      if (e.outputIndex() >= 0
          && e.inputIndex() >= 0
          && (worst == null || Double.compare(e.excess(), worst.excess()) > 0)) {
        worst = e;
      }
    }
    return Optional.ofNullable(worst);
  }

  private static double centralDifference(VectorFunction f, double[] x, int i, int j, double h) {
    double[] plus = x.clone();
    double[] minus = x.clone();
    plus[j] += h;
    minus[j] -= h;
    double step = plus[j] - minus[j]; // the step the arithmetic really took
    try {
      double[] fp = f.apply(plus);
      double[] fm = f.apply(minus);
      if (fp == null || fm == null || i >= fp.length || i >= fm.length) {
        return Double.NaN;
      }
      return (fp[i] - fm[i]) / step;
    } catch (RuntimeException e) {
      return Double.NaN;
    }
  }

  /** The curve as a log–log SVG chart. */
  String toSvg(String title) {
    int w = 520;
    int h = 260;
    int left = 56;
    int bottom = 36;
    int top = 10;
    int right = 140;
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (List<Double> series : List.of(errorVsAnalytic, errorVsNumeric)) {
      for (double v : series) {
        if (v > 0 && Double.isFinite(v)) {
          lo = Math.min(lo, v);
          hi = Math.max(hi, v);
        }
      }
    }
    for (double v : new double[] {numericError, allowed}) {
      if (v > 0 && Double.isFinite(v)) {
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
    }
    if (!(lo <= hi)) {
      lo = 1e-16;
      hi = 1;
    }
    double yLo = Math.floor(Math.log10(lo));
    double yHi = Math.max(Math.ceil(Math.log10(hi)), yLo + 1);
    double xLo = Math.floor(Math.log10(steps.get(steps.size() - 1)));
    double xHi = Math.ceil(Math.log10(steps.get(0)));
    double plotW = w - left - right;
    double plotH = h - top - bottom;
    StringBuilder svg = new StringBuilder();
    svg.append(
        String.format(
            Locale.ROOT,
            "<svg class=\"stepcurve\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\""
                + " height=\"%d\" role=\"img\"><title>%s</title>",
            w,
            h,
            Markup.escape(title + ": error of a central difference against its step, " + label)));
    svg.append(
        String.format(
            Locale.ROOT,
            "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%.1f\" fill=\"#fff\" stroke=\"#444\"/>",
            left,
            top,
            plotW,
            plotH));
    int xStep = (int) Math.max(1, Math.ceil((xHi - xLo) / 6));
    for (double d = xLo; d <= xHi; d += xStep) {
      double px = left + (d - xLo) / (xHi - xLo) * plotW;
      svg.append(
          String.format(
              Locale.ROOT,
              "<text x=\"%.1f\" y=\"%d\" font-size=\"10\" text-anchor=\"middle\">1e%d</text>",
              px,
              h - bottom + 14,
              (int) d));
    }
    int yStep = (int) Math.max(1, Math.ceil((yHi - yLo) / 6));
    for (double d = yLo; d <= yHi; d += yStep) {
      double py = top + (yHi - d) / (yHi - yLo) * plotH;
      svg.append(
          String.format(
              Locale.ROOT,
              "<line x1=\"%d\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#eee\"/>"
                  + "<text x=\"%d\" y=\"%.1f\" font-size=\"10\" text-anchor=\"end\">1e%d</text>",
              left,
              py,
              left + plotW,
              py,
              left - 4,
              py + 3,
              (int) d));
    }
    svg.append(
        String.format(
            Locale.ROOT,
            "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\">step h</text>",
            left + plotW / 2,
            h - 4));
    double[] box = {xLo, xHi, yLo, yHi, left, top, plotW, plotH};
    chosen(svg, box);
    level(svg, box, allowed, "#c62828", "allowed");
    level(svg, box, numericError, "#888", "error bar");
    series(svg, box, errorVsAnalytic, "#1565c0", 3.5, "|D(h) − analytic|", 0);
    series(svg, box, errorVsNumeric, "#2e7d32", 1.5, "|D(h) − numeric|", 1);
    svg.append("</svg>");
    return svg.toString();
  }

  private void series(
      StringBuilder svg,
      double[] box,
      List<Double> values,
      String colour,
      double width,
      String name,
      int legendRow) {
    StringBuilder points = new StringBuilder();
    for (int k = 0; k < steps.size(); k++) {
      double v = values.get(k);
      if (!(v > 0) || !Double.isFinite(v)) {
        continue;
      }
      points.append(String.format(Locale.ROOT, "%.1f,%.1f ", px(box, steps.get(k)), py(box, v)));
    }
    if (points.length() == 0) {
      return;
    }
    svg.append(
        String.format(
            Locale.ROOT,
            "<polyline class=\"series\" points=\"%s\" fill=\"none\" stroke=\"%s\""
                + " stroke-width=\"%.1f\"/><line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\""
                + " y2=\"%.1f\" stroke=\"%s\" stroke-width=\"%.1f\"/><text x=\"%.1f\""
                + " y=\"%.1f\" font-size=\"11\" fill=\"%s\">%s</text>",
            points.toString().trim(),
            colour,
            width,
            box[4] + box[6] + 4,
            box[5] + 8 + 16 * legendRow,
            box[4] + box[6] + 18,
            box[5] + 8 + 16 * legendRow,
            colour,
            width,
            box[4] + box[6] + 21,
            box[5] + 12 + 16 * legendRow,
            colour,
            Markup.escape(name)));
  }

  /**
   * Marks the engine's chosen step: a dashed vertical line {@code <line class="chosen-step"
   * data-step="…">} labelled "chosen h", if the step is known and inside the plotted range.
   */
  private void chosen(StringBuilder svg, double[] box) {
    if (!(chosenStep > 0) || !Double.isFinite(chosenStep)) {
      return;
    }
    double l = Math.log10(chosenStep);
    if (l < box[0] || l > box[1]) {
      return;
    }
    double x = px(box, chosenStep);
    svg.append(
        String.format(
            Locale.ROOT,
            "<line class=\"chosen-step\" data-step=\"%s\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\""
                + " y2=\"%.1f\" stroke=\"#6a1b9a\" stroke-width=\"1.5\" stroke-dasharray=\"2 2\">"
                + "<title>the step the checker chose: %s</title></line><text x=\"%.1f\" y=\"%.1f\""
                + " font-size=\"11\" fill=\"#6a1b9a\">chosen h</text>",
            ReportNumbers.format(chosenStep),
            x,
            box[5],
            x,
            box[5] + box[7],
            ReportNumbers.format(chosenStep),
            x + 3,
            box[5] + box[7] - 4));
  }

  private static void level(StringBuilder svg, double[] box, double v, String colour, String name) {
    if (!(v > 0) || !Double.isFinite(v)) {
      return;
    }
    double y = py(box, v);
    svg.append(
        String.format(
            Locale.ROOT,
            "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\""
                + " stroke-dasharray=\"4 3\"/><text x=\"%.1f\" y=\"%.1f\" font-size=\"11\""
                + " fill=\"%s\">%s</text>",
            box[4],
            y,
            box[4] + box[6],
            y,
            colour,
            box[4] + box[6] + 4,
            y + 4,
            colour,
            name));
  }

  private static double px(double[] box, double step) {
    return box[4] + (Math.log10(step) - box[0]) / (box[1] - box[0]) * box[6];
  }

  private static double py(double[] box, double v) {
    double l = Math.max(box[2], Math.min(box[3], Math.log10(v)));
    return box[5] + (box[3] - l) / (box[3] - box[2]) * box[7];
  }
}
