package dev.structsweep.bench;

import dev.structsweep.report.Report;
import dev.structsweep.sweep.SweepFiles;
import dev.structsweep.spark.SweepJob;
import dev.structsweep.sweep.SweepSpec;
import dev.structsweep.testing.Browser;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.SparkSession;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The report page of a landscape-sized grid: conf/landscape.conf's 2,304 configurations × 5 ε (11,520
 * configuration rows) with 2 seeds each and 20 epochs, so that the sweep takes seconds and the page's summary is
 * the landscape's. Prints the time to write the report, the page's size, and the time from navigation until the
 * page is ready (every chart drawn and the table built) in headless Chromium, median of 5 loads at 1280 px and at
 * 390 px. Run: {@code mvn -B -q -Pbench test-compile exec:exec -Dbench.main=dev.structsweep.bench.ReportPageBench}.
 */
public final class ReportPageBench {
  private static final int LOADS = 5;

  public static void main(String[] args) throws Exception {
    Path directory = Files.createTempDirectory("structsweep-report-bench");
    SweepSpec spec = SweepFiles.load(Path.of("conf/landscape.conf"), List.of("seeds = { from = 0, count = 2 }",
        "epochs = 20", "chunk-size = 2304", "output=\"" + directory.resolve("results") + "\""));
    SparkSession spark = SparkSession.builder().master("local[2]").appName("report bench")
        .config("spark.ui.enabled", "false").getOrCreate();
    Path out = directory.resolve("report");
    long written;
    try {
      SweepJob.run(spark, spec, false, "bench", null, new PrintWriter(new StringWriter()));
      // Once to warm Spark's code paths, once timed.
      Report.write(spark, spec.resultsDirectory().toString(), directory.resolve("warm"));
      long start = System.nanoTime();
      Report.write(spark, spec.resultsDirectory().toString(), out);
      written = System.nanoTime() - start;
    } finally {
      spark.stop();
    }
    Path page = out.resolve("index.html");
    System.out.printf(Locale.ROOT, "configurations × ε: 11520; report written in %.1f s; index.html %.2f MiB%n",
        written / 1e9, Files.size(page) / 1048576.0);
    for (int width : new int[] {1280, 390}) {
      Browser.withChromium(directory, width == 1280 ? 0 : width, browser -> {
        JavascriptExecutor js = (JavascriptExecutor) browser;
        List<Double> ready = new ArrayList<>();
        for (int load = 0; load <= LOADS; load++) {
          browser.get("about:blank");
          browser.get(page.toUri().toString());
          new WebDriverWait(browser, Duration.ofSeconds(60)).until(driver -> js.executeScript(
              "return document.body && document.body.dataset.readyAt || null") != null);
          double at = Double.parseDouble((String) js.executeScript("return document.body.dataset.readyAt"));
          if (load > 0) {
            ready.add(at);
          }
        }
        ready.sort(null);
        System.out.printf(Locale.ROOT, "%d px: ready %.0f ms after navigation (median of %d; all %s)%n", width,
            ready.get(ready.size() / 2), LOADS, ready);
      });
    }
  }
}
