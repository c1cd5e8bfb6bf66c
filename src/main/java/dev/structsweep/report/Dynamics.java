package dev.structsweep.report;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;

import dev.structsweep.sweep.ResultColumn;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Training curves of chosen configurations: median and quartiles over seeds at every sampled epoch. */
final class Dynamics {
  private Dynamics() {}

  static List<Map<String, Object>> draw(Dataset<Row> prepared, List<ConfigurationSummary> chosen, Path charts)
      throws IOException {
    List<Map<String, Object>> images = new ArrayList<>();
    int index = 0;
    for (ConfigurationSummary configuration : chosen) {
      String epochColumn = ResultColumn.HISTORY_EPOCH.column();
      String lossColumn = ResultColumn.HISTORY_LOSS.column();
      String activeColumn = ResultColumn.HISTORY_ACTIVE_EDGES.column();
      List<Row> points = prepared.where(Selection.training(configuration).and(col(epochColumn).isNotNull()))
          .select(expr("explode(arrays_zip(" + epochColumn + ", " + lossColumn + ", " + activeColumn + ")) AS point"))
          .groupBy(col("point." + epochColumn).as("epoch"))
          .agg(expr("percentile(point." + lossColumn + ", array(0.25, 0.5, 0.75)) AS loss"),
              expr("percentile(point." + activeColumn + ", array(0.25, 0.5, 0.75)) AS active"))
          .orderBy("epoch").collectAsList();
      if (points.size() < 2) {
        continue;
      }
      double[] epochs = new double[points.size()];
      double[][] loss = new double[3][points.size()];
      double[][] active = new double[3][points.size()];
      for (int p = 0; p < points.size(); p++) {
        Row row = points.get(p);
        epochs[p] = row.getInt(0);
        List<Double> l = row.getList(1);
        List<Double> a = row.getList(2);
        for (int q = 0; q < 3; q++) {
          loss[q][p] = l.get(q) == null ? Double.NaN : l.get(q);
          active[q][p] = a.get(q) == null ? Double.NaN : a.get(q);
        }
      }
      index++;
      String lossFile = "dynamics-" + index + "-loss.png";
      String edgesFile = "dynamics-" + index + "-edges.png";
      Charts.save(Charts.dynamics("loss (task + λΣ|w|) over epochs", "loss", epochs, loss), charts.resolve(lossFile));
      Charts.save(Charts.dynamics("active edges over epochs (at the first ε)", "active edges", epochs, active),
          charts.resolve(edgesFile));
      Map<String, Object> image = new LinkedHashMap<>();
      image.put("label", configuration.label());
      image.put("lossFile", "charts/" + lossFile);
      image.put("edgesFile", "charts/" + edgesFile);
      images.add(image);
    }
    return images;
  }
}
