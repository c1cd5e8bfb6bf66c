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
      java.util.stream.Stream.of("edges", "trials", "solved", "stuck", "improving", "diverged", "unclassified",
      "solved_rate", "solved_low", "solved_high", "stuck_rate", "stuck_low", "stuck_high", "improving_rate",
      "improving_low", "improving_high", "metric", "metric_min", "metric_q1", "metric_median", "metric_q3",
      "metric_max", "active_edges_min", "active_edges_q1", "active_edges_median", "active_edges_q3",
      "active_edges_max", "sparsity_min", "sparsity_q1", "sparsity_median", "sparsity_q3", "sparsity_max",
      "dead_hidden_units_median", "hidden_units", "corners_0", "corners_1", "corners_2", "corners_3", "corners_4",
      "pareto_front", "minimum_edges", "at_minimum", "exact_zeros", "retrained", "finetuned_solved",
      "finetuned_solved_low", "finetuned_solved_high", "finetuned_metric_median", "ticket_solved", "ticket_solved_low",
      "ticket_solved_high", "ticket_metric_median")).toArray(String[]::new);

  static List<Object> values(ConfigurationSummary s, boolean onFront) {
    List<Object> values = new ArrayList<>();
    s.settings().forEach(value -> values.add(value instanceof int[] ? Settings.text(value) : value));
    ConfigurationSummary.Outcomes o = s.outcomes();
    values.addAll(List.of(s.epsilon(), s.edges(), o.trials(), o.solved(), o.stuck(), o.improving(), o.diverged(),
        o.unclassified()));
    for (Statistics.Interval rate : List.of(o.solvedRate(), o.stuckRate(), o.improvingRate())) {
      values.addAll(List.of(rate.estimate(), rate.low(), rate.high()));
    }
    values.add(s.metric());
    for (ConfigurationSummary.Spread spread : List.of(s.metricSpread(), s.activeEdges(), s.sparsity())) {
      values.addAll(List.of(spread.min(), spread.q1(), spread.median(), spread.q3(), spread.max()));
    }
    values.add(s.deadUnitsMedian());
    values.add(s.hiddenUnits());
    for (int k = 0; k <= 4; k++) {
      values.add(s.corners() == null ? "" : s.corners()[k]);
    }
    values.add(onFront);
    ConfigurationSummary.Structure structure = s.structure();
    values.add(structure.minimumEdges() == 0 ? "" : structure.minimumEdges());
    values.add(structure.minimumEdges() == 0 ? "" : structure.atMinimum());
    values.add(structure.exactZeros());
    values.add(structure.retrained());
    long[] solved = {structure.fineTuned(), structure.ticket()};
    ConfigurationSummary.Spread[] metrics = {structure.fineTunedMetric(), structure.ticketMetric()};
    for (int r = 0; r < 2; r++) {
      Statistics.Interval rate = Statistics.wilson(solved[r], structure.retrained());
      values.addAll(structure.retrained() == 0 ? List.of("", "", "", "")
          : List.of(solved[r], rate.low(), rate.high(), metrics[r].median()));
    }
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
      java.util.Set<ConfigurationSummary> front, String definitions) {
    StringBuilder md = new StringBuilder("# Sweep " + cell(sweep) + ": summary per configuration\n\n");
    md.append(cell(definitions)).append(" Medians over the seeds that did not diverge (quartiles in summary.csv);"
        + " ★ marks the Pareto front of sparsity against the pruned metric, per task, architecture and ε.\n\n");
    md.append("| configuration | ε | trials | solved | stuck (local minima) | still improving | diverged |"
        + " pruned metric | active edges | sparsity |\n|---|---|---|---|---|---|---|---|---|---|\n");
    for (ConfigurationSummary s : summaries) {
      ConfigurationSummary.Outcomes o = s.outcomes();
      md.append("| ").append(cell(s.label())).append(front.contains(s) ? " ★" : "").append(" | ")
          .append(Format.number(s.epsilon())).append(" | ").append(o.trials()).append(" | ")
          .append(share(o.solved(), o.solvedRate())).append(" | ").append(share(o.stuck(), o.stuckRate()))
          .append(" | ").append(share(o.improving(), o.improvingRate())).append(" | ").append(o.diverged())
          .append(" | ").append(cell(s.metric())).append(' ').append(Format.measured(s.metricMedian()))
          .append(" (").append(Format.measured(s.metricSpread().q1())).append("–")
          .append(Format.measured(s.metricSpread().q3())).append(") | ")
          .append(Format.measured(s.activeEdges().median())).append(" of ").append(s.edges()).append(" | ")
          .append(Format.percent(s.sparsityMedian())).append(" |\n");
    }
    return md.toString();
  }

  /** "9 (45.0 %, 26–66 %)". */
  private static String share(long count, Statistics.Interval rate) {
    return count + " (" + Format.percent(rate.estimate()) + ", " + Format.range(rate) + ")";
  }

  /** A Markdown table cell: pipes and line breaks escaped, HTML tags neutralised. */
  static String cell(String text) {
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\r\n", " ").replace("\n", " ")
        .replace("\r", " ").replace("<", "&lt;").replace(">", "&gt;");
  }

}
