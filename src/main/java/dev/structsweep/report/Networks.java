package dev.structsweep.report;

import static org.apache.spark.sql.functions.col;

import dev.structsweep.sweep.ResultColumn;
import dev.structsweep.sweep.Settings;
import dev.structsweep.task.TaskKind;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** The surviving network of a configuration: its lowest solved seed's final weights, pruned at the ε. */
final class Networks {
  private Networks() {}

  /**
   * A trained network: layers input to output, weights[k][i][j] the edge from node j of layer k to node i of
   * layer k + 1.
   */
  record Drawn(ConfigurationSummary configuration, long seed, int[] layers, double[][][] weights) {}

  static Optional<Drawn> of(Dataset<Row> prepared, ConfigurationSummary configuration) {
    Optional<TaskKind> task = TaskKind.find(configuration.task());
    if (task.isEmpty()) {
      return Optional.empty();
    }
    List<Row> solved = prepared.where(Selection.training(configuration)
        .and(col(ResultColumn.EPSILON.column()).equalTo(configuration.epsilon()))
        .and(col(ResultColumn.SOLVED.column())))
        .orderBy(Settings.SEED.column()).select("training_id", Settings.SEED.column()).limit(1).collectAsList();
    if (solved.isEmpty()) {
      return Optional.empty();
    }
    long trainingId = solved.get(0).getLong(0);
    List<Row> weights = prepared.where(Selection.training(configuration).and(col("training_id").equalTo(trainingId))
        .and(col(ResultColumn.FINAL_WEIGHTS.column()).isNotNull()))
        .select(ResultColumn.FINAL_WEIGHTS.column()).limit(1).collectAsList();
    if (weights.isEmpty()) {
      return Optional.empty();
    }
    int[] hidden = (int[]) configuration.setting(Settings.HIDDEN);
    int[] layers = new int[hidden.length + 2];
    layers[0] = task.get().inputs();
    System.arraycopy(hidden, 0, layers, 1, hidden.length);
    layers[layers.length - 1] = task.get().outputs();
    List<Double> flat = weights.get(0).getList(0);
    double[][][] matrices = new double[layers.length - 1][][];
    int at = 0;
    for (int k = 0; k < matrices.length; k++) {
      matrices[k] = new double[layers[k + 1]][layers[k]];
      for (int i = 0; i < layers[k + 1]; i++) {
        for (int j = 0; j < layers[k]; j++) {
          matrices[k][i][j] = flat.get(at++);
        }
      }
    }
    return Optional.of(new Drawn(configuration, solved.get(0).getLong(1), layers, matrices));
  }
}
