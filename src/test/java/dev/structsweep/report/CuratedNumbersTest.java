package dev.structsweep.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The curated reports in reports/ say what their own summary.csv says: every configuration the page carries has
 * the counts and medians of its row, and every "k of n" an answer card states is a count of some configuration of
 * the page at the card's ε. A report regenerated from other results, or a card that computes a count wrongly, fails.
 */
class CuratedNumbersTest {
  private static final Pattern DATA = Pattern.compile(
      "<script type=\"application/json\" id=\"report-data\">(.*?)</script>", Pattern.DOTALL);
  private static final Pattern CARD = Pattern.compile("<p class=\"answer\">(.*?)</p>", Pattern.DOTALL);
  private static final Pattern COUNT = Pattern.compile("(\\d+) of (\\d+) (?:solve|\\()");
  private static final Pattern EPSILON = Pattern.compile("<span class=\"answers-epsilon\">at ε = ([0-9.]+)</span>");
  private static final List<String> COUNTS = List.of("trials", "solved", "stuck", "improving", "diverged");

  static List<Path> curated() throws IOException {
    try (Stream<Path> reports = Files.list(Path.of(System.getProperty("structsweep.curated-dir", "reports")))) {
      return reports.filter(r -> Files.isRegularFile(r.resolve("index.html"))).sorted().toList();
    }
  }

  @Test
  void everyCuratedPageAgreesWithItsSummary() throws IOException {
    List<Path> reports = curated();
    assertTrue(reports.size() >= 4, "curated reports: " + reports);
    for (Path report : reports) {
      String page = Files.readString(report.resolve("index.html"));
      Matcher data = DATA.matcher(page);
      assertTrue(data.find(), report + ": the page's data");
      JsonNode root = new ObjectMapper().readTree(data.group(1));
      JsonNode configurations = root.path("configurations");
      Map<String, Map<String, String>> rows = summary(report.resolve("summary.csv"));
      assertEquals(rows.size(), configurations.size(), report + ": configurations on the page and in summary.csv");
      Set<String> counts = new HashSet<>();
      String epsilon = null;
      Matcher headline = EPSILON.matcher(page);
      if (headline.find()) {
        epsilon = headline.group(1);
      }
      for (JsonNode c : configurations) {
        Map<String, String> row = rows.get(key(c.path("values")));
        assertTrue(row != null, report + ": no summary row for " + c.path("label").asText());
        assertEquals(Long.parseLong(row.get("trials")), c.path("trials").asLong(), report + " trials");
        for (String outcome : COUNTS.subList(1, COUNTS.size())) {
          assertEquals(Long.parseLong(row.get(outcome)), c.path("outcomes").path(outcome).asLong(),
              report + " " + outcome + " of " + c.path("label").asText());
        }
        assertEquals(Double.parseDouble(row.get("active_edges_median")), c.path("activeEdges").path("median")
            .asDouble(Double.NaN), 1e-9, report + " median active edges of " + c.path("label").asText());
        if (epsilon != null && c.path("values").path("epsilon").asDouble() == Double.parseDouble(epsilon)) {
          for (String outcome : COUNTS.subList(1, COUNTS.size())) {
            counts.add(row.get(outcome) + " of " + row.get("trials"));
          }
        }
      }
      assertTrue(epsilon != null, report + ": the answers' ε");
      assertEquals(Double.parseDouble(epsilon), root.path("defaultEpsilon").asDouble(), report
          + ": the charts open at the answers' ε");
      Matcher card = CARD.matcher(page);
      int cards = 0;
      while (card.find()) {
        cards++;
        Matcher count = COUNT.matcher(card.group(1));
        while (count.find()) {
          String said = count.group(1) + " of " + count.group(2);
          assertTrue(counts.contains(said), report + ": a card says " + said + ", which no configuration at ε "
              + epsilon + " has: " + card.group(1));
        }
      }
      assertTrue(cards >= 1, report + ": answer cards");
    }
  }

  /** summary.csv's rows by their configuration's label and ε. */
  private static Map<String, Map<String, String>> summary(Path csv) throws IOException {
    List<String> lines = Files.readAllLines(csv);
    List<String> header = cells(lines.get(0));
    Map<String, Map<String, String>> rows = new HashMap<>();
    for (String line : lines.subList(1, lines.size())) {
      List<String> cells = cells(line);
      Map<String, String> row = new HashMap<>();
      for (int i = 0; i < header.size(); i++) {
        row.put(header.get(i), cells.get(i));
      }
      rows.put(key(SETTINGS.stream().map(row::get).toList()), row);
    }
    return rows;
  }

  /** The settings columns of summary.csv, through epsilon: a configuration and its ε. */
  private static final List<String> SETTINGS = Stream.concat(
      dev.structsweep.sweep.Settings.CONFIGURATION.stream().map(dev.structsweep.sweep.Setting::column),
      Stream.of("epsilon")).toList();

  private static String key(JsonNode values) {
    return key(SETTINGS.stream().map(column -> values.path(column).asText()).toList());
  }

  /** The cells as one text, numbers compared as numbers (10 and 10.0 alike). */
  private static String key(List<String> cells) {
    List<String> parts = new ArrayList<>();
    for (String cell : cells) {
      try {
        parts.add(Double.toString(Double.parseDouble(cell)));
      } catch (NumberFormatException notANumber) {
        parts.add(cell);
      }
    }
    return String.join("|", parts);
  }

  /** One CSV line's cells, quotes undone. */
  private static List<String> cells(String line) {
    List<String> cells = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char ch = line.charAt(i);
      if (quoted && ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
        cell.append('"');
        i++;
      } else if (ch == '"') {
        quoted = !quoted;
      } else if (ch == ',' && !quoted) {
        cells.add(cell.toString());
        cell.setLength(0);
      } else {
        cell.append(ch);
      }
    }
    cells.add(cell.toString());
    return cells;
  }
}
