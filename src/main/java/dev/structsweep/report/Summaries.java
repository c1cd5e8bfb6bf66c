package dev.structsweep.report;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;

import dev.structsweep.store.ResultColumn;
import dev.structsweep.sweep.Setting;
import dev.structsweep.sweep.Settings;
import dev.structsweep.task.Outcome;
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

  /** Each task's pruned primary metric ("pruned_test_accuracy" for XOR); null for a task this version does not know. */
  private static final String PRIMARY_METRIC = primaryOf("pruned_test_");

  private static final String DIVERGED = ResultColumn.DIVERGED.column();

  /** Each task's primary metric in the columns named prefix + metric ("finetuned_test_accuracy" for XOR). */
  private static String primaryOf(String prefix) {
    return "CASE " + java.util.Arrays.stream(TaskKind.values())
        .map(kind -> "WHEN " + Settings.TASK.column() + " = '" + kind.key() + "' THEN " + prefix + kind.primaryMetric())
        .collect(java.util.stream.Collectors.joining(" ")) + " END";
  }

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
    // Measured columns added since: null (unknown) in rows written before them.
    for (ResultColumn column : new ResultColumn[] {ResultColumn.OUTCOME, ResultColumn.PRUNED_CORNERS,
        ResultColumn.LOSS_TAIL_CHANGE, ResultColumn.ZERO_EDGES, ResultColumn.MINIMUM_EDGES, ResultColumn.AT_MINIMUM,
        ResultColumn.FINETUNED_SOLVED, ResultColumn.TICKET_SOLVED, ResultColumn.FINETUNED_TEST_ACCURACY,
        ResultColumn.FINETUNED_TEST_R2, ResultColumn.TICKET_TEST_ACCURACY, ResultColumn.TICKET_TEST_R2,
        ResultColumn.IMP_EDGES}) {
      if (!present.contains(column.column())) {
        trials = trials.withColumn(column.column(), org.apache.spark.sql.functions.lit(null).cast(column.type()));
      }
    }
    // Rows written before the reduction had none: its edges are unknown, and the rest follows from the old columns.
    if (!present.contains(ResultColumn.REDUCED_EDGES.column())) {
      java.util.Set<String> known = java.util.Set.of(trials.columns());
      boolean measured = known.containsAll(java.util.List.of(ResultColumn.SOLVED.column(),
          ResultColumn.ACTIVE_EDGES.column(), ResultColumn.EPOCHS_COMPLETED.column()));
      trials = trials.withColumn(ResultColumn.REDUCED_EDGES.column(), nullOf(ResultColumn.REDUCED_EDGES))
          .withColumn(ResultColumn.REDUCED_TEST_ACCURACY.column(), org.apache.spark.sql.functions.lit(Double.NaN))
          .withColumn(ResultColumn.REDUCED_TEST_R2.column(), org.apache.spark.sql.functions.lit(Double.NaN))
          .withColumn(ResultColumn.DISTANCE_TO_MINIMUM.column(), !measured ? nullOf(ResultColumn.DISTANCE_TO_MINIMUM)
              : expr("CASE WHEN " + ResultColumn.SOLVED.column() + " THEN " + ResultColumn.ACTIVE_EDGES.column()
                  + " - " + ResultColumn.MINIMUM_EDGES.column() + " END"))
          .withColumn(ResultColumn.TOTAL_EPOCHS.column(), !measured ? nullOf(ResultColumn.TOTAL_EPOCHS)
              : col(ResultColumn.EPOCHS_COMPLETED.column()));
    }
    return trials
        .withColumn("metric", expr(PRIMARY_METRIC))
        .withColumn("finetuned_metric", expr(primaryOf("finetuned_test_")))
        .withColumn("ticket_metric", expr(primaryOf("ticket_test_")))
        .withColumn("metric_kept", expr("CASE WHEN " + DIVERGED + " THEN NULL ELSE metric END"));
  }

  private static Column nullOf(ResultColumn column) {
    return org.apache.spark.sql.functions.lit(null).cast(column.type());
  }

  public static List<ConfigurationSummary> summarise(Dataset<Row> prepared) {
    Column[] keys = new Column[CONFIGURATION.length];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = col(CONFIGURATION[i]);
    }
    String outcome = ResultColumn.OUTCOME.column();
    String corners = ResultColumn.PRUNED_CORNERS.column();
    List<Column> aggregates = new ArrayList<>(List.of(
        expr("count(*) AS trials"),
        expr("sum(CASE WHEN " + ResultColumn.SOLVED.column() + " THEN 1 ELSE 0 END) AS solved_count"),
        expr("sum(CASE WHEN " + DIVERGED + " THEN 1 ELSE 0 END) AS diverged_count"),
        expr("sum(CASE WHEN " + outcome + " = '" + Outcome.STUCK.key() + "' THEN 1 ELSE 0 END) AS stuck_count"),
        expr("sum(CASE WHEN " + outcome + " = '" + Outcome.IMPROVING.key() + "' THEN 1 ELSE 0 END) AS improving_count"),
        expr("count(" + corners + ") AS corners_known"),
        expr("first(" + ResultColumn.EDGES.column() + ") AS edge_count"),
        expr("percentile_disc(0.5) WITHIN GROUP (ORDER BY " + kept(ResultColumn.DEAD_HIDDEN_UNITS) + ") AS dead_median")));
    for (int k = 0; k <= 4; k++) {
      aggregates.add(expr("sum(CASE WHEN " + corners + " = " + k + " THEN 1 ELSE 0 END) AS corners_" + k));
    }
    String activeColumn = ResultColumn.ACTIVE_EDGES.column();
    aggregates.addAll(List.of(
        expr("max(" + ResultColumn.MINIMUM_EDGES.column() + ") AS minimum_edges"),
        expr("sum(CASE WHEN " + ResultColumn.AT_MINIMUM.column() + " THEN 1 ELSE 0 END) AS at_minimum_count"),
        expr("sum(CASE WHEN NOT " + DIVERGED + " AND " + activeColumn + " < " + ResultColumn.EDGES.column() + " AND "
            + ResultColumn.ZERO_EDGES.column() + " = " + ResultColumn.EDGES.column() + " - " + activeColumn
            + " THEN 1 ELSE 0 END) AS exact_zeros_count"),
        expr("sum(CASE WHEN NOT " + DIVERGED + " AND " + activeColumn + " < " + ResultColumn.EDGES.column()
            + " THEN 1 ELSE 0 END) AS kept_count"),
        expr("count(" + ResultColumn.FINETUNED_SOLVED.column() + ") AS retrained_count"),
        expr("sum(CASE WHEN " + ResultColumn.FINETUNED_SOLVED.column() + " THEN 1 ELSE 0 END) AS finetuned_count"),
        expr("sum(CASE WHEN " + ResultColumn.TICKET_SOLVED.column() + " THEN 1 ELSE 0 END) AS ticket_count")));
    String distance = ResultColumn.DISTANCE_TO_MINIMUM.column();
    String reducedDistance = "(" + ResultColumn.REDUCED_EDGES.column() + " - " + ResultColumn.MINIMUM_EDGES.column()
        + ")";
    int last = ConfigurationSummary.Structure.DISTANCES - 1;
    for (int k = 0; k <= last; k++) {
      String test = k == last ? " >= " + k : " = " + k;
      aggregates.add(expr("sum(CASE WHEN " + distance + test + " THEN 1 ELSE 0 END) AS distance_" + k));
      aggregates.add(expr("sum(CASE WHEN " + reducedDistance + test + " THEN 1 ELSE 0 END) AS reduced_distance_" + k));
    }
    aggregates.add(expr("count(" + ResultColumn.REDUCED_EDGES.column() + ") AS reduced_count"));
    aggregates.add(expr("percentile_disc(0.5) WITHIN GROUP (ORDER BY " + ResultColumn.TOTAL_EPOCHS.column()
        + ") AS total_epochs_median"));
    // A diverged retraining has NaN metrics, which Spark sorts above every number: left out, as metric_kept does.
    aggregates.addAll(spread("CASE WHEN " + ResultColumn.FINETUNED_SOLVED.column() + " IS NULL OR isnan(finetuned_metric)"
        + " THEN NULL ELSE finetuned_metric END", "finetuned"));
    aggregates.addAll(spread("CASE WHEN " + ResultColumn.TICKET_SOLVED.column() + " IS NULL OR isnan(ticket_metric)"
        + " THEN NULL ELSE ticket_metric END", "ticket"));
    aggregates.addAll(spread("metric_kept", "metric"));
    aggregates.addAll(spread(kept(ResultColumn.ACTIVE_EDGES), "active"));
    Dataset<Row> grouped = prepared.groupBy(keys).agg(aggregates.get(0),
        aggregates.subList(1, aggregates.size()).toArray(Column[]::new));
    List<ConfigurationSummary> summaries = new ArrayList<>();
    for (Row row : grouped.orderBy(keys).collectAsList()) {
      long trials = row.getLong(row.fieldIndex("trials"));
      long solved = row.getLong(row.fieldIndex("solved_count"));
      long diverged = row.getLong(row.fieldIndex("diverged_count"));
      long stuck = row.getLong(row.fieldIndex("stuck_count"));
      long improving = row.getLong(row.fieldIndex("improving_count"));
      List<Object> settings = new ArrayList<>();
      for (int i = 0; i < Settings.CONFIGURATION.size(); i++) {
        Object value = row.get(i);
        settings.add(value instanceof scala.collection.Seq<?> ? sizes(row.getList(i)) : value);
      }
      String task = (String) settings.get(Settings.CONFIGURATION.indexOf(Settings.TASK));
      int[] hidden = (int[]) settings.get(Settings.CONFIGURATION.indexOf(Settings.HIDDEN));
      long[] cornerCounts = null;
      if (TaskKind.find(task).map(kind -> kind == ResultColumn.PRUNED_CORNERS.task().orElse(null)).orElse(false)
          && row.getLong(row.fieldIndex("corners_known")) > 0) {
        cornerCounts = new long[5];
        for (int k = 0; k <= 4; k++) {
          cornerCounts[k] = row.getLong(row.fieldIndex("corners_" + k));
        }
      }
      int edges = row.getInt(row.fieldIndex("edge_count"));
      ConfigurationSummary.Spread active = spread(row, "active");
      summaries.add(new ConfigurationSummary(settings, row.getDouble(Settings.CONFIGURATION.size()),
          edges, java.util.Arrays.stream(hidden).sum(),
          new ConfigurationSummary.Outcomes(trials, solved, stuck, improving, diverged,
              trials - solved - diverged - stuck - improving),
          TaskKind.find(task).map(TaskKind::primaryMetric).orElse("metric"), spread(row, "metric"),
          active, sparsity(active, edges), nullable(row, "dead_median"), cornerCounts, structure(row)));
    }
    return summaries;
  }

  private static ConfigurationSummary.Structure structure(Row row) {
    int minimum = row.isNullAt(row.fieldIndex("minimum_edges")) ? 0 : row.getInt(row.fieldIndex("minimum_edges"));
    long[] distance = minimum == 0 ? null : histogram(row, "distance_");
    long[] reduced = minimum == 0 || row.getLong(row.fieldIndex("reduced_count")) == 0 ? null
        : histogram(row, "reduced_distance_");
    return new ConfigurationSummary.Structure(minimum, row.getLong(row.fieldIndex("at_minimum_count")),
        row.getLong(row.fieldIndex("exact_zeros_count")), row.getLong(row.fieldIndex("kept_count")),
        row.getLong(row.fieldIndex("retrained_count")), row.getLong(row.fieldIndex("finetuned_count")),
        row.getLong(row.fieldIndex("ticket_count")), spread(row, "finetuned"), spread(row, "ticket"), distance,
        reduced, nullable(row, "total_epochs_median"));
  }

  private static long[] histogram(Row row, String prefix) {
    long[] counts = new long[ConfigurationSummary.Structure.DISTANCES];
    for (int k = 0; k < counts.length; k++) {
      counts[k] = row.getLong(row.fieldIndex(prefix + k));
    }
    return counts;
  }

  /** The quantiles that make a spread: each a value of some trial (no interpolation between two seeds). */
  private static final double[] SPREAD = {0, 0.25, 0.5, 0.75, 1};

  private static List<Column> spread(String value, String name) {
    List<Column> columns = new ArrayList<>();
    for (int i = 0; i < SPREAD.length; i++) {
      columns.add(expr("percentile_disc(" + SPREAD[i] + ") WITHIN GROUP (ORDER BY " + value + ") AS " + name + "_"
          + i));
    }
    return columns;
  }

  private static ConfigurationSummary.Spread spread(Row row, String name) {
    double[] q = new double[SPREAD.length];
    for (int i = 0; i < q.length; i++) {
      q[i] = nullable(row, name + "_" + i);
    }
    return new ConfigurationSummary.Spread(q[0], q[1], q[2], q[3], q[4]);
  }

  /**
   * Sparsity is 1 − active / edges, so its spread is the active edges' turned over (its first quartile from their
   * third): the median sparsity and the median active edges are always the same seeds'.
   */
  static ConfigurationSummary.Spread sparsity(ConfigurationSummary.Spread active, int edges) {
    return new ConfigurationSummary.Spread(1 - active.max() / edges, 1 - active.q3() / edges,
        1 - active.median() / edges, 1 - active.q1() / edges, 1 - active.min() / edges);
  }

  /** column where the training did not diverge, else null: what the quartiles are taken over. */
  private static String kept(ResultColumn column) {
    return "CASE WHEN " + DIVERGED + " THEN NULL ELSE " + column.column() + " END";
  }

  private static int[] sizes(List<Object> values) {
    return values.stream().mapToInt(value -> ((Number) value).intValue()).toArray();
  }

  private static double nullable(Row row, String field) {
    int index = row.fieldIndex(field);
    return row.isNullAt(index) ? Double.NaN : ((Number) row.get(index)).doubleValue();
  }
}
