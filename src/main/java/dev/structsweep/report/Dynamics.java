package dev.structsweep.report;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;

import dev.structsweep.store.ResultColumn;
import dev.structsweep.task.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Training curves of chosen configurations: quartiles over seeds at every sampled epoch, apart for the seeds that
 * end solved, stuck and otherwise (still improving, diverged, unclassified), since pooling them draws a band no
 * seed followed.
 */
final class Dynamics {
  private Dynamics() {}

  /** The outcome classes a curve is split by, in the order the page draws them. */
  static final List<String> CLASSES = List.of("solved", "stuck", "other");

  /** Quartiles at each epoch: q[0] the first quartile, q[1] the median, q[2] the third, each per epoch. */
  record Quartiles(double[][] loss, double[][] taskLoss, double[][] activeEdges) {}

  /** The curves of one outcome class: seeds counts its trainings; epochs where none of them was sampled are NaN. */
  record ClassCurve(String outcome, int seeds, Quartiles quartiles) {}

  /** A configuration's curves, one per outcome class that has seeds, on the epochs any of them was sampled at. */
  record Curve(ConfigurationSummary configuration, int[] epochs, List<ClassCurve> classes) {}

  /** The class of a training at the configuration's ε: solved, stuck, or other. */
  static String outcomeClass(boolean solved, String outcome) {
    if (solved) {
      return "solved";
    }
    return Outcome.STUCK.key().equals(outcome) ? "stuck" : "other";
  }

  static List<Curve> of(Dataset<Row> prepared, List<ConfigurationSummary> chosen) {
    List<Curve> curves = new ArrayList<>();
    String epochColumn = ResultColumn.HISTORY_EPOCH.column();
    String lossColumn = ResultColumn.HISTORY_LOSS.column();
    String taskLossColumn = ResultColumn.HISTORY_TASK_LOSS.column();
    String activeColumn = ResultColumn.HISTORY_ACTIVE_EDGES.column();
    String classExpr = "CASE WHEN coalesce(" + ResultColumn.SOLVED.column() + ", false) THEN 'solved' WHEN "
        + ResultColumn.OUTCOME.column() + " = '" + Outcome.STUCK.key() + "' THEN 'stuck' ELSE 'other' END";
    for (ConfigurationSummary configuration : chosen) {
      // The outcome at the configuration's own ε; the history is recorded on one row of the training.
      Dataset<Row> classes = prepared.where(Selection.training(configuration)
              .and(col(ResultColumn.EPSILON.column()).equalTo(configuration.epsilon())))
          .select(col("training_id").as("classified_id"), expr(classExpr).as("outcome_class"));
      Dataset<Row> histories = prepared.where(Selection.training(configuration).and(col(epochColumn).isNotNull()))
          .dropDuplicates("training_id");
      Dataset<Row> joined = histories.join(classes, histories.col("training_id").equalTo(classes.col("classified_id")));
      List<Row> seedCounts = joined.groupBy("outcome_class").count().collectAsList();
      List<Row> points = joined
          .select(col("outcome_class"), expr("explode(arrays_zip(" + epochColumn + ", " + lossColumn + ", "
              + taskLossColumn + ", " + activeColumn + ")) AS point"))
          .groupBy(col("outcome_class"), col("point." + epochColumn).as("epoch"))
          .agg(expr("percentile(point." + lossColumn + ", array(0.25, 0.5, 0.75)) AS loss"),
              expr("percentile(point." + taskLossColumn + ", array(0.25, 0.5, 0.75)) AS task_loss"),
              expr("percentile(point." + activeColumn + ", array(0.25, 0.5, 0.75)) AS active"))
          .collectAsList();
      Map<String, Integer> seeds = new TreeMap<>();
      seedCounts.forEach(row -> seeds.put(row.getString(0), (int) row.getLong(1)));
      List<ClassPoint> classPoints = points.stream().map(row -> new ClassPoint(row.getString(0), row.getInt(1),
          quartiles(row.getList(2)), quartiles(row.getList(3)), quartiles(row.getList(4)))).toList();
      assemble(configuration, classPoints, seeds).ifPresent(curves::add);
    }
    return curves;
  }

  /** One epoch of one class: the quartiles of loss, task loss and active edges over its seeds. */
  record ClassPoint(String outcome, int epoch, double[] loss, double[] taskLoss, double[] activeEdges) {}

  /**
   * The curve of points, each class's quartiles laid on the union of sampled epochs; empty when fewer than two
   * epochs were sampled (no curve to draw). seeds: the trainings of each class.
   */
  static java.util.Optional<Curve> assemble(ConfigurationSummary configuration, List<ClassPoint> points,
      Map<String, Integer> seeds) {
    int[] epochs = points.stream().mapToInt(ClassPoint::epoch).distinct().sorted().toArray();
    if (epochs.length < 2) {
      return java.util.Optional.empty();
    }
    List<ClassCurve> classes = new ArrayList<>();
    for (String outcome : CLASSES) {
      List<ClassPoint> ofClass = points.stream().filter(p -> p.outcome().equals(outcome)).toList();
      if (ofClass.isEmpty()) {
        continue;
      }
      double[][] loss = nanFilled(epochs.length);
      double[][] taskLoss = nanFilled(epochs.length);
      double[][] active = nanFilled(epochs.length);
      for (ClassPoint p : ofClass) {
        int at = java.util.Arrays.binarySearch(epochs, p.epoch());
        for (int q = 0; q < 3; q++) {
          loss[q][at] = p.loss()[q];
          taskLoss[q][at] = p.taskLoss()[q];
          active[q][at] = p.activeEdges()[q];
        }
      }
      classes.add(new ClassCurve(outcome, seeds.getOrDefault(outcome, 0), new Quartiles(loss, taskLoss, active)));
    }
    return java.util.Optional.of(new Curve(configuration, epochs, classes));
  }

  private static double[][] nanFilled(int n) {
    double[][] q = new double[3][n];
    for (double[] row : q) {
      java.util.Arrays.fill(row, Double.NaN);
    }
    return q;
  }

  private static double[] quartiles(List<Object> quartiles) {
    double[] q = new double[3];
    for (int i = 0; i < 3; i++) {
      Object value = quartiles == null ? null : quartiles.get(i);
      q[i] = value == null ? Double.NaN : ((Number) value).doubleValue();
    }
    return q;
  }
}
