package dev.structsweep.report;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;

import dev.structsweep.store.ResultColumn;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Training curves of chosen configurations: quartiles over seeds at every sampled epoch. */
final class Dynamics {
  private Dynamics() {}

  /** Quartiles at each epoch: q[0] the first quartile, q[1] the median, q[2] the third, each per epoch. */
  record Curve(ConfigurationSummary configuration, int[] epochs, double[][] loss, double[][] taskLoss,
      double[][] activeEdges) {}

  static List<Curve> of(Dataset<Row> prepared, List<ConfigurationSummary> chosen) {
    List<Curve> curves = new ArrayList<>();
    String epochColumn = ResultColumn.HISTORY_EPOCH.column();
    String lossColumn = ResultColumn.HISTORY_LOSS.column();
    String taskLossColumn = ResultColumn.HISTORY_TASK_LOSS.column();
    String activeColumn = ResultColumn.HISTORY_ACTIVE_EDGES.column();
    for (ConfigurationSummary configuration : chosen) {
      List<Row> points = prepared.where(Selection.training(configuration).and(col(epochColumn).isNotNull()))
          .select(expr("explode(arrays_zip(" + epochColumn + ", " + lossColumn + ", " + taskLossColumn + ", "
              + activeColumn + ")) AS point"))
          .groupBy(col("point." + epochColumn).as("epoch"))
          .agg(expr("percentile(point." + lossColumn + ", array(0.25, 0.5, 0.75)) AS loss"),
              expr("percentile(point." + taskLossColumn + ", array(0.25, 0.5, 0.75)) AS task_loss"),
              expr("percentile(point." + activeColumn + ", array(0.25, 0.5, 0.75)) AS active"))
          .orderBy("epoch").collectAsList();
      if (points.size() < 2) {
        continue;
      }
      int n = points.size();
      int[] epochs = new int[n];
      double[][] loss = new double[3][n];
      double[][] taskLoss = new double[3][n];
      double[][] active = new double[3][n];
      for (int p = 0; p < n; p++) {
        Row row = points.get(p);
        epochs[p] = row.getInt(0);
        for (int q = 0; q < 3; q++) {
          loss[q][p] = value(row.getList(1), q);
          taskLoss[q][p] = value(row.getList(2), q);
          active[q][p] = value(row.getList(3), q);
        }
      }
      curves.add(new Curve(configuration, epochs, loss, taskLoss, active));
    }
    return curves;
  }

  private static double value(List<Object> quartiles, int q) {
    Object value = quartiles.get(q);
    return value == null ? Double.NaN : ((Number) value).doubleValue();
  }
}
