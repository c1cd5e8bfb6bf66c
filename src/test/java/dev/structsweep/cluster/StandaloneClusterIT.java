package dev.structsweep.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.structsweep.spark.SweepJob;
import dev.structsweep.store.ResultsDirectory;
import dev.structsweep.store.TrialRows;
import dev.structsweep.sweep.SweepFiles;
import dev.structsweep.sweep.SweepSpec;
import dev.structsweep.testing.SparkSessions;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same jar on a real multi-process Spark cluster: a master and two one-core workers on 127.0.0.1, each in
 * its own JVM, sweeps submitted through SparkSubmit in a JVM of their own, executors and drivers killed.
 */
class StandaloneClusterIT {
  @TempDir
  static Path directory;
  static StandaloneCluster cluster;

  @BeforeAll
  static void startCluster() throws Exception {
    Path logs = Files.createDirectories(directory.resolve("cluster"));
    cluster = new StandaloneCluster(2, logs);
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
    SparkSessions.stop();
  }

  private static Path conf(String name, String body) throws IOException {
    Path file = directory.resolve(name + ".conf");
    Files.writeString(file, "sweep { " + body + " }");
    return file;
  }

  private static int await(Process process, Path log, int minutes) throws Exception {
    try {
      if (!process.waitFor(minutes, TimeUnit.MINUTES)) {
        throw new AssertionError("the sweep did not finish in " + minutes + " min; log:\n" + tail(log));
      }
      return process.exitValue();
    } finally {
      process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
    }
  }

  private static String tail(Path log) throws IOException {
    List<String> lines = Files.readAllLines(log);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
  }

  private static Dataset<Row> rows(SparkSession spark, Path results) {
    return spark.read().parquet(results.resolve("trials").toString());
  }

  private static void assertEveryRowOnce(SparkSession spark, Path results, long trainings, int epsilons) {
    Dataset<Row> rows = rows(spark, results);
    assertEquals(trainings * epsilons, rows.count(), "rows");
    assertEquals(trainings * epsilons, rows.select("trial_key", "epsilon").distinct().count(), "distinct rows");
    assertEquals(trainings, rows.select("training_id").distinct().count(), "trainings");
  }

  @Test
  void clusterRowsAreIdenticalToLocalRows() throws Exception {
    String body = "hidden = [[3]], lambda = [0, 0.01], activation = [relu, tanh], epochs = 100,"
        + " epsilon = [0.01, 0.1], seeds = { from = 0, count = 10 }, chunk-size = 16";
    Path file = conf("same", body);
    Path log = directory.resolve("same.log");
    Path clusterOut = directory.resolve("cluster-results");
    Process driver = cluster.submit(log, "sweep", file.toString(), "--output", clusterOut.toString());
    assertEquals(0, await(driver, log, 5), tail(log));

    SparkSession spark = SparkSessions.shared();
    SweepSpec spec = SweepFiles.load(file, List.of("output=\"" + directory.resolve("local-results") + "\""));
    SweepJob.run(spark, spec, false, "test", null, new PrintWriter(new StringWriter()));

    List<String> drop = new ArrayList<>(TrialRows.PROVENANCE);
    drop.addAll(List.of("chunk", "version", "git_commit"));
    String[] dropped = drop.toArray(String[]::new);
    List<Row> fromCluster = rows(spark, clusterOut.resolve("same")).drop(dropped)
        .orderBy("training_id", "epsilon").collectAsList();
    List<Row> fromLocal = rows(spark, spec.resultsDirectory()).drop(dropped).orderBy("training_id", "epsilon")
        .collectAsList();
    assertEquals(80, fromCluster.size());
    for (int i = 0; i < fromLocal.size(); i++) {
      assertEquals(fromLocal.get(i), fromCluster.get(i), "row " + i);
    }
    List<String> executors = rows(spark, clusterOut.resolve("same")).select("executor_id").distinct()
        .as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
    assertTrue(executors.stream().noneMatch("driver"::equals), "trained on executors: " + executors);
  }

  @Test
  void killedExecutorLosesNothingAndTheManifestCountsTheRetries() throws Exception {
    Path file = conf("executor", "hidden = [[8]], epochs = 3000, epsilon = [0.01, 0.05],"
        + " seeds = { from = 0, count = 1600 }, chunk-size = 200, spark.partitions-per-chunk = 4");
    Path log = directory.resolve("executor.log");
    Path out = directory.resolve("executor-results");
    Process driver = cluster.submit(log, "sweep", file.toString(), "--output", out.toString());
    List<ProcessHandle> executors = List.of();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (executors.size() < 2 && System.nanoTime() < deadline && driver.isAlive()) {
      Thread.sleep(200);
      executors = cluster.executors();
    }
    assertEquals(2, executors.size(), "two executors running; log:\n" + tail(log));
    // Once a chunk has committed, tasks of the next chunks run on both executors: kill one JVM outright.
    ResultsDirectory view = new ResultsDirectory(out.resolve("executor").toString(),
        new org.apache.hadoop.conf.Configuration());
    while (System.nanoTime() < deadline + TimeUnit.SECONDS.toNanos(120) && driver.isAlive()
        && (!Files.exists(out.resolve("executor/trials")) || view.committedChunks().isEmpty())) {
      Thread.sleep(100);
    }
    Thread.sleep(500);
    assertTrue(driver.isAlive(), "the sweep is still running when the executor dies; log:\n" + tail(log));
    ProcessHandle victim = executors.get(0);
    long killedAt = System.nanoTime();
    victim.destroyForcibly();
    assertEquals(0, await(driver, log, 10), tail(log));
    double seconds = (System.nanoTime() - killedAt) / 1e9;
    System.out.printf("executor %d killed; the sweep ended %.1f s later%n", victim.pid(), seconds);

    assertEveryRowOnce(SparkSessions.shared(), out.resolve("executor"), 1600, 2);
    JsonNode manifest = new ObjectMapper().readTree(out.resolve("executor/manifest.json").toFile());
    assertEquals("complete", manifest.get("status").asText());
    assertTrue(manifest.get("trainingsRetried").asLong() > 0, "retried trainings counted: " + manifest);
  }

  @Test
  void killedDriverResumesWithoutTrainingCommittedChunksAgain() throws Exception {
    Path file = conf("driver", "hidden = [[8]], epochs = 2000, epsilon = [0.01, 0.05],"
        + " seeds = { from = 0, count = 600 }, chunk-size = 50, spark.partitions-per-chunk = 2");
    Path out = directory.resolve("driver-results");
    Path results = out.resolve("driver");
    Path firstLog = directory.resolve("driver-1.log");
    Process driver = cluster.submit(firstLog, "sweep", file.toString(), "--output", out.toString());
    ResultsDirectory directoryView = new ResultsDirectory(results.toString(), new org.apache.hadoop.conf.Configuration());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
    while (System.nanoTime() < deadline && driver.isAlive()
        && (!Files.exists(results.resolve("trials")) || directoryView.committedChunks().cardinality() < 3)) {
      Thread.sleep(200);
    }
    assertTrue(driver.isAlive(), "the first run must still be running; log:\n" + tail(firstLog));
    driver.destroyForcibly(); // SIGKILL: no shutdown hook, no cleanup
    assertTrue(driver.waitFor(30, TimeUnit.SECONDS));
    Thread.sleep(1000);
    int committedAtKill = directoryView.committedChunks().cardinality();
    assertTrue(committedAtKill >= 3 && committedAtKill < 12, committedAtKill + " chunks committed at the kill");

    // The killed driver's lock stays; its pid is gone from this host, so the next run takes it over at once.
    assertTrue(Files.exists(results.resolve("sweep.lock")), "a killed driver leaves its lock");
    Path secondLog = directory.resolve("driver-2.log");
    Process resumed = cluster.submit(secondLog, "sweep", file.toString(), "--output", out.toString());
    assertEquals(0, await(resumed, secondLog, 10), tail(secondLog));
    assertTrue(Files.readString(secondLog).contains(committedAtKill + " already committed"), tail(secondLog));
    assertTrue(Files.readString(secondLog).contains("took over the lock of a run that ended without letting it go"),
        tail(secondLog));

    assertEveryRowOnce(SparkSessions.shared(), results, 600, 2);
    JsonNode manifest = new ObjectMapper().readTree(results.resolve("manifest.json").toFile());
    JsonNode lastRun = manifest.get("runs").get(manifest.get("runs").size() - 1);
    assertEquals(committedAtKill, lastRun.get("chunksSkipped").asInt());
    assertEquals(12 - committedAtKill, lastRun.get("chunksTrained").asInt(), "committed chunks not trained again");
    assertEquals(600 - 50L * committedAtKill, lastRun.get("trainingsTrained").asLong());
    assertEquals("died", manifest.get("runs").get(0).get("status").asText(), "the killed run's end state");
  }
}
