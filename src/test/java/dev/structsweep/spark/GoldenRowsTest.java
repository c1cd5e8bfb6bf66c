package dev.structsweep.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import dev.structsweep.store.TrialRows;
import dev.structsweep.sweep.SweepFiles;
import dev.structsweep.sweep.SweepSpec;

import dev.structsweep.testing.SparkSessions;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Results never change silently: a small fixed sweep (both tasks, two hidden sizes, two activations, both L1
 * rules, full and mini-batches, two ε, two seeds) must write, row for row, what {@code golden/rows.tsv} holds: per
 * (training, ε) its trial key and a SHA-256 of every deterministic column, doubles by their bits. A change that
 * alters a row fails here; if the change is meant, regenerate the file with {@code -Dstructsweep.golden.write=true}
 * and say in docs/changelog.md and the commit which rows changed and why.
 */
class GoldenRowsTest {
  private static final Path GOLDEN = Path.of("src/test/resources/golden/rows.tsv");
  private static final String SWEEP = "name = golden, task = [xor, addition], hidden = [[2], [3]],"
      + " activation = [relu, tanh], l1 = [subgradient, proximal], lambda = 0.01, learning-rate = 0.01,"
      + " epochs = 60, batch-size = [0, 16], epsilon = [0.01, 0.1], seeds = [0, 7], history-every = 20,"
      + " data.xor.train-size = 40, data.xor.test-size = 40, data.addition.train-size = 40,"
      + " data.addition.test-size = 40, chunk-size = 50";
  /** Not a pure function of the settings (provenance), or checked on their own line (the keys). */
  private static final Set<String> LEFT_OUT = Set.of("sweep", "spec_hash", "trial_key", "version", "git_commit",
      "host", "executor_id", "task_attempt", "training_millis");
  /** Columns added after the golden rows were written, at the value that leaves the old columns as they were. */
  private static final java.util.Map<String, Object> ADDED_SINCE = java.util.Map.ofEntries(
      java.util.Map.entry("init_scale", 1.0), java.util.Map.entry("stuck_tolerance", 0.01),
      java.util.Map.entry("lambda_warmup", 0), java.util.Map.entry("lambda_ramp", 0),
      java.util.Map.entry("topology", "layered"), java.util.Map.entry("loss", "task"),
      java.util.Map.entry("round_threshold", 0.5), java.util.Map.entry("round_every", 10),
      java.util.Map.entry("retrain_epochs", 0), java.util.Map.entry("init_distribution", "uniform"),
      java.util.Map.entry("precision", "float64"), java.util.Map.entry("reduce_epochs", 0),
      java.util.Map.entry("reweight_every", 0), java.util.Map.entry("reweight_delta", 0.1),
      java.util.Map.entry("imp_rate", 0.0), java.util.Map.entry("imp_rewind", 0));
  /** Measured columns added after the golden rows were written: checked against the old columns below. */
  private static final Set<String> MEASURED_SINCE = Set.of("outcome", "loss_tail_change", "pruned_corners",
      "zero_edges", "minimum_edges", "at_minimum", "finetuned_solved", "finetuned_test_loss", "finetuned_test_accuracy",
      "finetuned_test_r2", "ticket_solved", "ticket_test_loss", "ticket_test_accuracy", "ticket_test_r2",
      "reduced_edges", "reduced_test_accuracy", "reduced_test_r2", "imp_edges", "distance_to_minimum",
      "total_epochs");

  @TempDir
  Path directory;

  @AfterAll
  static void stopSpark() {
    SparkSessions.stop();
  }

  @Test
  void aFixedSweepWritesTheGoldenRows() throws IOException {
    Path file = directory.resolve("golden.conf");
    Files.writeString(file, "sweep { " + SWEEP + " }");
    SweepSpec spec = SweepFiles.load(file, List.of(), directory.resolve("out").toString());
    SweepJob.run(SparkSessions.shared(), spec, false, "golden", null, new PrintWriter(new StringWriter()));
    List<Row> rows = SparkSessions.shared().read().parquet(spec.resultsDirectory().resolve("trials").toString())
        .drop("chunk").orderBy("training_id", "epsilon").collectAsList();
    List<String> lines = new ArrayList<>();
    lines.add("# spec_hash " + spec.specHash());
    lines.add("# training_id\tepsilon\ttrial_key\tsha256 of every other deterministic column");
    for (Row row : rows) {
      lines.add(row.getLong(row.fieldIndex("training_id")) + "\t" + row.getDouble(row.fieldIndex("epsilon")) + "\t"
          + row.getString(row.fieldIndex("trial_key")) + "\t" + digest(row));
    }
    if (Boolean.getBoolean("structsweep.golden.write")) {
      Files.createDirectories(GOLDEN.getParent());
      Files.write(GOLDEN, lines);
    }
    List<String> golden = Files.readAllLines(GOLDEN);
    assertEquals(128 + 2, golden.size(), "64 trainings × 2 ε, and the two header lines");
    assertEquals(golden.get(0), lines.get(0), "the spec hash; if it is meant to change, docs/changelog.md says why");
    for (int i = 2; i < golden.size(); i++) {
      String[] want = golden.get(i).split("\t");
      String[] got = lines.get(i).split("\t");
      assertEquals(want[0] + " " + want[1], got[0] + " " + got[1], "row " + i);
      assertEquals(want[2], got[2], "trial key of training " + want[0] + " at ε " + want[1]);
      assertEquals(want[3], got[3], "the columns of training " + want[0] + " at ε " + want[1]);
    }
    assertTrue(lines.stream().skip(2).map(line -> line.split("\t")[3]).distinct().count() > 100,
        "the digests tell rows apart");
    for (Row row : rows) {
      ADDED_SINCE.forEach((column, value) -> assertEquals(value, row.get(row.fieldIndex(column)), column));
      String outcome = row.getString(row.fieldIndex("outcome"));
      boolean solved = row.getBoolean(row.fieldIndex("solved"));
      boolean diverged = row.getBoolean(row.fieldIndex("diverged"));
      assertEquals(solved, outcome.equals("solved"), "outcome " + outcome + " against solved " + solved);
      assertEquals(diverged, outcome.equals("diverged"), "outcome " + outcome + " against diverged " + diverged);
      boolean xor = row.getString(row.fieldIndex("task")).equals("xor");
      assertEquals(xor && !diverged, !row.isNullAt(row.fieldIndex("pruned_corners")), "corners only for XOR");
      assertTrue(row.isNullAt(row.fieldIndex("finetuned_solved")) && row.isNullAt(row.fieldIndex("ticket_solved"))
          && Double.isNaN(row.getDouble(row.fieldIndex("finetuned_test_loss")))
          && Double.isNaN(row.getDouble(row.fieldIndex("ticket_test_loss"))), "nothing retrained");
      assertTrue(row.isNullAt(row.fieldIndex("reduced_edges")) && row.isNullAt(row.fieldIndex("imp_edges"))
          && Double.isNaN(row.getDouble(row.fieldIndex("reduced_test_accuracy")))
          && Double.isNaN(row.getDouble(row.fieldIndex("reduced_test_r2"))), "nothing reduced");
      assertEquals(row.getInt(row.fieldIndex("epochs_completed")), row.getInt(row.fieldIndex("total_epochs")),
          "the training's epochs alone");
      if (!row.isNullAt(row.fieldIndex("minimum_edges"))) {
        int minimum = row.getInt(row.fieldIndex("minimum_edges"));
        assertEquals(xor ? 6 : 3, minimum, "the layered minima");
        assertEquals(solved && row.getInt(row.fieldIndex("active_edges")) == minimum,
            row.getBoolean(row.fieldIndex("at_minimum")), "at the minimum");
        assertEquals(solved ? (Object) (row.getInt(row.fieldIndex("active_edges")) - minimum) : null,
            row.get(row.fieldIndex("distance_to_minimum")), "the distance to the minimum, solved rows only");
      }
    }
    assertTrue(rows.stream().map(row -> row.getString(row.fieldIndex("outcome"))).distinct().count() >= 3,
        "the fixed sweep holds solved, stuck and improving trainings");
  }

  /** Every deterministic column, in schema order, doubles by their bits so that no rounding hides a change. */
  private static String digest(Row row) {
    StringBuilder text = new StringBuilder();
    for (org.apache.spark.sql.types.StructField field : TrialRows.SCHEMA.fields()) {
      if (!LEFT_OUT.contains(field.name()) && !ADDED_SINCE.containsKey(field.name())
          && !MEASURED_SINCE.contains(field.name())) {
        text.append(field.name()).append('=').append(render(row.get(row.fieldIndex(field.name())))).append('\n');
      }
    }
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(text.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String render(Object value) {
    if (value instanceof Double number) {
      return Long.toHexString(Double.doubleToRawLongBits(number));
    }
    if (value instanceof scala.collection.Seq<?> seq) {
      StringBuilder list = new StringBuilder("[");
      scala.jdk.javaapi.CollectionConverters.asJava(seq).forEach(item -> list.append(render(item)).append(','));
      return list.append(']').toString();
    }
    return String.valueOf(value);
  }
}
