package dev.structsweep.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.structsweep.testing.SparkSessions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sweeps, reports and repairs as separate driver JVMs whose results are on a real HDFS: Hadoop's MiniDFSCluster,
 * one name node and one data node on 127.0.0.1, in this JVM. The lock there is a rename onto an absent path and the
 * manifest an overwrite rename through FileContext, which only HDFS exercises. Every process a test starts, it
 * stops by its pid.
 */
class HdfsResultsIT {
  private static final java.nio.file.Path ROOT = java.nio.file.Path.of("").toAbsolutePath();
  /** 200 short trainings in 20 chunks: long enough to be stopped in the middle, a few seconds of training. */
  private static final String LONG_SWEEP = "hidden = [4], epochs = 300, epsilon = [0.01, 0.1],"
      + " seeds = { from = 0, count = 200 }, chunk-size = 10, spark.master = \"local[2]\"";

  private static MiniDFSCluster cluster;
  private static FileSystem hdfs;
  private static String output;

  @TempDir
  java.nio.file.Path directory;
  private final List<Process> started = new ArrayList<>();
  private static int sweeps;
  private String name;

  @BeforeAll
  static void startHdfs() throws IOException {
    java.nio.file.Path base = ROOT.resolve("target/minidfs/" + ProcessHandle.current().pid());
    Configuration conf = new Configuration();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, base.toString());
    conf.set("dfs.namenode.rpc-bind-host", "127.0.0.1");
    cluster = new MiniDFSCluster.Builder(conf, base.toFile()).numDataNodes(1).build();
    cluster.waitActive();
    output = "hdfs://127.0.0.1:" + cluster.getNameNodePort() + "/sweeps";
    hdfs = FileSystem.get(java.net.URI.create(output), conf);
  }

  @AfterAll
  static void stopHdfs() {
    SparkSessions.stop();
    if (cluster != null) {
      cluster.shutdown(true);
    }
  }

  @AfterEach
  void stopEveryProcess() throws InterruptedException {
    for (Process process : started) {
      process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      process.waitFor(30, TimeUnit.SECONDS);
    }
  }

  /** A sweep file of a name no other test uses, so that each test has results of its own on the one HDFS. */
  private java.nio.file.Path conf(String body) throws IOException {
    name = "sweep" + ++sweeps;
    java.nio.file.Path file = directory.resolve(name + ".conf");
    Files.writeString(file, "sweep { name = " + name + ", " + body + " }");
    return file;
  }

  private Path results() {
    return new Path(output + "/" + name);
  }

  /** `structsweep WORDS…` in a JVM of its own, as the scripts in submit/ start it, its output in a log. */
  private Process structsweep(java.nio.file.Path log, String... words) throws IOException {
    String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> command = new ArrayList<>(List.of("java", "@" + ROOT.resolve("submit/java-options"),
        "-Dlog4j2.configurationFile=" + ROOT.resolve("conf/log4j2.properties"), "-Xmx1g",
        "-cp", classPath, "dev.structsweep.cli.Main"));
    command.addAll(List.of(words));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    started.add(process);
    return process;
  }

  private Process sweep(java.nio.file.Path file, String logName) throws IOException {
    return structsweep(directory.resolve(logName), "sweep", file.toString(), "--output", output);
  }

  private int await(Process process, String logName) throws Exception {
    if (!process.waitFor(4, TimeUnit.MINUTES)) {
      throw new AssertionError("did not end in 4 min:\n" + log(logName));
    }
    return process.exitValue();
  }

  private String log(String logName) throws IOException {
    return Files.readString(directory.resolve(logName));
  }

  /** Each committed chunk (one with _SUCCESS) and the names and modification times of its files. */
  private Map<String, Map<String, Long>> committedChunks() throws IOException {
    Map<String, Map<String, Long>> chunks = new TreeMap<>();
    Path trials = new Path(results(), "trials");
    if (!hdfs.exists(trials)) {
      return chunks;
    }
    for (FileStatus chunk : hdfs.listStatus(trials)) {
      if (chunk.isDirectory() && hdfs.exists(new Path(chunk.getPath(), "_SUCCESS"))) {
        Map<String, Long> files = new TreeMap<>();
        for (FileStatus file : hdfs.listStatus(chunk.getPath())) {
          files.put(file.getPath().getName(), file.getModificationTime());
        }
        chunks.put(chunk.getPath().getName(), files);
      }
    }
    return chunks;
  }

  private void awaitCommitted(int chunks, Process process, String logName) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    while (committedChunks().size() < chunks) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        throw new AssertionError("no " + chunks + " committed chunks; log:\n" + log(logName));
      }
      Thread.sleep(100);
    }
  }

  private JsonNode manifest() throws IOException {
    try (InputStream in = hdfs.open(new Path(results(), "manifest.json"))) {
      return new ObjectMapper().readTree(in);
    }
  }

  private List<String> runEnds() throws IOException {
    List<String> ends = new ArrayList<>();
    manifest().get("runs").forEach(run -> ends.add(run.get("status").asText()));
    return ends;
  }

  private boolean lockExists() throws IOException {
    return hdfs.exists(new Path(results(), ResultsLock.FILE));
  }

  /** Rows = trainings × ε, each (training_id, ε) once, read by Spark from HDFS. */
  private void assertEveryRowOnce(long trainings, int epsilons) {
    Dataset<Row> rows = SparkSessions.shared().read().parquet(results() + "/trials");
    assertEquals(trainings * epsilons, rows.count(), "rows");
    assertEquals(trainings * epsilons, rows.select("training_id", "epsilon").distinct().count(),
        "(training_id, ε) distinct");
    assertEquals(trainings, rows.select("training_id").distinct().count(), "trainings");
  }

  @Test
  void aSweepWritesToHdfsTheReportReadsItAndRepairRebuildsItsManifest() throws Exception {
    java.nio.file.Path file = conf("hidden = [4], epochs = 300, seeds = { from = 0, count = 40 }, chunk-size = 10,"
        + " epsilon = [0.01, 0.05]");
    assertEquals(0, await(sweep(file, "sweep.log"), "sweep.log"), log("sweep.log"));
    assertTrue(log("sweep.log").contains("into " + results()), log("sweep.log"));
    assertEveryRowOnce(40, 2);
    assertEquals(4, committedChunks().size());
    assertEquals("complete", manifest().get("status").asText());
    assertTrue(hdfs.exists(new Path(results(), "sweep.conf")));
    assertFalse(lockExists(), "the lock is gone with its run");

    java.nio.file.Path report = directory.resolve("report");
    Process reported = structsweep(directory.resolve("report.log"), "report", results().toString(), "--out",
        report.toString());
    assertEquals(0, await(reported, "report.log"), log("report.log"));
    assertTrue(Files.readString(report.resolve("summary.csv")).lines().count() > 1, log("report.log"));
    assertTrue(Files.exists(report.resolve("index.html")));

    // The manifest is a cache: removed, repair rebuilds it from the committed chunks and sweep.conf on HDFS.
    assertTrue(hdfs.delete(new Path(results(), "manifest.json"), false));
    Process repaired = structsweep(directory.resolve("repair.log"), "repair", results().toString());
    assertEquals(0, await(repaired, "repair.log"), log("repair.log"));
    assertEquals("complete", manifest().get("status").asText(), log("repair.log"));
    assertEquals(80, manifest().get("rows").asLong());
    assertEquals(4, manifest().get("committedChunkCount").asLong());
  }

  @Test
  void theLockHoldsIsTakenOverAfterAKillAndAnInterruptedRunResumesWithWhatIsMissing() throws Exception {
    java.nio.file.Path file = conf(LONG_SWEEP);
    Process killed = sweep(file, "killed.log");
    awaitCommitted(1, killed, "killed.log");

    // A live run holds the lock: a second is refused in one line and writes nothing.
    Process refused = sweep(file, "refused.log");
    assertEquals(2, await(refused, "refused.log"), log("refused.log"));
    assertTrue(log("refused.log").lines().anyMatch(line -> line.matches(
        "structsweep sweep: \\S+ is in use by another sweep: pid " + killed.pid() + " on .*")), log("refused.log"));

    killed.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    assertTrue(lockExists(), "a killed driver leaves its lock");
    int afterKill = committedChunks().size();

    // The killed driver was on this host and its pid is gone: its lock is taken over at once.
    Process interrupted = sweep(file, "interrupted.log");
    awaitCommitted(afterKill + 2, interrupted, "interrupted.log");
    assertEquals(0, new ProcessBuilder("kill", "-TERM", Long.toString(interrupted.pid())).start().waitFor());
    assertEquals(143, await(interrupted, "interrupted.log"), log("interrupted.log"));
    String said = log("interrupted.log");
    assertTrue(said.contains("took over the lock of a run that ended without letting it go: pid " + killed.pid()),
        said);
    assertTrue(said.lines().anyMatch(line -> line.startsWith("structsweep sweep: " + name + " interrupted by SIGTERM")),
        said);
    Map<String, Map<String, Long>> committed = committedChunks();
    List<String> listed = new ArrayList<>();
    manifest().get("committedChunks").forEach(range -> {
      for (int chunk = range.get(0).asInt(); chunk <= range.get(1).asInt(); chunk++) {
        listed.add(String.format("chunk=%06d", chunk));
      }
    });
    assertEquals("interrupted", manifest().get("status").asText());
    assertEquals(List.copyOf(committed.keySet()), listed, "an interrupted run lists exactly the committed chunks");
    assertEquals(committed.size(), manifest().get("committedChunkCount").asLong());
    assertFalse(lockExists(), "an interrupted run lets the lock go");

    assertEquals(0, await(sweep(file, "complete.log"), "complete.log"), log("complete.log"));
    assertTrue(log("complete.log").contains("in 20 chunks; " + committed.size() + " already committed, "
        + (20 - committed.size()) + " to train"), log("complete.log"));
    Map<String, Map<String, Long>> after = committedChunks();
    assertEquals(20, after.size());
    committed.forEach((chunk, files) -> assertEquals(files, after.get(chunk), chunk + " is left as it was"));
    assertEveryRowOnce(200, 2);
    assertEquals("complete", manifest().get("status").asText());
    assertEquals(400, manifest().get("rows").asLong());
    assertEquals(List.of("died", "interrupted", "complete"), runEnds(), manifest().toPrettyString());
    assertFalse(lockExists());
  }
}
