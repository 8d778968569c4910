package org.gradcheck.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.gradcheck.CheckReport;
import org.gradcheck.ComparedEntry;
import org.gradcheck.Signature;
import org.gradcheck.Tensor;

/**
 * Draws |analytic − numeric| / allowed of one check as inline SVG, one grid per Jacobian block (an
 * output tensor against an input tensor): rows are outputs, columns inputs. Cells within tolerance
 * are shades of blue (paler = further inside), cells over it orange to dark red, entries that were
 * not compared grey — so a transposed, diagonal-only, sign-flipped or one-row mistake shows as a
 * shape.
 */
final class HeatMap {
  private static final int MAX_WIDTH = 360;
  private static final int MAX_CELL = 28;
  private static final int MIN_CELL = 2;

  private HeatMap() {}

  /** True if the check compared individual Jacobian entries (not only directional probes). */
  static boolean drawable(CheckReport report) {
    return report.comparedEntries().stream().anyMatch(e -> e.outputIndex() >= 0);
  }

  /** One {@code <figure>} per Jacobian block, each with its SVG and caption. */
  static String render(CheckReport report, String title) {
    Signature sig = report.signature();
    StringBuilder html = new StringBuilder();
    for (Tensor out : sig.outputs()) {
      for (Tensor in : sig.inputs()) {
        if (in.constant()) {
          continue;
        }
        double[][] grid = grid(report, sig, out, in);
        if (grid != null) {
          html.append(block(grid, title, out, in));
        }
      }
    }
    return html.toString();
  }

  /** The block's margins (NaN where not compared), or null if no entry of it was compared. */
  private static double[][] grid(CheckReport report, Signature sig, Tensor out, Tensor in) {
    int o0 = sig.outputOffset(out.name());
    int i0 = sig.inputOffset(in.name());
    double[][] grid = new double[out.size()][in.size()];
    for (double[] row : grid) {
      java.util.Arrays.fill(row, Double.NaN);
    }
    boolean any = false;
    for (ComparedEntry e : report.comparedEntries()) {
      int r = e.outputIndex() - o0;
      int c = e.inputIndex() - i0;
      if (e.outputIndex() >= 0 && r >= 0 && r < out.size() && c >= 0 && c < in.size()) {
        grid[r][c] = e.excess();
        any = true;
      }
    }
    return any ? grid : null;
  }

  private static String block(double[][] grid, String title, Tensor out, Tensor in) {
    int rows = grid.length;
    int cols = grid[0].length;
    int cell = Math.max(MIN_CELL, Math.min(MAX_CELL, MAX_WIDTH / Math.max(rows, cols)));
    int width = cols * cell;
    int height = rows * cell;
    StringBuilder svg = new StringBuilder();
    String caption = "∂" + out.name() + "/∂" + in.name() + " (" + rows + " × " + cols + ")";
    svg.append(
            "<figure class=\"heatmap\"><svg class=\"heatmap\" xmlns=\"http://www.w3.org/2000/svg\"")
        .append(String.format(Locale.ROOT, " width=\"%d\" height=\"%d\"", width + 2, height + 2))
        .append(String.format(Locale.ROOT, " viewBox=\"-1 -1 %d %d\"", width + 2, height + 2))
        .append(" role=\"img\"><title>")
        .append(Markup.escape(title + ": |analytic − numeric| / allowed, " + caption))
        .append("</title>");
    List<String> cells = new ArrayList<>();
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        double m = grid[r][c];
        cells.add(
            String.format(
                Locale.ROOT,
                "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"><title>[%d,%d]"
                    + " margin %s</title></rect>",
                c * cell,
                r * cell,
                cell,
                cell,
                colour(m),
                r,
                c,
                ReportNumbers.format(m)));
      }
    }
    svg.append(String.join("", cells));
    svg.append(
        String.format(
            Locale.ROOT,
            "<rect x=\"0\" y=\"0\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#444\"/>",
            width,
            height));
    svg.append("</svg><figcaption>")
        .append(Markup.escape(caption))
        .append("</figcaption></figure>");
    return svg.toString();
  }

  /** The colour of one margin: grey not compared, blue shades ≤ 1, orange to dark red above. */
  static String colour(double margin) {
    if (Double.isNaN(margin)) {
      return "#d9d9d9";
    }
    if (Double.isInfinite(margin)) {
      return "#67001f";
    }
    double l = Math.log10(Math.max(margin, 1e-6));
    if (l <= 0) {
      return mix(0xf7fbff, 0x4292c6, (l + 6) / 6);
    }
    return mix(0xfdae61, 0xa50026, Math.min(l / 3, 1));
  }

  private static String mix(int from, int to, double t) {
    int r = lerp(from >> 16 & 0xff, to >> 16 & 0xff, t);
    int g = lerp(from >> 8 & 0xff, to >> 8 & 0xff, t);
    int b = lerp(from & 0xff, to & 0xff, t);
    return String.format(Locale.ROOT, "#%02x%02x%02x", r, g, b);
  }

  private static int lerp(int a, int b, double t) {
    return (int) Math.round(a + (b - a) * Math.max(0, Math.min(1, t)));
  }

  /** The colour scale as a small SVG legend. */
  static String legend() {
    StringBuilder svg =
        new StringBuilder(
            "<svg class=\"legend\" xmlns=\"http://www.w3.org/2000/svg\" width=\"480\""
                + " height=\"34\" role=\"img\"><title>heat-map colour scale</title>");
    double[] stops = {1e-6, 1e-4, 1e-2, 1, 10, 100, 1000};
    for (int i = 0; i < stops.length; i++) {
      svg.append(
          String.format(
              Locale.ROOT,
              "<rect x=\"%d\" y=\"0\" width=\"50\" height=\"14\" fill=\"%s\"/>"
                  + "<text x=\"%d\" y=\"28\" font-size=\"11\">%s</text>",
              i * 52,
              colour(stops[i]),
              i * 52,
              i == 3 ? "1 (limit)" : ReportNumbers.format(stops[i]).replace(".00e", "e")));
    }
    svg.append(
        String.format(
            Locale.ROOT,
            "<rect x=\"%d\" y=\"0\" width=\"50\" height=\"14\" fill=\"%s\"/>"
                + "<text x=\"%d\" y=\"28\" font-size=\"11\">not compared</text></svg>",
            7 * 52,
            colour(Double.NaN),
            7 * 52));
    return svg.toString();
  }
}
