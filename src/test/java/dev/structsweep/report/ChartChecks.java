package dev.structsweep.report;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.openqa.selenium.JavascriptExecutor;

/**
 * The checks of chart-checks.js, run in a page that is ready: tick labels of one axis all different, log axes
 * labelled 1e−N, no text of a chart's svg over another. Returns the problems, empty when none.
 */
final class ChartChecks {
  private ChartChecks() {}

  private static final String SCRIPT = load();

  private static String load() {
    try (InputStream in = ChartChecks.class.getResourceAsStream("chart-checks.js")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @SuppressWarnings("unchecked")
  static List<String> problems(JavascriptExecutor js) {
    return (List<String>) js.executeScript(SCRIPT);
  }

  /** How many text elements the checks look at: a page whose charts have none would pass them trivially. */
  static long texts(JavascriptExecutor js) {
    return (Long) js.executeScript("return document.querySelectorAll('figure.chart svg text').length");
  }
}
