package org.gradcheck.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTML report looked at in a real browser: headless Chromium (Debian's {@code chromium}, which
 * {@code .ci/run} installs when missing) renders it from {@code file://} with the network off, and
 * the screenshot must show the pictures — the verdict colours of the overview and the heat maps —
 * not a blank or an error page. Skipped (not passed) where no Chromium is installed.
 */
class BrowserScreenshotTest {
  private static final int WIDTH = 1280;
  private static final int HEIGHT = 2400;

  private static Optional<Path> chromium() {
    String override = System.getenv("GRADCHECK_CHROMIUM");
    if (override != null && !override.isBlank()) {
      return Optional.of(Path.of(override));
    }
    String path = System.getenv().getOrDefault("PATH", "");
    return Stream.of(path.split(File.pathSeparator))
        .flatMap(
            dir ->
                Stream.of("chromium", "chromium-browser", "google-chrome")
                    .map(n -> Path.of(dir, n)))
        .filter(Files::isExecutable)
        .findFirst();
  }

  @Test
  void chromiumShowsTheOverviewAndTheHeatMaps(@TempDir Path dir) throws Exception {
    Optional<Path> chromium = chromium();
    assumeTrue(chromium.isPresent(), "no chromium on the PATH (apt-get install -y chromium)");
    Path html = dir.resolve("report.html");
    ReportFiles.writeAtomically(html, HtmlReport.render(ReportFormatsTest.run()));
    Path png = dir.resolve("screenshot.png");
    Process process =
        new ProcessBuilder(
                List.of(
                    chromium.get().toString(),
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--no-first-run",
                    "--disable-background-networking",
                    "--hide-scrollbars",
                    "--user-data-dir=" + dir.resolve("profile"),
                    "--window-size=" + WIDTH + "," + HEIGHT,
                    "--screenshot=" + png,
                    html.toUri().toString()))
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("chromium.log").toFile())
            .start();
    assertTrue(process.waitFor(120, TimeUnit.SECONDS), "chromium did not finish in 120 s");
    assertEquals(0, process.exitValue(), () -> log(dir));
    BufferedImage image = ImageIO.read(png.toFile());
    assertEquals(WIDTH, image.getWidth());
    assertEquals(HEIGHT, image.getHeight());
    Set<Integer> colours = new HashSet<>();
    int passGreen = 0;
    int failRed = 0;
    int heatRed = 0;
    int heatBlue = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        int rgb = image.getRGB(x, y) & 0xffffff;
        colours.add(rgb);
        passGreen += near(rgb, 0x2e7d32) ? 1 : 0;
        failRed += near(rgb, 0xc62828) ? 1 : 0;
        heatRed += near(rgb, 0xa50026) ? 1 : 0;
        heatBlue += (rgb & 0xff) > (rgb >> 16 & 0xff) + 30 ? 1 : 0;
      }
    }
    String counts =
        "colours "
            + colours.size()
            + ", green "
            + passGreen
            + ", red "
            + failRed
            + ", heat red "
            + heatRed
            + ", heat blue "
            + heatBlue;
    System.out.println("screenshot: " + counts);
    assertTrue(colours.size() > 50, "not blank: " + counts);
    assertTrue(passGreen > 500, "the passing rule's bar and badge: " + counts);
    assertTrue(failRed > 1000, "the failing rules' bars and badges: " + counts);
    // the colour legend alone has about 3000 bluish and 700 dark-red pixels; heat maps add more
    assertTrue(heatBlue > 8000, "heat-map cells within tolerance: " + counts);
    assertTrue(heatRed > 5000, "heat-map cells far over tolerance: " + counts);
  }

  private static boolean near(int rgb, int target) {
    int dr = Math.abs((rgb >> 16 & 0xff) - (target >> 16 & 0xff));
    int dg = Math.abs((rgb >> 8 & 0xff) - (target >> 8 & 0xff));
    int db = Math.abs((rgb & 0xff) - (target & 0xff));
    return dr + dg + db <= 24;
  }

  private static String log(Path dir) {
    try {
      return Files.readString(dir.resolve("chromium.log"));
    } catch (java.io.IOException e) {
      return e.toString();
    }
  }
}
