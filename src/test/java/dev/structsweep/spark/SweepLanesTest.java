package dev.structsweep.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import dev.structsweep.store.TrialRows;
import dev.structsweep.sweep.SweepFiles;
import dev.structsweep.sweep.SweepSpec;

import dev.structsweep.net.Trainer;
import dev.structsweep.testing.SparkSessions;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sweep writes the same rows whatever its {@code lanes}, provenance and training time aside: seeds of a
 * configuration trained together as lanes, layered and DAG alike, the remainder of a run one at a time. Chunks of 13
 * trainings split the configurations' 20 seeds at odd places.
 */
class SweepLanesTest {
  private static final String SWEEP = "task = xor, hidden = [4], topology = [layered, dag], activation = [relu, tanh],"
      + " lambda = 0.01, learning-rate = 0.01, epochs = 40, epsilon = [0.01, 0.1], seeds = { from = 3, count = 20 },"
      + " data.xor.train-size = 40, data.xor.test-size = 40, chunk-size = 13, spark.partitions-per-chunk = 1";

  @TempDir
  Path directory;

  @AfterAll
  static void stopSpark() {
    SparkSessions.stop();
  }

  @Test
  void everyLaneCountWritesTheRowsOfOneAtATime() throws IOException {
    // The test JVM has the Vector API (pom.xml), so the layered trainings run in lanes.
    int width = Trainer.vectorWidth();
    assertTrue(width > 0, "the test JVM runs with --add-modules=jdk.incubator.vector");
    List<Row> alone = run("alone", 1);
    for (int lanes : new int[] {width, 16, 64}) {
      List<Row> together = run("lanes" + lanes, lanes);
      assertEquals(alone.size(), together.size(), lanes + " lanes");
      for (int i = 0; i < alone.size(); i++) {
        assertEquals(deterministic(alone.get(i)), deterministic(together.get(i)), lanes + " lanes, row " + i);
      }
      // The trainings of one run share out its time equally: the same training_millis, to the bit. Every wiring
      // trains in runs of at least one vector of lanes.
      for (String topology : List.of("layered", "dag")) {
        Map<Double, Integer> shared = sharedMillis(together, topology);
        int largest = shared.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        assertTrue(largest >= width * 2, lanes + " lanes: no " + topology + " run of a vector in " + shared);
      }
    }
  }

  /** How many rows (a training has one per ε) carry each value of training_millis, over one topology's rows. */
  private static Map<Double, Integer> sharedMillis(List<Row> rows, String topology) {
    Map<Double, Integer> counts = new HashMap<>();
    for (Row row : rows) {
      if (topology.equals(row.getString(row.fieldIndex("topology")))) {
        counts.merge(row.getDouble(row.fieldIndex("training_millis")), 1, Integer::sum);
      }
    }
    return counts;
  }

  private List<Row> run(String name, int lanes) throws IOException {
    Path file = directory.resolve(name + ".conf");
    Files.writeString(file, "sweep { name = " + name + ", lanes = " + lanes + ", " + SWEEP + " }");
    SweepSpec spec = SweepFiles.load(file, List.of(), directory.resolve("out").toString());
    assertEquals(lanes, spec.lanes());
    SweepJob.run(SparkSessions.shared(), spec, false, "lanes-test", null, new PrintWriter(new StringWriter()));
    return SparkSessions.shared().read().parquet(spec.resultsDirectory().resolve("trials").toString())
        .orderBy("training_id", "epsilon").collectAsList();
  }

  /** The row without what depends on the run: its sweep's name, where and how long it ran. */
  private static String deterministic(Row row) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < row.length(); i++) {
      String column = row.schema().fields()[i].name();
      if (!column.equals("sweep") && !column.equals("spec_hash") && !TrialRows.PROVENANCE.contains(column)) {
        text.append(column).append('=').append(String.valueOf(row.get(i))).append('\t');
      }
    }
    return text.toString();
  }
}
