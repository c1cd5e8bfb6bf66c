package dev.structsweep.report;

import static org.apache.spark.sql.functions.col;

import dev.structsweep.net.Topology;
import dev.structsweep.net.Wiring;
import dev.structsweep.store.ResultColumn;
import dev.structsweep.sweep.Settings;
import dev.structsweep.task.TaskKind;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The surviving network of a configuration: the final weights, pruned at the ε, of its median solved seed, the
 * solved seed whose active edges are nearest the configuration's median (of equals, the lowest seed), so that the
 * drawing shows a typical structure rather than the first seed's.
 */
final class Networks {
  private Networks() {}

  /**
   * A trained network: layers input to output, weights[k][i][j] the edge from the j-th node layer k + 1 reads to its
   * node i; sourceLayers[k][j] is the layer of that j-th node (k when layered; any layer up to k in a DAG). idle
   * counts the repository's hidden-to-hidden edges, which carry no signal and are not drawn; idleActive those of
   * them with |w| ≥ ε.
   */
  record Drawn(ConfigurationSummary configuration, long seed, int[] layers, double[][][] weights,
      int[][] sourceLayers, int idle, int idleActive) {}

  static Optional<Drawn> of(Dataset<Row> prepared, ConfigurationSummary configuration) {
    Optional<TaskKind> task = TaskKind.find(configuration.task());
    if (task.isEmpty()) {
      return Optional.empty();
    }
    List<Row> solved = prepared.where(Selection.training(configuration)
        .and(col(ResultColumn.EPSILON.column()).equalTo(configuration.epsilon()))
        .and(col(ResultColumn.SOLVED.column())))
        .orderBy(org.apache.spark.sql.functions.abs(col(ResultColumn.ACTIVE_EDGES.column())
            .minus(configuration.activeEdges().median())), col(Settings.SEED.column()))
        .select("training_id", Settings.SEED.column()).limit(1).collectAsList();
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
    Object wiringCell = configuration.setting(Settings.TOPOLOGY);
    Wiring wiring = wiringCell == null ? Wiring.LAYERED : Wiring.parse(String.valueOf(wiringCell));
    Topology topology = Topology.of(wiring, task.get().inputs(), hidden, task.get().outputs());
    int[] layers = topology.layerSizes();
    List<Double> flat = weights.get(0).getList(0);
    if (flat.size() != topology.edgeCount()) {
      throw new IllegalStateException("training " + trainingId + " holds " + flat.size() + " final weights where "
          + topology + " has " + topology.edgeCount() + " edges: its rows are corrupt");
    }
    double[][][] matrices = new double[topology.weightLayers()][][];
    int[][] sourceLayers = new int[matrices.length][];
    int at = 0;
    for (int k = 0; k < matrices.length; k++) {
      matrices[k] = new double[topology.targets(k)][topology.sources(k)];
      for (int i = 0; i < topology.targets(k); i++) {
        for (int j = 0; j < topology.sources(k); j++) {
          matrices[k][i][j] = flat.get(at++);
        }
      }
      sourceLayers[k] = new int[topology.sources(k)];
      for (int j = 0; j < sourceLayers[k].length; j++) {
        sourceLayers[k][j] = topology.sourceLayer(k, j);
      }
    }
    int idle = flat.size() - at;
    int idleActive = 0;
    for (; at < flat.size(); at++) {
      idleActive += Math.abs(flat.get(at)) >= configuration.epsilon() ? 1 : 0;
    }
    return Optional.of(new Drawn(configuration, solved.get(0).getLong(1), layers, matrices, sourceLayers, idle,
        idleActive));
  }
}
