package dev.structsweep.report;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;

import dev.structsweep.task.TaskKind;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** The per-configuration aggregation, in Spark: raw rows never reach the driver. */
public final class Summaries {
  /** Every axis but the seed, and ε: one configuration. */
  static final String[] CONFIGURATION = {"task", "hidden_label", "activation", "bias", "optimizer", "l1", "lambda",
      "learning_rate", "epochs", "batch_size", "epsilon"};

  /** Each task's pruned primary metric (its column from {@link TaskKind}); null for a task this version does not know. */
  private static final String PRIMARY_METRIC = "CASE " + java.util.Arrays.stream(TaskKind.values())
      .map(kind -> "WHEN task = '" + kind.key() + "' THEN " + kind.prunedMetricColumn())
      .collect(java.util.stream.Collectors.joining(" ")) + " END";

  private Summaries() {}

  /** The rows with the report's derived columns: the hidden sizes as a label, and the pruned metric. */
  public static Dataset<Row> prepare(Dataset<Row> trials) {
    return trials
        .withColumn("hidden_label", expr("concat('[', concat_ws(',', transform(hidden, h -> cast(h as string))), ']')"))
        .withColumn("metric", expr(PRIMARY_METRIC))
        .withColumn("metric_kept", expr("CASE WHEN diverged THEN NULL ELSE metric END"));
  }

  public static List<ConfigurationSummary> summarise(Dataset<Row> prepared) {
    Column[] keys = new Column[CONFIGURATION.length];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = col(CONFIGURATION[i]);
    }
    Dataset<Row> grouped = prepared.groupBy(keys).agg(
        expr("count(*) AS trials"),
        expr("sum(CASE WHEN solved THEN 1 ELSE 0 END) AS solved_count"),
        expr("sum(CASE WHEN diverged THEN 1 ELSE 0 END) AS diverged_count"),
        expr("first(edges) AS edge_count"),
        expr("percentile(metric_kept, array(0.25, 0.5, 0.75)) AS metric_q"),
        expr("percentile(CASE WHEN diverged THEN NULL ELSE active_edges END, array(0.25, 0.5, 0.75)) AS active_q"),
        expr("percentile(CASE WHEN diverged THEN NULL ELSE sparsity END, array(0.25, 0.5, 0.75)) AS sparsity_q"),
        expr("percentile(CASE WHEN diverged THEN NULL ELSE dead_hidden_units END, 0.5) AS dead_median"));
    List<ConfigurationSummary> summaries = new ArrayList<>();
    for (Row row : grouped.orderBy(keys).collectAsList()) {
      long trials = row.getLong(row.fieldIndex("trials"));
      long solved = row.getLong(row.fieldIndex("solved_count"));
      long diverged = row.getLong(row.fieldIndex("diverged_count"));
      String task = row.getString(0);
      summaries.add(new ConfigurationSummary(task, row.getString(1), row.getString(2), row.getBoolean(3),
          row.getString(4), row.getString(5), row.getDouble(6), row.getDouble(7), row.getInt(8), row.getInt(9),
          row.getDouble(10), row.getInt(row.fieldIndex("edge_count")), trials, solved, diverged,
          Statistics.wilson(trials - solved - diverged, trials - diverged),
          TaskKind.find(task).map(TaskKind::primaryMetric).orElse("metric"), quartiles(row, "metric_q"), quartiles(row, "active_q"),
          quartiles(row, "sparsity_q"), nullable(row, "dead_median")));
    }
    return summaries;
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
