package dev.structsweep.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.structsweep.sweep.SweepFiles;
import dev.structsweep.spark.SweepJob;
import dev.structsweep.sweep.SweepSpec;
import dev.structsweep.testing.Browser;
import dev.structsweep.testing.SparkSessions;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.stream.Collectors;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

/**
 * One report of several sweeps: skip edges with their structure retrained, beside the cited repository's model
 * and rule. Each sweep is counted once, the structure columns add up to the rows, and the page draws both.
 */
class SideBySideReportTest {
  @TempDir
  static Path directory;
  static SweepSpec methods;
  static SweepSpec repository;
  static Path report;

  @BeforeAll
  static void sweepBothAndReport() throws IOException {
    methods = sweep("methods", "task = [xor, addition], hidden = [4], topology = [layered, dag], lambda = 0.01,"
        + " learning-rate = 0.05, epochs = 300, retrain-epochs = 60, epsilon = [0.01, 0.1]");
    repository = sweep("repository", "task = xor, hidden = [4], topology = repository, bias = false, loss = mse,"
        + " l1 = round-binary, round-binary.every = [10, 50], lambda = 0, learning-rate = 0.01, epochs = 300");
    report = directory.resolve("reports/both");
    Report.write(SparkSessions.shared(), List.of(methods.resultsDirectory().toString(),
        repository.resultsDirectory().toString()), ReportTarget.check("--out", report,
        methods.resultsDirectory().toString(), SparkSessions.shared().sparkContext().hadoopConfiguration()));
  }

  private static SweepSpec sweep(String name, String settings) throws IOException {
    Path file = directory.resolve(name + ".conf");
    Files.writeString(file, "sweep { name = " + name + ", " + settings + ", seeds = { from = 0, count = 6 },"
        + " chunk-size = 12, history-every = 30 }");
    SweepSpec spec = SweepFiles.load(file, List.of("output=\"" + directory.resolve("results") + "\""));
    SweepJob.run(SparkSessions.shared(), spec, false, "test", null, new PrintWriter(new StringWriter()));
    return spec;
  }

  @AfterAll
  static void stopSpark() {
    SparkSessions.stop();
  }

  private static List<CSVRecord> summary() throws IOException {
    try (var reader = Files.newBufferedReader(report.resolve("summary.csv"))) {
      return CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(reader).getRecords();
    }
  }

  @Test
  void theReportHoldsEveryConfigurationOfBothSweepsOnce() throws IOException {
    List<CSVRecord> rows = summary();
    // methods: 2 tasks × 2 topologies × 2 ε; repository: 2 periods × 1 ε.
    assertEquals(8 + 2, rows.size());
    assertTrue(rows.stream().allMatch(row -> row.get("trials").equals("6")), "six seeds each, counted once");
    assertEquals(Map.of("layered", 4L, "dag", 4L, "repository", 2L), rows.stream()
        .collect(Collectors.groupingBy(row -> row.get("topology"), Collectors.counting())));
    assertTrue(Files.readString(report.resolve("summary.md")).startsWith("# Sweep methods + repository"));
  }

  @Test
  void theStructureColumnsAddUpToTheRows() throws IOException {
    SparkSession spark = SparkSessions.shared();
    List<Row> counts = spark.read().parquet(methods.resultsDirectory().resolve("trials").toString())
        .groupBy("task", "topology", "epsilon")
        .agg(org.apache.spark.sql.functions.expr("sum(CASE WHEN finetuned_solved THEN 1 ELSE 0 END)"),
            org.apache.spark.sql.functions.expr("sum(CASE WHEN ticket_solved THEN 1 ELSE 0 END)"),
            org.apache.spark.sql.functions.expr("sum(CASE WHEN at_minimum THEN 1 ELSE 0 END)"),
            org.apache.spark.sql.functions.expr("max(minimum_edges)"))
        .collectAsList();
    assertEquals(8, counts.size());
    List<CSVRecord> rows = summary();
    for (Row count : counts) {
      CSVRecord row = rows.stream().filter(r -> r.get("task").equals(count.getString(0))
          && r.get("topology").equals(count.getString(1)) && Double.parseDouble(r.get("epsilon")) == count.getDouble(2))
          .findFirst().orElseThrow();
      assertEquals(String.valueOf(count.getLong(3)), row.get("finetuned_solved"), row.toString());
      assertEquals(String.valueOf(count.getLong(4)), row.get("ticket_solved"), row.toString());
      assertEquals(String.valueOf(count.getLong(5)), row.get("at_minimum"), row.toString());
      assertEquals(String.valueOf(count.getInt(6)), row.get("minimum_edges"), row.toString());
      assertEquals("6", row.get("retrained"));
    }
    for (CSVRecord row : rows) {
      if (row.get("topology").equals("repository")) {
        assertEquals("0", row.get("corners_4"), "no 0/1 network without biases gets all four corners");
        assertEquals("", row.get("minimum_edges"), "no known minimum without biases");
        assertEquals("", row.get("finetuned_solved"), "nothing retrained");
      }
    }
  }

  @Test
  void theHeadlineSaysWhatCapsTheRepositorysRule() throws IOException {
    String page = Files.readString(report.resolve("index.html"));
    assertTrue(page.contains("Under the cited repository&#39;s rule (round-binary), no seed of 12 gets more than"),
        "the cap, counted over both periods");
    assertTrue(page.contains("The README of the code the paper cites reports accuracy 74.5 % with 14 of 30 edges"),
        "the repository's own figures");
    assertTrue(page.contains("Retrained without L1: the structure that"), "the retraining");
    assertTrue(page.contains("The fewest edges that solve xor (known minima): on [2,4,1], 6 edges"), "the minima");
  }

  @Test
  void aTrainingInTwoResultsIsRefusedAndSoAreOtherThresholds() throws IOException {
    SparkSession spark = SparkSessions.shared();
    Path twice = directory.resolve("reports/twice");
    IllegalArgumentException shared = assertThrows(IllegalArgumentException.class, () -> Report.write(spark,
        List.of(methods.resultsDirectory().toString(), methods.resultsDirectory().toString()),
        ReportTarget.check("--out", twice, methods.resultsDirectory().toString(),
            spark.sparkContext().hadoopConfiguration())));
    assertTrue(shared.getMessage().contains("hold the same training"), shared.getMessage());
    assertFalse(Files.exists(twice), "nothing written");

    SweepSpec strict = sweep("strict", "task = xor, hidden = [3], epochs = 50, solved.accuracy = 0.9");
    IllegalArgumentException thresholds = assertThrows(IllegalArgumentException.class, () -> Report.write(spark,
        List.of(methods.resultsDirectory().toString(), strict.resultsDirectory().toString()),
        ReportTarget.check("--out", twice, methods.resultsDirectory().toString(),
            spark.sparkContext().hadoopConfiguration())));
    assertTrue(thresholds.getMessage().contains("other thresholds"), thresholds.getMessage());
    assertFalse(Files.exists(twice), "nothing written");

    // The same axes retrained for other epochs: other trainings, but one configuration on the page.
    SweepSpec shorter = sweep("shorter", "task = [xor, addition], hidden = [4], topology = [layered, dag],"
        + " lambda = 0.01, learning-rate = 0.05, epochs = 300, retrain-epochs = 30, epsilon = [0.01, 0.1]");
    IllegalArgumentException pooled = assertThrows(IllegalArgumentException.class, () -> Report.write(spark,
        List.of(methods.resultsDirectory().toString(), shorter.resultsDirectory().toString()),
        ReportTarget.check("--out", twice, methods.resultsDirectory().toString(),
            spark.sparkContext().hadoopConfiguration())));
    assertTrue(pooled.getMessage().contains("two values of retrain-epochs"), pooled.getMessage());
    assertFalse(Files.exists(twice), "nothing written");
  }

  @Test
  void skipEdgesAndIdleEdgesAreDrawnInARealBrowser() throws IOException {
    Browser.withChromium(directory, 0, browser -> {
      browser.get(report.resolve("index.html").toUri().toString());
      JavascriptExecutor js = (JavascriptExecutor) browser;
      Browser.awaitReady(browser);
      @SuppressWarnings("unchecked")
      List<Object> networks = (List<Object>) js.executeScript("return Array.from(document.querySelectorAll("
          + "'figure.chart[data-chart=network]')).map(f => [f.dataset.drawn === 'true', f.querySelectorAll("
          + "'path.edge').length, f.querySelector('figcaption') ? f.querySelector('figcaption').textContent : ''])");
      assertFalse(networks.isEmpty(), "network drawings");
      boolean skipEdges = false;
      for (Object network : networks) {
        List<?> n = (List<?>) network;
        assertEquals(true, n.get(0), "drawn: " + n);
        // dag [2,4,1]: 8 edges into the hidden layer and 6 into y; layered: 8 and 4.
        long edges = ((Number) n.get(1)).longValue();
        assertTrue(edges == 12 || edges == 14, "every forward edge drawn once: " + n);
        skipEdges |= edges == 14;
      }
      assertTrue(skipEdges, "a DAG is drawn with its skip edges");
      String headers = (String) js.executeScript("return Array.from(document.querySelectorAll('#configurations thead th'))"
          + ".map(th => th.textContent).join('|')");
      assertTrue(headers.contains("solved at the known minimum") && headers.contains("fine-tuned solved")
          && headers.contains("ticket solved"), headers);
      List<LogEntry> problems = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
          .filter(entry -> entry.getLevel().intValue() >= Level.WARNING.intValue()).toList();
      assertEquals(List.of(), problems.stream().map(LogEntry::getMessage).toList(), "console errors or warnings");
    });
  }
}
