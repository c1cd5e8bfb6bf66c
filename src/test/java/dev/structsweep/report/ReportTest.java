package dev.structsweep.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.structsweep.sweep.SweepFiles;
import dev.structsweep.sweep.SweepJob;
import dev.structsweep.sweep.SweepSpec;
import dev.structsweep.testing.SparkSessions;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
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
        + " learning-rate = [0.5, 1000], optimizer = sgd, epochs = 60, epsilon = [0.01, 0.1],"
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
  void sparkPercentileInterpolatesBetweenOrderStatistics() {
    Row quartiles = SparkSessions.shared().sql("SELECT percentile(x, array(0.25, 0.5, 0.75)),"
        + " percentile(y, array(0.25, 0.5, 0.75)) FROM VALUES (1.0, 7.0), (2.0, NULL), (3.0, 5.0), (4.0, 9.0)"
        + " AS t(x, y)").first();
    assertEquals(List.of(1.75, 2.5, 3.25), quartiles.getList(0));
    assertEquals(List.of(6.0, 7.0, 8.0), quartiles.getList(1), "nulls (diverged trials) are left out");
  }

  @Test
  void reportHoldsEveryFile() {
    // Tasks are numbered in the order the report shows them: addition, then xor.
    for (String name : List.of("index.html", "summary.csv", "summary.md", ".structsweep-report",
        "charts/xor-2-tradeoff.png", "charts/xor-2-local-minima-eps-0.01.png",
        "charts/xor-2-local-minima-eps-0.1.png", "charts/xor-2-active-edges.png", "charts/addition-1-tradeoff.png",
        "charts/addition-1-active-edges.png", "charts/dynamics-1-loss.png", "charts/dynamics-1-edges.png",
        "charts/dynamics-2-loss.png")) {
      assertTrue(Files.isRegularFile(report.resolve(name)), name);
    }
    try (var files = Files.list(directory.resolve("reports"))) {
      assertEquals(List.of(report), files.toList(), "no staging directory left behind");
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void summaryAgreesWithTheParquetRows() throws IOException {
    SparkSession spark = SparkSessions.shared();
    List<Row> raw = spark.read().parquet(spec.resultsDirectory().resolve("trials").toString())
        .selectExpr("concat_ws('|', task, cast(hidden[0] as string), cast(lambda as string),"
            + " cast(learning_rate as string), cast(epsilon as string)) AS configuration", "solved", "diverged")
        .collectAsList();
    Map<String, long[]> expected = new HashMap<>();
    for (Row row : raw) {
      long[] counts = expected.computeIfAbsent(row.getString(0), key -> new long[3]);
      counts[0]++;
      counts[1] += row.getBoolean(1) ? 1 : 0;
      counts[2] += row.getBoolean(2) ? 1 : 0;
    }
    List<CSVRecord> records;
    try (Reader reader = Files.newBufferedReader(report.resolve("summary.csv"))) {
      records = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(reader).getRecords();
    }
    assertEquals(2 * 2 * 2 * 2 * 2, records.size(), "one row per configuration and ε");
    long divergedTotal = 0;
    for (CSVRecord record : records) {
      String key = record.get("task") + "|" + record.get("hidden").replaceAll("[\\[\\]]", "") + "|"
          + record.get("lambda") + "|"
          + record.get("learning_rate") + "|" + record.get("epsilon");
      long[] counts = expected.get(key);
      assertTrue(counts != null, "no Parquet rows for " + key + " in " + expected.keySet());
      assertEquals(counts[0], Long.parseLong(record.get("trials")), key);
      assertEquals(counts[1], Long.parseLong(record.get("solved")), key);
      assertEquals(counts[2], Long.parseLong(record.get("diverged")), key);
      long notDiverged = counts[0] - counts[2];
      double rate = Double.parseDouble(record.get("local_minimum_rate"));
      if (notDiverged > 0) {
        assertEquals((double) (notDiverged - counts[1]) / notDiverged, rate, 1e-12, key);
      } else {
        assertTrue(Double.isNaN(rate), key);
      }
      divergedTotal += counts[2];
    }
    assertTrue(divergedTotal > 0, "the learning rate of 1000 diverges: the table must show it");
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
    assertEquals(1, html.split("<script", -1).length - 1, "the page's own sorting script is its only script");
    assertFalse(html.contains("<img src=x"), "no injected element");
    assertTrue(html.contains("&lt;script&gt;alert("), "the values appear as text");
    java.util.regex.Matcher sources = java.util.regex.Pattern.compile("src=\"([^\"]*)\"").matcher(html);
    int images = 0;
    while (sources.find()) {
      images++;
      String file = sources.group(1);
      assertTrue(file.matches("charts/[a-z0-9.-]+\\.png"), "a chart named by the report: " + file);
      assertTrue(Files.isRegularFile(out.resolve(file)), file);
    }
    try (var charts = Files.list(out.resolve("charts"))) {
      assertEquals(images, charts.count(), "every chart file is one the page shows");
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
      assertEquals(10, unescapedPipes(line), "nine cells: " + line);
    }
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
  void pageOpensInARealBrowserWithEveryImageAndNoConsoleError() throws IOException {
    Path chromium = Path.of("/usr/bin/chromium");
    Path chromedriver = Path.of("/usr/bin/chromedriver");
    if (!Files.isExecutable(chromium) || !Files.isExecutable(chromedriver)) {
      String message = "Debian's chromium and chromium-driver are needed for the browser test (.ci/run installs"
          + " them)";
      if ("true".equals(System.getenv("CI"))) {
        throw new AssertionError(message);
      }
      org.junit.jupiter.api.Assumptions.assumeTrue(false, message);
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(chromium.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--user-data-dir=" + Files.createTempDirectory(directory, "chromium"), "--window-size=1280,2200");
    LoggingPreferences logging = new LoggingPreferences();
    logging.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logging);
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(chromedriver.toFile()).usingAnyFreePort().build();
    ChromeDriver browser = new ChromeDriver(service, options);
    try {
      browser.get(report.resolve("index.html").toUri().toString());
      new WebDriverWait(browser, Duration.ofSeconds(30)).until(driver -> Boolean.TRUE.equals(
          ((JavascriptExecutor) driver).executeScript(
              "return document.readyState === 'complete' && Array.from(document.images).every(i => i.complete)")));
      @SuppressWarnings("unchecked")
      List<Long> widths = (List<Long>) browser.executeScript(
          "return Array.from(document.images).map(i => i.naturalWidth)");
      long charts;
      try (var files = Files.list(report.resolve("charts"))) {
        charts = files.count();
      }
      assertEquals(charts, widths.size(), "every chart is on the page");
      assertTrue(widths.stream().allMatch(width -> width > 0), "every image loads: " + widths);
      List<LogEntry> severe = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
          .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
      assertEquals(List.of(), severe.stream().map(LogEntry::getMessage).toList(), "console errors");
      browser.findElement(By.cssSelector("#summary th:nth-child(3)")).click();
      Path screenshot = Path.of("target", "report-screenshot.png");
      Files.createDirectories(screenshot.getParent());
      Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), screenshot,
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      assertTrue(Files.size(screenshot) > 10_000, "a screenshot of the page");
    } finally {
      browser.quit();
      service.stop();
    }
  }

  /**
   * Results resumed across the version that added init-scale: chunk 0 written with its column, the others as the
   * build before wrote them, without it. The report reads them as one sweep at init-scale 1, as it reads the whole.
   */
  @Test
  void chunksWrittenBeforeASettingExistedReportWithTheOthers() throws IOException {
    Path results = directory.resolve("mixed").resolve(spec.name());
    copy(spec.resultsDirectory(), results);
    SparkSession spark = SparkSessions.shared();
    for (int chunk = 1; chunk < spec.chunks(); chunk++) {
      Path written = results.resolve("trials").resolve(String.format("chunk=%06d", chunk));
      Path older = directory.resolve("mixed-older-" + chunk);
      spark.read().parquet(written.toString()).drop("init_scale").write().parquet(older.toString());
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
        .contains("init_scale"), "chunk 1 as the build before wrote it");
    Path out = directory.resolve("mixed-report");
    Report.write(spark, results.toString(), out);
    assertEquals(Files.readString(report.resolve("summary.csv")), Files.readString(out.resolve("summary.csv")));
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
