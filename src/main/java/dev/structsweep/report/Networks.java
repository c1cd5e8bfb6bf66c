package dev.structsweep.report;

import static org.apache.spark.sql.functions.col;

import dev.structsweep.sweep.ResultColumn;
import dev.structsweep.sweep.Settings;
import dev.structsweep.task.TaskKind;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** The surviving network of a configuration: its lowest solved seed's final weights, pruned at the ε. */
final class Networks {
  private Networks() {}

  /** Draws best's network into charts/file; task is for the title only. */
  static Optional<Map<String, Object>> draw(Dataset<Row> prepared, ConfigurationSummary best, Path charts,
      String task, String file) throws IOException {
    String seedColumn = Settings.SEED.column();
    List<Row> solved = prepared.where(Selection.training(best)
        .and(col(ResultColumn.EPSILON.column()).equalTo(best.epsilon())).and(col(ResultColumn.SOLVED.column())))
        .orderBy(seedColumn).select("training_id", seedColumn).limit(1).collectAsList();
    if (solved.isEmpty()) {
      return Optional.empty();
    }
    long trainingId = solved.get(0).getLong(0);
    long seed = solved.get(0).getLong(1);
    List<Row> weights = prepared.where(Selection.training(best).and(col("training_id").equalTo(trainingId))
        .and(col(ResultColumn.FINAL_WEIGHTS.column()).isNotNull()))
        .select(Settings.HIDDEN.column(), ResultColumn.FINAL_WEIGHTS.column()).limit(1).collectAsList();
    if (weights.isEmpty()) {
      return Optional.empty();
    }
    List<Integer> hidden = weights.get(0).getList(0);
    List<Double> values = weights.get(0).getList(1);
    int[] layers = new int[hidden.size() + 2];
    TaskKind kind = TaskKind.find(task).orElse(TaskKind.XOR);
    layers[0] = kind.inputs();
    for (int i = 0; i < hidden.size(); i++) {
      layers[i + 1] = hidden.get(i);
    }
    layers[layers.length - 1] = kind.outputs();
    double[] w = values.stream().mapToDouble(Double::doubleValue).toArray();
    String title = task + ": surviving edges of seed " + seed + " at ε = " + Format.number(best.epsilon());
    Charts.save(Charts.network(title, layers, w, best.epsilon()), charts.resolve(file));
    Map<String, Object> image = new LinkedHashMap<>();
    image.put("file", "charts/" + file);
    image.put("caption", title + " (" + best.label() + "; blue positive, red negative, width ∝ |w|)");
    return Optional.of(image);
  }
}
