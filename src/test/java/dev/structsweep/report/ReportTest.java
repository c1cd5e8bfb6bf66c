package dev.structsweep.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.structsweep.sweep.SweepFiles;
import dev.structsweep.spark.SweepJob;
import dev.structsweep.sweep.SweepSpec;
import dev.structsweep.testing.Browser;
import dev.structsweep.testing.SparkSessions;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

class ReportTest {
  @TempDir
  static Path directory;
  static SweepSpec spec;
  static Path report;

  /** A small real sweep: two topologies, two λ, two ε, a diverging learning rate, 6 seeds, with history. */
  @BeforeAll
  static void sweepAndReport() throws IOException {
    Path file = directory.resolve("small.conf");
    Files.writeString(file, "sweep { task = [xor, addition], hidden = [[2], [4]], lambda = [0, 0.05],"
        + " learning-rate = [0.5, 1000], optimizer = sgd, epochs = 300, epsilon = [0.01, 0.1],"
        + " seeds = { from = 0, count = 6 }, chunk-size = 24, history-every = 20 }");
    spec = SweepFiles.load(file, List.of("output=\"" + directory.resolve("results") + "\""));
    SparkSession spark = SparkSessions.shared();
    SweepJob.run(spark, spec, false, "test", null, new PrintWriter(new StringWriter()));
    report = directory.resolve("reports/small");
    Report.write(spark, spec.resultsDirectory().toString(), report);
  }

  @AfterAll
  static void stopSpark() {
    SparkSessions.stop();
  }

  @Test
  void sparkPercentileDiscPicksAValueSomeTrialHas() {
    // Quartiles of clustered outcomes are values of seeds: no "0.875" between a 0.75 seed and a 1.0 seed.
    Row quartiles = SparkSessions.shared().sql("SELECT percentile_disc(0.25) WITHIN GROUP (ORDER BY x),"
        + " percentile_disc(0.5) WITHIN GROUP (ORDER BY x), percentile_disc(0.75) WITHIN GROUP (ORDER BY x),"
        + " percentile_disc(0.5) WITHIN GROUP (ORDER BY y) FROM VALUES (0.5, 7.0), (0.75, NULL), (1.0, 5.0),"
        + " (1.0, 9.0), (0.5, 1.0), (0.75, 2.0) AS t(x, y)").first();
    // Sorted x: 0.5 0.5 0.75 0.75 1.0 1.0; the smallest value whose share at or below it reaches p.
    assertEquals(0.5, quartiles.getDouble(0));
    assertEquals(0.75, quartiles.getDouble(1));
    assertEquals(1.0, quartiles.getDouble(2));
    assertEquals(5.0, quartiles.getDouble(3), "nulls (diverged trials) are left out: 1 2 5 7 9");
  }

  @Test
  void reportHoldsEveryFile() {
    for (String name : List.of("index.html", "summary.csv", "summary.md", ".structsweep-report")) {
      assertTrue(Files.isRegularFile(report.resolve(name)), name);
    }
    try (var files = Files.list(directory.resolve("reports"))) {
      assertEquals(List.of(report), files.toList(), "no staging directory left behind");
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  /** The discrete p-quantile, by hand: the smallest value whose share at or below it is at least p. */
  private static double quantile(List<Double> values, double p) {
    List<Double> sorted = values.stream().sorted().toList();
    int rank = Math.max(1, (int) Math.ceil(p * sorted.size() - 1e-12));
    return sorted.get(rank - 1);
  }

  @Test
  void summaryAgreesWithTheParquetRows() throws IOException {
    SparkSession spark = SparkSessions.shared();
    List<Row> raw = spark.read().parquet(spec.resultsDirectory().resolve("trials").toString())
        .selectExpr("concat_ws('|', task, cast(hidden[0] as string), cast(lambda as string),"
            + " cast(learning_rate as string), cast(epsilon as string)) AS configuration", "solved", "diverged",
            "outcome", "CASE WHEN task = 'xor' THEN pruned_test_accuracy ELSE pruned_test_r2 END", "pruned_corners")
        .collectAsList();
    Map<String, long[]> expected = new HashMap<>();
    Map<String, List<Double>> metrics = new HashMap<>();
    for (Row row : raw) {
      long[] counts = expected.computeIfAbsent(row.getString(0), key -> new long[10]);
      counts[0]++;
      counts[1] += row.getBoolean(1) ? 1 : 0;
      counts[2] += row.getBoolean(2) ? 1 : 0;
      counts[3] += row.getString(3).equals("stuck") ? 1 : 0;
      counts[4] += row.getString(3).equals("improving") ? 1 : 0;
      if (!row.isNullAt(5)) {
        counts[5 + row.getInt(5)]++;
      }
      if (!row.getBoolean(2)) {
        metrics.computeIfAbsent(row.getString(0), key -> new ArrayList<>()).add(row.getDouble(4));
      }
    }
    List<CSVRecord> records;
    try (Reader reader = Files.newBufferedReader(report.resolve("summary.csv"))) {
      records = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(reader).getRecords();
    }
    assertEquals(2 * 2 * 2 * 2 * 2, records.size(), "one row per configuration and ε");
    long divergedTotal = 0;
    long stuckTotal = 0;
    for (CSVRecord record : records) {
      String key = record.get("task") + "|" + record.get("hidden").replaceAll("[\\[\\]]", "") + "|"
          + record.get("lambda") + "|"
          + record.get("learning_rate") + "|" + record.get("epsilon");
      long[] counts = expected.get(key);
      assertTrue(counts != null, "no Parquet rows for " + key + " in " + expected.keySet());
      assertEquals(counts[0], Long.parseLong(record.get("trials")), key);
      assertEquals(counts[1], Long.parseLong(record.get("solved")), key);
      assertEquals(counts[2], Long.parseLong(record.get("diverged")), key);
      assertEquals(counts[3], Long.parseLong(record.get("stuck")), key);
      assertEquals(counts[4], Long.parseLong(record.get("improving")), key);
      assertEquals(counts[0], counts[1] + counts[2] + counts[3] + counts[4], "every trial in one class: " + key);
      for (int k = 0; k <= 4; k++) {
        String corners = record.get("corners_" + k);
        if (record.get("task").equals("xor")) {
          // Empty where every seed diverged: no network to ask.
          assertEquals(counts[5 + k], corners.isEmpty() ? 0 : Long.parseLong(corners), key + " corners " + k);
        } else {
          assertEquals("", corners, "addition has no corners");
        }
      }
      assertEquals((double) counts[3] / counts[0], Double.parseDouble(record.get("stuck_rate")), 1e-12, key);
      Statistics.Interval stuck = Statistics.wilson(counts[3], counts[0]);
      assertEquals(stuck.low(), Double.parseDouble(record.get("stuck_low")), 1e-12, key);
      assertEquals(stuck.high(), Double.parseDouble(record.get("stuck_high")), 1e-12, key);
      List<Double> kept = metrics.get(key);
      if (kept == null) {
        assertTrue(Double.isNaN(Double.parseDouble(record.get("metric_median"))), key);
      } else {
        // The bars' end points: the first and third quartiles as values of seeds, not median ± half the IQR.
        assertEquals(quantile(kept, 0.25), Double.parseDouble(record.get("metric_q1")), 0.0, key);
        assertEquals(quantile(kept, 0.5), Double.parseDouble(record.get("metric_median")), 0.0, key);
        assertEquals(quantile(kept, 0.75), Double.parseDouble(record.get("metric_q3")), 0.0, key);
        assertEquals(java.util.Collections.min(kept), Double.parseDouble(record.get("metric_min")), 0.0, key);
        assertEquals(java.util.Collections.max(kept), Double.parseDouble(record.get("metric_max")), 0.0, key);
        // Sparsity's spread is the active edges' turned over: the same seeds' medians.
        double edges = Double.parseDouble(record.get("edges"));
        assertEquals(1 - Double.parseDouble(record.get("active_edges_median")) / edges,
            Double.parseDouble(record.get("sparsity_median")), 1e-12, key);
        assertEquals(1 - Double.parseDouble(record.get("active_edges_q3")) / edges,
            Double.parseDouble(record.get("sparsity_q1")), 1e-12, key);
      }
      divergedTotal += counts[2];
      stuckTotal += counts[3];
    }
    assertTrue(divergedTotal > 0, "the learning rate of 1000 diverges: the table must show it");
    assertTrue(stuckTotal > 0, "some trainings are stuck: the table must show them");
    for (String task : List.of("xor", "addition")) {
      assertTrue(records.stream().anyMatch(r -> r.get("task").equals(task) && r.get("pareto_front").equals("true")),
          "a Pareto front for " + task);
    }
    String markdown = Files.readString(report.resolve("summary.md"));
    assertEquals(32, markdown.lines().filter(line -> line.startsWith("| xor") || line.startsWith("| addition"))
        .count(), "one Markdown row per configuration and ε");
  }

  @Test
  void valuesFromTheResultsAreEscaped() throws IOException {
    Path results = directory.resolve("hostile/results");
    copy(spec.resultsDirectory(), results);
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode manifest = (ObjectNode) mapper.readTree(results.resolve("manifest.json").toFile());
    manifest.put("sweep", "<script>alert('x')</script>");
    manifest.put("gitCommit", "\"><img src=x onerror=alert(1)>");
    mapper.writeValue(results.resolve("manifest.json").toFile(), manifest);
    Path out = directory.resolve("hostile/report");
    Report.write(SparkSessions.shared(), results.toString(), out);
    String html = Files.readString(out.resolve("index.html"));
    assertFalse(html.contains("<script>alert"), "the name is not markup");
    assertTrue(html.contains("&lt;script&gt;alert("), "the name appears as text");
    assertFalse(html.contains("<img src=x"), "no injected element");
    String markdown = Files.readString(out.resolve("summary.md"));
    assertFalse(markdown.contains("<script>"), markdown.lines().findFirst().orElse(""));
  }

  /**
   * Row values are data, not names: a task of ../../../escaped must not place a chart outside the report, and
   * markup, quotes, pipes and line breaks in the string columns must reach every output as text.
   */
  @Test
  void unusualStringsInTheRowsStayInsideTheReportAndAreEscaped() throws IOException {
    Map<String, String> tasks = Map.of("xor", "../../../escaped",
        "addition", "<script>alert(\"t\")</script>\n'q' | /");
    String activation = "<script>alert('a')</script>";
    String optimizer = "sgd\"><img src=x onerror=alert(1)>";
    String l1 = "sub\r\ngradient | ../\\";
    Path root = directory.resolve("unusual");
    Path results = root.resolve("results");
    Files.createDirectories(results);
    Files.copy(spec.resultsDirectory().resolve("manifest.json"), results.resolve("manifest.json"));
    Files.copy(spec.resultsDirectory().resolve("sweep.conf"), results.resolve("sweep.conf"));
    SparkSession spark = SparkSessions.shared();
    // Chunk by chunk, so that every chunk still holds exactly its own trainings.
    try (java.util.stream.Stream<Path> chunks = Files.list(spec.resultsDirectory().resolve("trials"))) {
      for (Path chunk : chunks.toList()) {
        spark.read().parquet(chunk.toString())
            .withColumn("task", functions.when(functions.col("task").equalTo("xor"), tasks.get("xor"))
                .otherwise(tasks.get("addition")))
            .withColumn("activation", functions.lit(activation))
            .withColumn("optimizer", functions.lit(optimizer))
            .withColumn("l1", functions.lit(l1))
            .coalesce(1).write().parquet(results.resolve("trials").resolve(chunk.getFileName()).toString());
      }
    }
    // Deep enough that a name climbing out of charts/ still lands inside root, where the walk below sees it.
    Path out = root.resolve("a/b/c/report");
    Set<Path> before = walk(root);

    Throwable failure = null;
    try {
      Report.write(spark, results.toString(), out);
    } catch (IOException | RuntimeException e) {
      failure = e;
    }
    List<Path> outside = walk(root).stream().filter(path -> !before.contains(path))
        .filter(path -> !path.startsWith(out) && !out.startsWith(path)).sorted().toList();
    assertEquals(List.of(), outside, "files written outside the report");
    if (failure != null) {
      throw new AssertionError("unusual strings in the rows fail the report", failure);
    }

    String html = Files.readString(out.resolve("index.html"));
    assertEquals(3, html.split("<script", -1).length - 1, "the data, d3 and the page's script: nothing injected");
    assertFalse(html.contains("<img src=x"), "no injected element");
    assertTrue(html.contains("&lt;script&gt;alert("), "the values appear as text in the headline");
    String json = dataOf(html);
    assertFalse(json.contains("<") || json.contains(">") || json.contains("&"), "the inlined JSON escapes markup");
    JsonNode data = new ObjectMapper().readTree(json);
    Set<String> labels = new java.util.HashSet<>();
    data.path("configurations").forEach(c -> labels.add(c.path("values").path("activation").asText()));
    assertEquals(Set.of(activation), labels, "the strings read back as they were written");
    try (var files = Files.list(out)) {
      assertEquals(Set.of(".structsweep-report", "index.html", "summary.csv", "summary.md"),
          files.map(path -> path.getFileName().toString()).collect(java.util.stream.Collectors.toSet()),
          "the report's own files, named by the report");
    }

    List<CSVRecord> records;
    try (Reader reader = Files.newBufferedReader(out.resolve("summary.csv"))) {
      records = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(reader).getRecords();
    }
    assertEquals(32, records.size(), "one row per configuration and ε, as before the renaming");
    for (CSVRecord record : records) {
      assertEquals(SummaryTables.COLUMNS.length, record.size());
      assertTrue(tasks.containsValue(record.get("task")), record.get("task"));
      assertEquals(activation, record.get("activation"));
      assertEquals(optimizer, record.get("optimizer"));
      assertEquals(l1, record.get("l1"));
    }

    String markdown = Files.readString(out.resolve("summary.md"));
    assertFalse(markdown.contains("<script"), "no markup in the Markdown");
    List<String> tableLines = markdown.lines().filter(line -> line.startsWith("|")).toList();
    assertEquals(2 + 32, tableLines.size(), "header, rule and one line per row: no value broke a line");
    for (String line : tableLines) {
      assertTrue(line.endsWith("|"), line);
      assertEquals(11, unescapedPipes(line), "ten cells: " + line);
    }
  }

  /** The JSON inlined in the page. */
  static String dataOf(String html) {
    String open = "<script type=\"application/json\" id=\"report-data\">";
    int start = html.indexOf(open) + open.length();
    return html.substring(start, html.indexOf("</script>", start));
  }

  private static Set<Path> walk(Path root) throws IOException {
    try (var paths = Files.walk(root)) {
      return paths.collect(java.util.stream.Collectors.toSet());
    }
  }

  /** The pipes that delimit Markdown cells: those not escaped by a backslash. */
  private static int unescapedPipes(String line) {
    int pipes = 0;
    for (int i = 0; i < line.length(); i++) {
      if (line.charAt(i) == '\\') {
        i++;
      } else if (line.charAt(i) == '|') {
        pipes++;
      }
    }
    return pipes;
  }

  @Test
  void pageWorksInARealBrowserAtDesktopAndPhoneWidths() throws IOException {
    for (int width : new int[] {1280, 390}) {
      Browser.withChromium(directory, width == 1280 ? 0 : width, browser -> {
        browser.get(report.resolve("index.html").toUri().toString());
        JavascriptExecutor js = (JavascriptExecutor) browser;
        Browser.awaitReady(browser);
        String html = (String) js.executeScript("return document.documentElement.outerHTML");
        assertFalse(html.contains("{{"), "no template value left unfilled");
        String text = (String) js.executeScript("return document.body.textContent");
        assertTrue(text.contains("pruned test accuracy ≥ 0.99") && text.contains("pruned test R² ≥ 0.99"),
            "the solved thresholds are printed");
        assertTrue(text.contains("at most 1\u00a0% over the last 10\u00a0% of the epochs"),
            "the stuck tolerance is printed");
        @SuppressWarnings("unchecked")
        List<Object> charts = (List<Object>) js.executeScript("return Array.from(document.querySelectorAll("
            + "'figure.chart')).map(f => [f.dataset.chart, f.dataset.drawn === 'true', f.querySelectorAll("
            + "'svg path, svg circle, svg rect, svg line').length])");
        assertTrue(charts.size() >= 8, "charts on the page: " + charts);
        for (Object chart : charts) {
          List<?> c = (List<?>) chart;
          assertEquals(true, c.get(1), "drawn: " + c);
          assertTrue(((Number) c.get(2)).longValue() > 0, "has marks: " + c);
        }
        java.util.Set<Object> kinds = charts.stream().map(c -> ((List<?>) c).get(0)).collect(
            java.util.stream.Collectors.toSet());
        assertTrue(kinds.containsAll(List.of("tradeoff", "outcomes", "stuck-vs-lambda", "ecdf", "dynamics", "network",
            "parallel")), "every kind of chart: " + kinds);
        assertTrue(ChartChecks.texts(js) > 50, "the charts have text to check");
        assertEquals(List.of(), ChartChecks.problems(js), "tick labels alike, text over text, or log ticks not 1e−N");
        @SuppressWarnings("unchecked")
        List<String> logTicks = (List<String>) js.executeScript("return Array.from(document.querySelectorAll("
            + "'[data-chart=dynamics] g.axis.log .tick text')).map(t => t.textContent)");
        assertTrue(logTicks.size() >= 2 && logTicks.stream().allMatch(t -> t.matches("1e−\\d+|1|10|1e\\d+")),
            "the loss axes label powers of ten: " + logTicks);
        // The checks can fail: a repeated tick label and a label over another are caught.
        js.executeScript("const axis = document.querySelector('figure.chart svg g.axis');"
            + "const tick = axis.querySelector('.tick'); axis.appendChild(tick.cloneNode(true));"
            + "const t = document.querySelector('figure.chart svg text.axis-title');"
            + "t.parentNode.appendChild(t.cloneNode(true)).setAttribute('dx', '3');");
        List<String> planted = ChartChecks.problems(js);
        assertTrue(planted.stream().anyMatch(p -> p.contains("repeats")) && planted.stream().anyMatch(p -> p.contains(
            "overlaps")), "the checks find a planted repeat and overlap: " + planted);
        Long overflow = (Long) js.executeScript(
            "return document.documentElement.scrollWidth - window.innerWidth");
        assertEquals(width, ((Number) js.executeScript("return window.innerWidth")).intValue(), "the viewport");
        assertTrue(overflow <= 0, "no sideways scroll at " + width + " px: " + overflow + " px too wide");

        long rows = (Long) js.executeScript("return document.querySelectorAll('#configurations tbody tr').length");
        assertEquals(32, rows, "every configuration on the table's first page");
        @SuppressWarnings("unchecked")
        List<String> headers = (List<String>) js.executeScript("return Array.from(document.querySelectorAll("
            + "'#configurations thead th')).slice(0, 6).map(th => th.textContent.trim())");
        assertEquals(List.of("configuration", "solved", "stuck (95 % interval)", "still improving", "diverged", "trials"),
            headers, "the configuration, then its outcomes");
        @SuppressWarnings("unchecked")
        List<Number> box = (List<Number>) js.executeScript("const box = document.querySelector('.table-scroll');"
            + " box.scrollLeft = 150; const cell = document.querySelector('#configurations tbody td');"
            + " return [box.scrollHeight - box.clientHeight, box.scrollLeft,"
            + " cell.getBoundingClientRect().left - box.getBoundingClientRect().left]");
        assertTrue(box.get(0).doubleValue() <= 1, "the table scrolls down with the page, in no box of its own: " + box);
        if (width == 390) {
          assertTrue(box.get(1).doubleValue() > 0, "the table scrolls sideways in its box at 390 px: " + box);
        }
        assertTrue(Math.abs(box.get(2).doubleValue()) <= 2, "the configuration stays at the left edge: " + box);
        js.executeScript("document.querySelector('.table-scroll').scrollLeft = 0");
        org.openqa.selenium.WebElement filter = browser.findElement(By.id("table-filter"));
        filter.sendKeys("addition");
        long filtered = (Long) js.executeScript("return document.querySelectorAll('#configurations tbody tr').length");
        assertTrue(filtered > 0 && filtered < rows, "the filter narrows the table: " + filtered);
        filter.clear();
        filter.sendKeys(org.openqa.selenium.Keys.BACK_SPACE);
        org.openqa.selenium.WebElement first = browser.findElement(By.cssSelector("#configurations tbody tr"));
        js.executeScript("arguments[0].scrollIntoView()", first);
        js.executeScript("arguments[0].click()", first);
        new WebDriverWait(browser, Duration.ofSeconds(5)).until(driver -> !driver.findElements(
            By.cssSelector("#seeds #seed-table tbody tr")).isEmpty());
        assertEquals(6, browser.findElements(By.cssSelector("#seeds #seed-table tbody tr")).size(),
            "a click on a configuration shows its six seeds");
        List<LogEntry> problems = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
            .filter(entry -> entry.getLevel().intValue() >= Level.WARNING.intValue()).toList();
        assertEquals(List.of(), problems.stream().map(LogEntry::getMessage).toList(), "console errors or warnings");
        Path screenshot = Path.of("target", "report-" + width + ".png");
        Files.createDirectories(screenshot.getParent());
        Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), screenshot,
            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      });
    }
  }

  /** Each surviving network is drawn from its configuration's median solved seed, as its caption says. */
  @Test
  void networksAreDrawnFromTheMedianSolvedSeed() throws IOException {
    JsonNode data = new ObjectMapper().readTree(dataOf(Files.readString(report.resolve("index.html"))));
    Map<Integer, JsonNode> configurations = new HashMap<>();
    data.path("configurations").forEach(c -> configurations.put(c.path("id").asInt(), c));
    assertTrue(data.path("networks").size() > 0, "network drawings in the page");
    for (JsonNode network : data.path("networks")) {
      JsonNode c = configurations.get(network.path("configuration").asInt());
      double median = c.path("activeEdges").path("median").asDouble();
      double nearest = Double.MAX_VALUE;
      long expected = -1;
      int solved = 0;
      for (JsonNode seed : data.path("seeds").path(c.path("id").asText())) {
        if (!"solved".equals(seed.get(4).asText())) {
          continue;
        }
        solved++;
        double distance = Math.abs(seed.get(2).asDouble() - median);
        if (distance < nearest || (distance == nearest && seed.get(0).asLong() < expected)) {
          nearest = distance;
          expected = seed.get(0).asLong();
        }
      }
      assertTrue(solved > 0, "solved seeds of " + c.path("label"));
      assertEquals(expected, network.path("seed").asLong(), "the median solved seed of " + c.path("label"));
    }
  }

  @Test
  void trainingCurvesAreSplitByOutcomeClassAndCountEverySeed() throws IOException {
    JsonNode data = new ObjectMapper().readTree(dataOf(Files.readString(report.resolve("index.html"))));
    JsonNode dynamics = data.path("dynamics");
    assertTrue(dynamics.size() > 0, "training curves in the page");
    Map<Integer, JsonNode> configurations = new HashMap<>();
    data.path("configurations").forEach(c -> configurations.put(c.path("id").asInt(), c));
    for (JsonNode curve : dynamics) {
      JsonNode c = configurations.get(curve.path("configuration").asInt());
      Map<String, Integer> seeds = new HashMap<>();
      curve.path("classes").forEach(k -> seeds.put(k.path("outcome").asText(), k.path("seeds").asInt()));
      assertTrue(List.of("solved", "stuck", "other").containsAll(seeds.keySet()), "the classes: " + seeds.keySet());
      JsonNode outcomes = c.path("outcomes");
      assertEquals(outcomes.path("solved").asInt(), seeds.getOrDefault("solved", 0), "solved seeds of " + c.path("label"));
      assertEquals(outcomes.path("stuck").asInt(), seeds.getOrDefault("stuck", 0), "stuck seeds of " + c.path("label"));
      assertEquals(c.path("trials").asInt(), seeds.values().stream().mapToInt(Integer::intValue).sum(),
          "every seed in one class");
      int epochs = curve.path("epochs").size();
      curve.path("classes").forEach(k -> assertEquals(epochs, k.path("loss").path("median").size(),
          "a median per epoch"));
    }
  }

  private static final String OUTCOME_ROWS = "return document.querySelectorAll('[data-chart=outcomes] .outcome-row')"
      + ".length";
  private static final String TABLE_ROWS = "return document.querySelectorAll('#configurations tbody tr').length";


  private static long number(JavascriptExecutor js, String script) {
    return ((Number) js.executeScript(script)).longValue();
  }

  /** Chooses value in a filter's select as a person does: the select changes and says so. */
  private static void choose(JavascriptExecutor js, String axis, String value) {
    js.executeScript("const s = document.querySelector('#filters select[data-axis=' + arguments[0] + ']');"
        + " s.value = arguments[1]; s.dispatchEvent(new Event('change'));", axis, value);
  }

  @Test
  void filtersBrushesAndTheUrlDriveEveryChartAndTheTable() throws IOException {
    Browser.withChromium(directory, 0, browser -> {
      String page = report.resolve("index.html").toUri().toString();
      browser.get(page);
      Browser.awaitReady(browser);
      JavascriptExecutor js = (JavascriptExecutor) browser;
      // 16 configurations at the charts' ε; the headline's ε, which the data carries, is where the charts open.
      double headlineEpsilon = ((Number) js.executeScript("return JSON.parse(document.getElementById("
          + "'report-data').textContent).defaultEpsilon")).doubleValue();
      String status = (String) js.executeScript("return document.querySelector('#filters .status').textContent");
      assertTrue(status.contains("charts show ε = "
          + java.math.BigDecimal.valueOf(headlineEpsilon).stripTrailingZeros().toPlainString() + "."), status);
      assertEquals(16, number(js, OUTCOME_ROWS), "every configuration at one ε in the outcome charts");

      choose(js, "lambda", "0.05");
      assertEquals(8, number(js, OUTCOME_ROWS), "a filter narrows the charts");
      assertEquals(16, number(js, TABLE_ROWS), "and the table, at every ε");
      choose(js, "epsilon", "0.1");
      assertEquals(8, number(js, TABLE_ROWS), "one ε in the table");
      status = (String) js.executeScript("return document.querySelector('#filters .status').textContent");
      assertTrue(status.contains("Charts and table at ε = 0.1"), status);

      // Drag the lower half of the learning-rate axis: η 0.5 (drawn below η 1000) alone.
      org.openqa.selenium.WebElement overlay = browser.findElement(
          By.cssSelector(".pc-brush[data-axis=learning_rate] .overlay"));
      js.executeScript("arguments[0].scrollIntoView({block: 'center'})", overlay);
      int half = overlay.getRect().getHeight() / 2;
      new org.openqa.selenium.interactions.Actions(browser).moveToElement(overlay, 0, 0).clickAndHold()
          .moveByOffset(0, half - 3).release().perform();
      new WebDriverWait(browser, Duration.ofSeconds(5)).withMessage("the brush narrows the table to η 0.5's 4 rows")
          .until(driver -> number(js, TABLE_ROWS) == 4);
      assertEquals(4, number(js, OUTCOME_ROWS), "the brush narrows the charts with the table");
      assertTrue((Boolean) js.executeScript("return Array.from(document.querySelectorAll('#configurations tbody tr'))"
          + ".every(tr => tr.textContent.includes('η=0.5'))"), "the rows left are η 0.5's");
      assertTrue(number(js, "return document.querySelectorAll('#filters .clear-brushes:not([hidden])').length") == 1,
          "a button clears the brush");

      // room below the seeds, as a configuration with hundreds of them has: the page can scroll them to the top
      js.executeScript("document.body.appendChild(Object.assign(document.createElement('div'), {id: 'room'}))"
          + ".style.height = '3000px'");
      org.openqa.selenium.WebElement row = browser.findElement(By.cssSelector("#configurations tbody tr"));
      String id = row.getAttribute("data-configuration");
      js.executeScript("arguments[0].click()", row);
      new WebDriverWait(browser, Duration.ofSeconds(5)).until(driver -> !driver.findElements(
          By.cssSelector("#seeds #seed-table tbody tr")).isEmpty());
      @SuppressWarnings("unchecked")
      List<Number> edges = (List<Number>) js.executeScript("return [document.querySelector('#seeds h2')"
          + ".getBoundingClientRect().top, document.getElementById('filters').getBoundingClientRect().bottom,"
          + " getComputedStyle(document.getElementById('filters')).position === 'sticky' ? 1 : 0,"
          + " document.querySelector('#seeds').getBoundingClientRect().top]");
      js.executeScript("document.getElementById('room').remove()");
      assertEquals(1, edges.get(2).intValue(), "the filter bar is sticky at 1280 × 1400");
      assertTrue(edges.get(3).doubleValue() > 10, "scrolled to the seeds as far as the bar allows: " + edges);
      assertTrue(edges.get(0).doubleValue() >= edges.get(1).doubleValue() - 1,
          "the seeds' heading is below the sticky filter bar, not under it: " + edges);

      String url = browser.getCurrentUrl();
      String fragment = url.substring(url.indexOf('#') + 1);
      assertTrue(fragment.contains("f.lambda=0.05") && fragment.contains("f.epsilon=0.1")
          && fragment.contains("b.learning_rate=") && fragment.contains("sel=" + id), fragment);

      // The download button saves what the page builds: intercept the Blob and the link it clicks.
      @SuppressWarnings("unchecked")
      Map<String, Object> csv = (Map<String, Object>) js.executeScript("return window.structsweepCsv()");
      String configurations = (String) csv.get("configurations");
      List<String> lines = configurations.lines().toList();
      assertTrue(lines.get(0).startsWith("configuration,label,task,architecture,"), lines.get(0));
      assertEquals(1 + 4, lines.size(), "a header and the four rows the filters and the brush keep");
      assertTrue(lines.stream().skip(1).allMatch(line -> line.contains(",0.05,") && line.contains(",0.1,")),
          "λ 0.05 at ε 0.1 only: " + lines);
      assertEquals(1 + 6, ((String) csv.get("seeds")).lines().count(), "a header and the selected one's six seeds");
      @SuppressWarnings("unchecked")
      List<Object> saved = (List<Object>) ((JavascriptExecutor) browser).executeAsyncScript(
          "const done = arguments[arguments.length - 1];"
          + " const create = URL.createObjectURL; const click = HTMLAnchorElement.prototype.click; let name = null;"
          + " HTMLAnchorElement.prototype.click = function () { name = this.download; };"
          + " URL.createObjectURL = blob => { blob.text().then(text => done([name, text, blob.type])); return 'blob:x'; };"
          + " document.getElementById('download-csv').click();"
          + " HTMLAnchorElement.prototype.click = click; URL.createObjectURL = create;");
      assertTrue(((String) saved.get(0)).endsWith("-configurations.csv"), "file name: " + saved.get(0));
      assertEquals(configurations, saved.get(1), "the button saves the page's CSV");
      assertTrue(((String) saved.get(2)).startsWith("text/csv"), "type: " + saved.get(2));

      // A fresh page at the link restores the view.
      browser.get("about:blank");
      browser.get(url);
      Browser.awaitReady(browser);
      assertEquals("0.05", js.executeScript("return document.querySelector('#filters select[data-axis=lambda]').value"));
      assertEquals("0.1", js.executeScript("return document.querySelector('#filters select[data-axis=epsilon]').value"));
      assertEquals(4, number(js, TABLE_ROWS), "the brush restored narrows the table");
      assertEquals(4, number(js, OUTCOME_ROWS), "and the charts");
      assertTrue(number(js, "return +document.querySelector('.pc-brush[data-axis=learning_rate] .selection')"
          + ".getAttribute('height')") > 0, "the brush is drawn where it was");
      assertEquals(id, js.executeScript("return document.querySelector('#configurations tbody tr.selected')"
          + ".dataset.configuration"), "the selected configuration");
      assertEquals(6, number(js, "return document.querySelectorAll('#seed-table tbody tr').length"), "its seeds");

      // A fragment edited by hand in the open page takes effect too.
      js.executeScript("location.hash = 'f.lambda=0'");
      new WebDriverWait(browser, Duration.ofSeconds(5)).withMessage("the edited fragment sets λ 0 alone")
          .until(driver -> number(js, TABLE_ROWS) == 16);
      assertEquals("0", js.executeScript("return document.querySelector('#filters select[data-axis=lambda]').value"));
      assertEquals(0, number(js, "return document.querySelectorAll('#seed-table').length"), "and nothing selected");

      // A fragment that makes no sense is ignored, without an error.
      browser.get("about:blank");
      browser.get(page + "#f.lambda=%ZZ&f.nosuch=1&b.stuck-rate=%5Boops&b.task=%5B1%5D&sel=99999&sort=x&q");
      Browser.awaitReady(browser);
      assertEquals(32, number(js, TABLE_ROWS), "every row, as without a fragment");
      assertEquals(0, number(js, "return document.querySelectorAll('.error, #seed-table').length"));
      List<LogEntry> problems = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
          .filter(entry -> entry.getLevel().intValue() >= Level.WARNING.intValue()).toList();
      assertEquals(List.of(), problems.stream().map(LogEntry::getMessage).toList(), "console errors or warnings");
    });
  }

  @Test
  void onATouchScreenATapShowsTheTooltipAndASecondTapSelects() throws IOException {
    Browser.withChromium(directory, 390, browser -> {
      browser.get(report.resolve("index.html").toUri().toString());
      Browser.awaitReady(browser);
      JavascriptExecutor js = (JavascriptExecutor) browser;
      js.executeScript("document.querySelector('[data-chart=tradeoff] .point').scrollIntoView({block: 'center'})");
      // let the scroll's own event pass (a scroll closes a pinned tooltip) before the taps
      ((JavascriptExecutor) browser).executeAsyncScript("const done = arguments[arguments.length - 1];"
          + " requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(done, 50)));");
      String tap = "const c = document.querySelector('[data-chart=tradeoff] .point');"
          + " const r = c.getBoundingClientRect();"
          + " const at = {bubbles: true, clientX: r.x + r.width / 2, clientY: r.y + r.height / 2, pointerType: 'touch'};"
          + " c.dispatchEvent(new PointerEvent('pointerdown', at)); c.dispatchEvent(new PointerEvent('pointerup', at));"
          + " c.dispatchEvent(new MouseEvent('click', at));"
          + " const tip = document.querySelector('.tooltip');"
          + " return [scrollY, tip.hidden ? 0 : 1, tip.querySelectorAll('button').length,"
          + " document.querySelectorAll('#seed-table').length]";
      long before = number(js, "return scrollY");
      @SuppressWarnings("unchecked")
      List<Number> first = (List<Number>) js.executeScript(tap);
      assertEquals(List.of(before, 1L, 1L, 0L), first.stream().map(Number::longValue).toList(),
          "the first tap shows the tooltip with a link, and stays (scroll, tooltip, link, seeds)");
      Path screenshot = Path.of("target", "report-390-tap.png");
      Files.createDirectories(screenshot.getParent());
      Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), screenshot,
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      @SuppressWarnings("unchecked")
      List<Number> second = (List<Number>) js.executeScript(tap);
      assertEquals(0L, second.get(1).longValue(), "the second tap closes the tooltip");
      assertEquals(1L, second.get(3).longValue(), "and shows the seeds");
      assertTrue(second.get(0).longValue() > before, "scrolled to them");
      Long overflow = (Long) js.executeScript("return document.documentElement.scrollWidth - window.innerWidth");
      assertTrue(overflow <= 0, "no sideways scroll at 390 px: " + overflow);
      List<LogEntry> problems = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
          .filter(entry -> entry.getLevel().intValue() >= Level.WARNING.intValue()).toList();
      assertEquals(List.of(), problems.stream().map(LogEntry::getMessage).toList(), "console errors or warnings");
    });
  }

  /**
   * Results resumed across the version that added init-scale: chunk 0 written with its column, the others as the
   * build before wrote them, without it. The report reads them as one sweep at init-scale 1, as it reads the whole.
   */
  @Test
  void chunksWrittenBeforeASettingExistedReportWithTheOthers() throws IOException {
    Path results = olderChunks("mixed", "init_scale");
    Path out = directory.resolve("mixed-report");
    Report.write(SparkSessions.shared(), results.toString(), out);
    assertEquals(Files.readString(report.resolve("summary.csv")), Files.readString(out.resolve("summary.csv")));
  }

  /**
   * Chunks written before the outcome classes existed: their trainings are neither stuck nor improving but
   * unclassified, and everything else reads as before.
   */
  @Test
  void chunksWrittenBeforeTheOutcomeClassesCountAsUnclassified() throws IOException {
    Path results = olderChunks("unclassified", "outcome", "pruned_corners", "loss_tail_change", "stuck_tolerance");
    Path out = directory.resolve("unclassified-report");
    Report.write(SparkSessions.shared(), results.toString(), out);
    List<CSVRecord> now;
    List<CSVRecord> before;
    try (Reader a = Files.newBufferedReader(out.resolve("summary.csv"));
        Reader b = Files.newBufferedReader(report.resolve("summary.csv"))) {
      now = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(a).getRecords();
      before = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(b).getRecords();
    }
    assertEquals(before.size(), now.size());
    long unclassified = 0;
    for (int i = 0; i < now.size(); i++) {
      for (String column : List.of("trials", "solved", "diverged", "metric_median", "sparsity_q1")) {
        assertEquals(before.get(i).get(column), now.get(i).get(column), column);
      }
      long classes = Long.parseLong(now.get(i).get("stuck")) + Long.parseLong(now.get(i).get("improving"))
          + Long.parseLong(now.get(i).get("unclassified"));
      assertEquals(Long.parseLong(before.get(i).get("stuck")) + Long.parseLong(before.get(i).get("improving")), classes,
          "the unsolved, not diverged trainings are stuck, improving or unclassified");
      unclassified += Long.parseLong(now.get(i).get("unclassified"));
    }
    assertTrue(unclassified > 0, "the older chunks' trainings are unclassified");
  }

  /** A copy of the results whose chunks after the first are rewritten without the given columns. */
  private static Path olderChunks(String name, String... dropped) throws IOException {
    Path results = directory.resolve(name).resolve(spec.name());
    copy(spec.resultsDirectory(), results);
    SparkSession spark = SparkSessions.shared();
    for (int chunk = 1; chunk < spec.chunks(); chunk++) {
      Path written = results.resolve("trials").resolve(String.format("chunk=%06d", chunk));
      Path older = directory.resolve(name + "-older-" + chunk);
      spark.read().parquet(written.toString()).drop(dropped).write().parquet(older.toString());
      try (var parts = Files.list(written)) {
        for (Path part : parts.filter(ReportTest::isPart).toList()) {
          Files.delete(part);
        }
      }
      try (var parts = Files.list(older)) {
        for (Path part : parts.filter(ReportTest::isPart).toList()) {
          Files.move(part, written.resolve(part.getFileName()));
        }
      }
    }
    assertFalse(List.of(spark.read().parquet(results.resolve("trials/chunk=000001").toString()).columns())
        .contains(dropped[0]), "chunk 1 as the build before wrote it");
    return results;
  }

  private static boolean isPart(Path file) {
    String name = file.getFileName().toString();
    return name.startsWith("part-") || name.startsWith(".part-");
  }

  private static void copy(Path from, Path to) throws IOException {
    try (var walk = Files.walk(from)) {
      for (Path source : walk.toList()) {
        Path target = to.resolve(from.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.copy(source, target);
        }
      }
    }
  }
}
