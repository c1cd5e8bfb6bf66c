package dev.structsweep.report;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import dev.structsweep.store.ResultColumn;
import dev.structsweep.sweep.Settings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The trials of chosen configurations, one line per seed: what the page shows when a configuration is clicked,
 * and what the ECDFs and the paper's percentiles are drawn from. Bounded: every configuration's seeds when the
 * sweep has at most {@link #ALL_ROWS} rows, else only the configurations the report highlights.
 */
final class Seeds {
  /** Rows (trainings × ε) up to which every configuration's seeds go into the page. */
  static final long ALL_ROWS = 20_000;

  private Seeds() {}

  /**
   * One trial at one ε. metric and sparsity are NaN, outcome and corners null where unknown or diverged; fineTuned
   * and ticket the retrained structure's primary metric, NaN without retraining; reducedEdges the edges left by the
   * reduction, null where nothing was reduced.
   */
  record Seed(long seed, double metric, int activeEdges, double sparsity, String outcome, Integer corners,
      double lossTailChange, double fineTuned, double ticket, Integer reducedEdges) {
    Seed(long seed, double metric, int activeEdges, double sparsity, String outcome, Integer corners,
        double lossTailChange) {
      this(seed, metric, activeEdges, sparsity, outcome, corners, lossTailChange, Double.NaN, Double.NaN);
    }

    Seed(long seed, double metric, int activeEdges, double sparsity, String outcome, Integer corners,
        double lossTailChange, double fineTuned, double ticket) {
      this(seed, metric, activeEdges, sparsity, outcome, corners, lossTailChange, fineTuned, ticket, null);
    }
  }

  /** The seeds of configurations (all of them when chosen is null), by {@link ConfigurationSummary#key()}. */
  static Map<String, List<Seed>> of(Dataset<Row> prepared, List<ConfigurationSummary> chosen) {
    Dataset<Row> rows = prepared;
    if (chosen != null) {
      Column any = lit(false);
      for (ConfigurationSummary summary : chosen) {
        any = any.or(Selection.training(summary).and(col(ResultColumn.EPSILON.column()).equalTo(summary.epsilon())));
      }
      rows = rows.where(any);
    }
    List<String> columns = new ArrayList<>();
    Settings.CONFIGURATION.forEach(setting -> columns.add(setting.column()));
    columns.addAll(List.of(ResultColumn.EPSILON.column(), Settings.SEED.column(), "metric_kept",
        ResultColumn.ACTIVE_EDGES.column(), ResultColumn.SPARSITY.column(), ResultColumn.DIVERGED.column(),
        ResultColumn.OUTCOME.column(), ResultColumn.PRUNED_CORNERS.column(), ResultColumn.LOSS_TAIL_CHANGE.column(),
        "finetuned_metric", "ticket_metric", ResultColumn.REDUCED_EDGES.column()));
    Map<String, List<Seed>> seeds = new LinkedHashMap<>();
    int settings = Settings.CONFIGURATION.size();
    for (Row row : rows.select(columns.stream().map(org.apache.spark.sql.functions::col).toArray(Column[]::new))
        .orderBy(Settings.SEED.column()).collectAsList()) {
      List<Object> values = new ArrayList<>();
      for (int i = 0; i < settings; i++) {
        Object value = row.get(i);
        values.add(value instanceof scala.collection.Seq<?> ? row.getList(i).stream()
            .mapToInt(size -> ((Number) size).intValue()).toArray() : value);
      }
      String key = ConfigurationSummary.key(values, row.getDouble(settings));
      boolean diverged = row.getBoolean(settings + 5);
      seeds.computeIfAbsent(key, k -> new ArrayList<>()).add(new Seed(row.getLong(settings + 1),
          number(row, settings + 2), row.getInt(settings + 3), diverged ? Double.NaN : number(row, settings + 4),
          row.isNullAt(settings + 6) ? null : row.getString(settings + 6),
          row.isNullAt(settings + 7) ? null : row.getInt(settings + 7), number(row, settings + 8),
          number(row, settings + 9), number(row, settings + 10),
          row.isNullAt(settings + 11) ? null : row.getInt(settings + 11)));
    }
    return seeds;
  }

  private static double number(Row row, int index) {
    return row.isNullAt(index) ? Double.NaN : ((Number) row.get(index)).doubleValue();
  }
}
