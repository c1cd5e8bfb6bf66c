package dev.structsweep.report;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;

import dev.structsweep.sweep.ResultColumn;
import dev.structsweep.sweep.Setting;
import dev.structsweep.sweep.Settings;
import dev.structsweep.task.TaskKind;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** The per-configuration aggregation, in Spark: raw rows never reach the driver. */
public final class Summaries {
  /** Every axis but the seed ({@link Settings#CONFIGURATION}), and ε: one configuration. */
  static final String[] CONFIGURATION = java.util.stream.Stream.concat(
      Settings.CONFIGURATION.stream().map(Setting::column), java.util.stream.Stream.of(ResultColumn.EPSILON.column()))
      .toArray(String[]::new);

  /** Each task's pruned primary metric (its column from {@link ResultColumn}); null for a task this version does not know. */
  private static final String PRIMARY_METRIC = "CASE " + java.util.Arrays.stream(TaskKind.values())
      .map(kind -> "WHEN " + Settings.TASK.column() + " = '" + kind.key() + "' THEN "
          + ResultColumn.prunedPrimary(kind).column())
      .collect(java.util.stream.Collectors.joining(" ")) + " END";

  private static final String DIVERGED = ResultColumn.DIVERGED.column();

  private Summaries() {}

  /**
   * The rows with the report's derived columns (the pruned primary metric), and with every setting added since
   * the rows were written at its neutral value, so that older results read as they were.
   */
  public static Dataset<Row> prepare(Dataset<Row> trials) {
    java.util.Set<String> present = java.util.Set.of(trials.columns());
    for (Setting<?> setting : Settings.COLUMNS) {
      if (setting.neutral() != null) {
        // Absent from every chunk, or null in the chunks written before it when others have it.
        Column neutral = org.apache.spark.sql.functions.lit(setting.neutralCell());
        trials = trials.withColumn(setting.column(), present.contains(setting.column())
            ? org.apache.spark.sql.functions.coalesce(col(setting.column()), neutral) : neutral);
      }
    }
    return trials
        .withColumn("metric", expr(PRIMARY_METRIC))
        .withColumn("metric_kept", expr("CASE WHEN " + DIVERGED + " THEN NULL ELSE metric END"));
  }

  public static List<ConfigurationSummary> summarise(Dataset<Row> prepared) {
    Column[] keys = new Column[CONFIGURATION.length];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = col(CONFIGURATION[i]);
    }
    Dataset<Row> grouped = prepared.groupBy(keys).agg(
        expr("count(*) AS trials"),
        expr("sum(CASE WHEN " + ResultColumn.SOLVED.column() + " THEN 1 ELSE 0 END) AS solved_count"),
        expr("sum(CASE WHEN " + DIVERGED + " THEN 1 ELSE 0 END) AS diverged_count"),
        expr("first(" + ResultColumn.EDGES.column() + ") AS edge_count"),
        expr("percentile(metric_kept, array(0.25, 0.5, 0.75)) AS metric_q"),
        expr("percentile(" + kept(ResultColumn.ACTIVE_EDGES) + ", array(0.25, 0.5, 0.75)) AS active_q"),
        expr("percentile(" + kept(ResultColumn.SPARSITY) + ", array(0.25, 0.5, 0.75)) AS sparsity_q"),
        expr("percentile(" + kept(ResultColumn.DEAD_HIDDEN_UNITS) + ", 0.5) AS dead_median"));
    List<ConfigurationSummary> summaries = new ArrayList<>();
    for (Row row : grouped.orderBy(keys).collectAsList()) {
      long trials = row.getLong(row.fieldIndex("trials"));
      long solved = row.getLong(row.fieldIndex("solved_count"));
      long diverged = row.getLong(row.fieldIndex("diverged_count"));
      List<Object> settings = new ArrayList<>();
      for (int i = 0; i < Settings.CONFIGURATION.size(); i++) {
        Object value = row.get(i);
        settings.add(value instanceof scala.collection.Seq<?> ? sizes(row.getList(i)) : value);
      }
      String task = (String) settings.get(Settings.CONFIGURATION.indexOf(Settings.TASK));
      summaries.add(new ConfigurationSummary(settings, row.getDouble(Settings.CONFIGURATION.size()),
          row.getInt(row.fieldIndex("edge_count")), trials, solved, diverged,
          Statistics.wilson(trials - solved - diverged, trials - diverged),
          TaskKind.find(task).map(TaskKind::primaryMetric).orElse("metric"), quartiles(row, "metric_q"),
          quartiles(row, "active_q"), quartiles(row, "sparsity_q"), nullable(row, "dead_median")));
    }
    return summaries;
  }

  /** column where the training did not diverge, else null: what the quartiles are taken over. */
  private static String kept(ResultColumn column) {
    return "CASE WHEN " + DIVERGED + " THEN NULL ELSE " + column.column() + " END";
  }

  private static int[] sizes(List<Object> values) {
    return values.stream().mapToInt(value -> ((Number) value).intValue()).toArray();
  }

  private static double[] quartiles(Row row, String field) {
    int index = row.fieldIndex(field);
    if (row.isNullAt(index)) {
      return new double[] {Double.NaN, Double.NaN, Double.NaN};
    }
    List<Object> values = row.getList(index);
    double[] quartiles = new double[3];
    for (int i = 0; i < 3; i++) {
      Object value = values.get(i);
      quartiles[i] = value == null ? Double.NaN : ((Number) value).doubleValue();
    }
    return quartiles;
  }

  private static double nullable(Row row, String field) {
    int index = row.fieldIndex(field);
    return row.isNullAt(index) ? Double.NaN : ((Number) row.get(index)).doubleValue();
  }
}
