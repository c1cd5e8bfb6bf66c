package dev.structsweep.report;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import dev.structsweep.sweep.Settings;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/** The per-configuration table, written three ways: summary.csv, summary.md and the rows of the page. */
final class SummaryTables {
  private SummaryTables() {}

  /** The configuration's settings' columns ({@link Settings#CONFIGURATION}), ε, then the summary's own. */
  static final String[] COLUMNS = java.util.stream.Stream.concat(Arrays.stream(Summaries.CONFIGURATION),
      java.util.stream.Stream.of("edges", "trials", "solved", "diverged",
      "local_minimum_rate", "local_minimum_low", "local_minimum_high", "metric", "metric_q1", "metric_median",
      "metric_q3", "active_edges_q1", "active_edges_median", "active_edges_q3", "sparsity_q1", "sparsity_median",
      "sparsity_q3", "dead_hidden_units_median", "pareto_front")).toArray(String[]::new);

  static List<Object> values(ConfigurationSummary s, boolean onFront) {
    List<Object> values = new ArrayList<>();
    s.settings().forEach(value -> values.add(value instanceof int[] ? Settings.text(value) : value));
    values.addAll(List.of(s.epsilon(), s.edges(), s.trials(), s.solved(), s.diverged(),
        s.localMinimum().estimate(), s.localMinimum().low(), s.localMinimum().high(), s.metric(),
        s.metricQuartiles()[0], s.metricQuartiles()[1], s.metricQuartiles()[2], s.activeEdgeQuartiles()[0],
        s.activeEdgeQuartiles()[1], s.activeEdgeQuartiles()[2], s.sparsityQuartiles()[0],
        s.sparsityQuartiles()[1], s.sparsityQuartiles()[2], s.deadUnitsMedian(), onFront));
    return values;
  }

  static void writeCsv(List<ConfigurationSummary> summaries, java.util.Set<ConfigurationSummary> front,
      Path file) throws IOException {
    try (Writer writer = Files.newBufferedWriter(file);
        CSVPrinter csv = new CSVPrinter(writer, CSVFormat.DEFAULT.builder().setHeader(COLUMNS).get())) {
      for (ConfigurationSummary summary : summaries) {
        csv.printRecord(values(summary, front.contains(summary)));
      }
    }
  }

  static String markdown(String sweep, List<ConfigurationSummary> summaries,
      java.util.Set<ConfigurationSummary> front) {
    StringBuilder md = new StringBuilder("# Sweep " + cell(sweep) + ": summary per configuration\n\n");
    md.append("Medians over seeds (quartiles in summary.csv); local-minimum rate = unsolved / not diverged, with"
        + " its 95 % Wilson interval; ★ marks the Pareto front of sparsity against the pruned metric, per task.\n\n");
    md.append("| configuration | ε | trials | solved | diverged | local-minimum rate (95 % CI) | pruned metric |"
        + " active edges | sparsity |\n|---|---|---|---|---|---|---|---|---|\n");
    for (ConfigurationSummary s : summaries) {
      md.append("| ").append(cell(s.label())).append(front.contains(s) ? " ★" : "").append(" | ").append(Format.number(s.epsilon())).append(" | ")
          .append(s.trials()).append(" | ").append(s.solved()).append(" | ").append(s.diverged()).append(" | ")
          .append(Format.percent(s.localMinimum().estimate())).append(" (")
          .append(Format.percent(s.localMinimum().low())).append(" – ")
          .append(Format.percent(s.localMinimum().high())).append(") | ").append(s.metric()).append(' ')
          .append(Format.measured(s.metricMedian())).append(" | ").append(Format.measured(s.activeEdgeQuartiles()[1]))
          .append(" of ").append(s.edges()).append(" | ").append(Format.percent(s.sparsityMedian())).append(" |\n");
    }
    return md.toString();
  }

  /** A Markdown table cell: pipes and line breaks escaped, HTML tags neutralised. */
  static String cell(String text) {
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\r\n", " ").replace("\n", " ")
        .replace("\r", " ").replace("<", "&lt;").replace(">", "&gt;");
  }

  static List<Map<String, Object>> pageRows(List<ConfigurationSummary> summaries,
      java.util.Set<ConfigurationSummary> front) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (ConfigurationSummary s : summaries) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("label", s.label());
      row.put("epsilon", Format.number(s.epsilon()));
      row.put("trials", s.trials());
      row.put("solved", s.solved());
      row.put("diverged", s.diverged());
      row.put("localMinimumRate", Format.measured(s.localMinimum().estimate()));
      row.put("localMinimumLow", Format.measured(s.localMinimum().low()));
      row.put("localMinimumHigh", Format.measured(s.localMinimum().high()));
      row.put("metric", s.metric());
      row.put("metricMedian", Format.measured(s.metricMedian()));
      row.put("metricQuartiles", Format.measured(s.metricQuartiles()[0]) + " – " + Format.measured(s.metricQuartiles()[2]));
      row.put("activeEdgesMedian", Format.measured(s.activeEdgeQuartiles()[1]));
      row.put("edges", s.edges());
      row.put("sparsityMedian", Format.measured(s.sparsityMedian()));
      row.put("deadHiddenUnits", Format.measured(s.deadUnitsMedian()));
      row.put("pareto", front.contains(s) ? "★" : "");
      rows.add(row);
    }
    return rows;
  }

  /**
   * Moves staging to out. An earlier report at out is first moved into a fresh directory beside it, and moved
   * back if the new one cannot take its place, so a failure leaves the earlier report where it was.
   */
}
