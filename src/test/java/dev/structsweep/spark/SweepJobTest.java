package dev.structsweep.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import dev.structsweep.store.ResultsDirectory;
import dev.structsweep.store.TrialRows;
import dev.structsweep.sweep.SpecException;
import dev.structsweep.sweep.SweepFiles;
import dev.structsweep.sweep.SweepSpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.structsweep.testing.SparkSessions;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SweepJobTest {
  @TempDir
  Path directory;

  @AfterAll
  static void stopSpark() {
    SparkSessions.stop();
  }

  private SweepSpec spec(String name, String body, String... overrides) throws IOException {
    return specIn("results", name, body, overrides);
  }

  private SweepSpec specIn(String output, String name, String body, String... overrides) throws IOException {
    Path file = directory.resolve(name + ".conf");
    Files.writeString(file, "sweep { " + body + " }");
    List<String> all = new ArrayList<>(List.of(overrides));
    all.add("output=\"" + directory.resolve(output) + "\"");
    return SweepFiles.load(file, all);
  }

  private static SweepJob.Outcome run(SparkSession spark, SweepSpec spec) throws IOException {
    return SweepJob.run(spark, spec, false, "test", "abc123", new PrintWriter(new StringWriter()));
  }

  private static Dataset<Row> read(SparkSession spark, SweepSpec spec) {
    return spark.read().parquet(spec.resultsDirectory().resolve("trials").toString());
  }

  @Test
  void endToEndEveryTrainingAtEveryEpsilonExactlyOnce() throws IOException {
    SparkSession spark = SparkSessions.shared();
    SweepSpec spec = spec("e2e", "hidden = [[2], [3]], lambda = [0, 0.05], epochs = 30, epsilon = [0.01, 0.1, 1],"
        + " seeds = { from = 0, count = 4 }, chunk-size = 5, history-every = 10");
    SweepJob.Outcome outcome = run(spark, spec);
    assertEquals(16, spec.size());
    assertEquals(4, outcome.chunks());
    assertEquals(16, outcome.trainingsTrained());
    assertEquals(48, outcome.rows());

    Dataset<Row> rows = read(spark, spec);
    assertEquals(48, rows.count());
    assertEquals(48, rows.select("trial_key", "epsilon").distinct().count(), "each (trial_key, ε) once");
    assertEquals(16, rows.select("training_id").distinct().count());
    for (StructField field : TrialRows.SCHEMA.fields()) {
      // Parquet reads arrays back as nullable; the types must match otherwise.
      assertTrue(org.apache.spark.sql.types.DataType.equalsStructurally(field.dataType(),
          rows.schema().apply(field.name()).dataType(), true), field.name());
    }
    Row first = rows.where("training_id = 0 AND epsilon = 0.01").first();
    assertEquals(Arrays.asList(0, 10, 20, 29), first.getList(first.fieldIndex("history_epoch")));
    assertEquals(2 * 2 + 2, first.getList(first.fieldIndex("final_weights")).size());
    assertEquals("abc123", first.getString(first.fieldIndex("git_commit")));
    assertEquals(spec.specHash(), first.getString(first.fieldIndex("spec_hash")));
    assertEquals(32, rows.where("history_loss IS NULL").count(), "history only on the first ε's row");
    assertEquals(0, rows.groupBy("training_id").count().where("count != 3").count(),
        "every training has one row per ε");

    JsonNode manifest = new ObjectMapper().readTree(spec.resultsDirectory().resolve("manifest.json").toFile());
    assertEquals("complete", manifest.get("status").asText());
    assertEquals(48, manifest.get("rows").asLong());
    assertEquals(4, manifest.get("committedChunkCount").asInt());
    assertTrue(Files.readString(spec.resultsDirectory().resolve("sweep.conf")).contains("chunk-size"));
  }

  @Test
  void sameSpecGivesIdenticalRowsAcrossPartitionings() throws IOException {
    String body = "hidden = [[3]], lambda = [0, 0.02], activation = [relu, tanh], epochs = 40, batch-size = [0, 16],"
        + " epsilon = [0.01, 0.1], seeds = { from = 0, count = 3 }, chunk-size = 7";
    SweepSpec one = specIn("one", "grid", body, "spark.partitions-per-chunk=1");
    SweepSpec seven = specIn("seven", "grid", body, "spark.partitions-per-chunk=7");
    assertEquals(one.specHash(), seven.specHash(), "partitioning is not part of the spec");
    try {
      run(SparkSessions.restart("local[1]"), one);
      Dataset<Row> a = deterministic(read(SparkSessions.shared(), one));
      List<Row> fromOne = a.orderBy("training_id", "epsilon").collectAsList();
      run(SparkSessions.restart("local[2]"), seven);
      List<Row> fromSeven = deterministic(read(SparkSessions.shared(), seven)).orderBy("training_id", "epsilon")
          .collectAsList();
      assertEquals(24 * 2, fromOne.size());
      assertEquals(fromOne.size(), fromSeven.size());
      for (int i = 0; i < fromOne.size(); i++) {
        assertEquals(fromOne.get(i), fromSeven.get(i), "row " + i);
      }
      assertEquals(List.of(1L, 1L, 1L, 1L), parquetFilesPerChunk(seven), "seven partitions, one file a chunk");
    } finally {
      SparkSessions.restart("local[2]");
    }
  }

  @Test
  void partitionsHoldWholeLaneGroups() throws Exception {
    // Runs of 40 seeds in lanes of 16: groups of 16, 16 and 8 in each run, two runs a chunk. Partitions cut
    // anywhere else (four slices of 20, say) would hand the engine 8 shorter groups instead of 6.
    SweepSpec spec = spec("groups", "hidden = [[3]], lambda = [0, 0.02], epochs = 20, epsilon = [0.01],"
        + " seeds = { from = 0, count = 40 }, chunk-size = 80, lanes = 16");
    SparkSession spark = SparkSessions.shared();
    List<String> jobs = java.util.Collections.synchronizedList(new ArrayList<>());
    org.apache.spark.scheduler.SparkListener listener = new org.apache.spark.scheduler.SparkListener() {
      @Override
      public void onJobStart(org.apache.spark.scheduler.SparkListenerJobStart start) {
        jobs.add(String.valueOf(start.properties().getProperty("spark.job.description")));
      }
    };
    spark.sparkContext().addSparkListener(listener);
    SweepJob.Outcome outcome;
    try {
      outcome = run(spark, spec);
    } finally {
      spark.sparkContext().removeSparkListener(listener);
    }
    assertEquals(80, outcome.trainingsTrained());
    assertEquals(6, outcome.laneGroups());
    spark.sparkContext().listenerBus().waitUntilEmpty(10_000);
    assertEquals(1, jobs.stream().filter(job -> job.endsWith(" chunk 0")).count(),
        "a chunk's training and write are one job, so its write keeps the chunk's place in the queue: " + jobs);
    assertEquals("true", spark.conf().get("spark.sql.adaptive.enabled"), "adaptive execution is on again");
    JsonNode manifest = new ObjectMapper().readTree(spec.resultsDirectory().resolve("manifest.json").toFile());
    assertEquals(6, manifest.get("runs").get(0).get("laneGroups").asLong());
    assertEquals(List.of(1L), parquetFilesPerChunk(spec));
  }

  @Test
  void aTaskTriedAgainIsCountedAsRetriedAndItsRowsWrittenOnce() throws IOException {
    // Two chunks of two partitions (local[2]); each chunk's first partition fails once after training its 8 ids.
    SweepSpec spec = spec("retried", "hidden = [[3]], epochs = 20, epsilon = [0.01, 0.1],"
        + " seeds = { from = 0, count = 16 }, chunk-size = 16, lanes = 4", "seeds.count=32");
    System.setProperty(TrainPartition.FAIL_FIRST_ATTEMPT, "true");
    SweepJob.Outcome outcome;
    try {
      outcome = run(SparkSessions.restart("local[2,2]"), spec);
    } finally {
      System.clearProperty(TrainPartition.FAIL_FIRST_ATTEMPT);
      SparkSessions.restart("local[2]");
    }
    assertEquals(2, outcome.chunksTrained());
    assertEquals(32, outcome.trainingsTrained(), "a failed attempt's count is not kept");
    assertEquals(16, outcome.trainingsRetried(), "each chunk's first partition, trained again");
    Dataset<Row> rows = read(SparkSessions.shared(), spec);
    assertEquals(64, rows.count());
    assertEquals(64, rows.select("training_id", "epsilon").distinct().count());
    assertEquals(16, rows.where("task_attempt = 1").select("training_id").distinct().count(),
        "the rows written are those of the second attempt");
  }

  /** The Parquet files of each committed chunk, in chunk order. */
  private static List<Long> parquetFilesPerChunk(SweepSpec spec) throws IOException {
    try (var chunks = Files.list(spec.resultsDirectory().resolve("trials"))) {
      List<Long> counts = new ArrayList<>();
      for (Path chunk : chunks.filter(Files::isDirectory).sorted().toList()) {
        try (var files = Files.list(chunk)) {
          counts.add(files.filter(file -> file.getFileName().toString().endsWith(".parquet")).count());
        }
      }
      return counts;
    }
  }

  private static Dataset<Row> deterministic(Dataset<Row> rows) {
    List<String> drop = new ArrayList<>(TrialRows.PROVENANCE);
    drop.add("chunk");
    return rows.drop(drop.toArray(String[]::new));
  }

  @Test
  void interruptedSweepResumesWithoutDuplicatesOrGaps() throws IOException {
    SparkSession spark = SparkSessions.shared();
    SweepSpec spec = spec("resume", "hidden = [[2]], lambda = [0, 0.01, 0.1], epochs = 20, epsilon = [0.01, 0.1],"
        + " seeds = { from = 0, count = 10 }, chunk-size = 3, spark.partitions-per-chunk = 2");
    assertEquals(10, spec.chunks());
    System.setProperty(SweepJob.STOP_AFTER_CHUNKS, "4");
    try {
      IllegalStateException stopped = assertThrows(IllegalStateException.class, () -> run(spark, spec));
      assertTrue(stopped.getMessage().startsWith("stopped after"), stopped.getMessage());
    } finally {
      System.clearProperty(SweepJob.STOP_AFTER_CHUNKS);
    }
    ResultsDirectory results = new ResultsDirectory(spec.resultsDirectory().toString(),
        spark.sparkContext().hadoopConfiguration());
    int committed = results.committedChunks().cardinality();
    assertEquals(4, committed, "chunks committed before the stop");

    SweepJob.Outcome resumed = run(spark, spec);
    assertEquals(committed, resumed.chunksSkipped());
    assertEquals(10 - committed, resumed.chunksTrained(), "committed chunks are not trained again");
    assertEquals(30 - 3L * committed, resumed.trainingsTrained());
    Dataset<Row> rows = read(spark, spec);
    assertEquals(60, rows.count());
    assertEquals(60, rows.select("trial_key", "epsilon").distinct().count());
    assertEquals(30, rows.select("training_id").distinct().count());
    JsonNode manifest = results.readManifest();
    assertEquals(2, manifest.get("runs").size(), "both runs recorded");
    assertEquals("complete", manifest.get("status").asText());
  }

  @Test
  void divergingTrialsAreRowsNotFailures() throws IOException {
    SparkSession spark = SparkSessions.shared();
    SweepSpec spec = spec("diverge", "task = addition, hidden = [[8]], optimizer = sgd, lambda = 0,"
        + " learning-rate = 1000, epochs = 200, seeds = { from = 0, count = 4 }, chunk-size = 10");
    SweepJob.Outcome outcome = run(spark, spec);
    assertEquals(4, outcome.rows());
    Dataset<Row> rows = read(spark, spec);
    assertEquals(4, rows.where("diverged AND NOT solved").count());
  }

  @Test
  void aDifferentSpecOverExistingResultsIsRefusedUnlessOverwrite() throws IOException {
    SparkSession spark = SparkSessions.shared();
    SweepSpec first = spec("same", "epochs = 5, seeds = [1, 2], chunk-size = 2");
    run(spark, first);
    SweepSpec other = spec("same", "epochs = 6, seeds = [1, 2], chunk-size = 2");
    PrintWriter quiet = new PrintWriter(new StringWriter());
    SpecException refused = assertThrows(SpecException.class,
        () -> SweepJob.run(spark, other, false, "test", null, quiet));
    assertTrue(refused.getMessage().contains("holds the results of another sweep"), refused.getMessage());
    assertEquals(2, read(spark, first).count(), "a refused run leaves the results as they were");
    assertEquals(2, SweepJob.run(spark, other, true, "test", null, quiet).rows());
    assertEquals(2, read(spark, other).where("epochs = 6").count(), "--overwrite replaced the old results");
    assertEquals(0, read(spark, other).where("epochs = 5").count(), "nothing of the old results is left");
  }
}
