package dev.structsweep.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.structsweep.testing.SparkSessions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sweeps as separate driver JVMs on one results directory: two started at the same moment, and a run killed,
 * a run stopped by SIGTERM and a run that finishes. Every process a test starts, it stops by its pid.
 */
class ResultsUnderFaultsIT {
  private static final Path ROOT = Path.of("").toAbsolutePath();
  /** 400 trainings in 40 chunks: long enough to be stopped in the middle, short enough for a test. */
  private static final String LONG_SWEEP = "hidden = [8], epochs = 1500, epsilon = [0.01, 0.1],"
      + " seeds = { from = 0, count = 400 }, chunk-size = 10, spark.master = \"local[2]\"";

  @TempDir
  Path directory;
  private final List<Process> started = new ArrayList<>();

  @AfterEach
  void stopEveryProcess() throws InterruptedException {
    for (Process process : started) {
      process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      process.waitFor(30, TimeUnit.SECONDS);
    }
  }

  @AfterAll
  static void stopSpark() {
    SparkSessions.stop();
  }

  private Path conf(String name, String body) throws IOException {
    Path file = directory.resolve(name + ".conf");
    Files.writeString(file, "sweep { name = shared, " + body + " }");
    return file;
  }

  /** `structsweep sweep FILE --output DIR ARGS…` in a JVM of its own, its output in log. */
  private Process sweep(Path file, Path log, String... args) throws IOException {
    String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> command = new ArrayList<>(List.of("java", "@" + ROOT.resolve("submit/java-options"),
        "-Dlog4j2.configurationFile=" + ROOT.resolve("conf/log4j2.properties"), "-Xmx1g", "-cp", classPath,
        "dev.structsweep.cli.Main", "sweep", file.toString(), "--output", directory.resolve("out").toString()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    started.add(process);
    return process;
  }

  private static int await(Process process, Path log) throws Exception {
    if (!process.waitFor(4, TimeUnit.MINUTES)) {
      throw new AssertionError("the sweep did not end in 4 min:\n" + Files.readString(log));
    }
    return process.exitValue();
  }

  private Path results() {
    return directory.resolve("out/shared");
  }

  private long committedChunks() throws IOException {
    Path trials = results().resolve("trials");
    if (!Files.isDirectory(trials)) {
      return 0;
    }
    try (Stream<Path> chunks = Files.list(trials)) {
      return chunks.filter(chunk -> Files.exists(chunk.resolve("_SUCCESS"))).count();
    }
  }

  private void awaitCommitted(long chunks, Process process, Path log) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    while (committedChunks() < chunks) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        throw new AssertionError("no " + chunks + " committed chunks; log:\n" + Files.readString(log));
      }
      Thread.sleep(100);
    }
  }

  /** Rows = trainings × ε, each (training_id, ε) once: what a query of the results must find. */
  private void assertEveryRowOnce(long trainings, int epsilons) {
    SparkSession spark = SparkSessions.shared();
    Dataset<Row> rows = spark.read().parquet(results().resolve("trials").toString());
    assertEquals(trainings * epsilons, rows.count(), "rows");
    assertEquals(trainings * epsilons, rows.select("training_id", "epsilon").distinct().count(),
        "(training_id, ε) distinct");
    assertEquals(trainings, rows.select("training_id").distinct().count(), "trainings");
  }

  private JsonNode manifest() throws IOException {
    return new ObjectMapper().readTree(results().resolve("manifest.json").toFile());
  }

  /** Two sweeps started at the same moment; one must run and the other be refused. Returns the refusal. */
  private String startTogetherOneRefused(Path first, Path second) throws Exception {
    Path logA = directory.resolve("a.log");
    Path logB = directory.resolve("b.log");
    Process a = sweep(first, logA);
    Process b = sweep(second, logB);
    int statusA = await(a, logA);
    int statusB = await(b, logB);
    assertEquals(List.of(0, 2), Stream.of(statusA, statusB).sorted().toList(),
        Files.readString(logA) + Files.readString(logB));
    String refused = Files.readString(statusA == 2 ? logA : logB).strip();
    assertTrue(refused.matches("structsweep sweep: \\S+ is in use by another sweep: pid \\d+ on .*"), refused);
    assertEquals(1, refused.lines().count(), refused);
    return refused;
  }

  @Test
  void twoRunsOfTheSameSpecStartedTogetherOneRunsTheOtherIsRefused() throws Exception {
    Path file = conf("same", "hidden = [4], epochs = 300, seeds = { from = 0, count = 40 }, chunk-size = 10,"
        + " epsilon = [0.01, 0.05]");
    startTogetherOneRefused(file, file);
    assertEveryRowOnce(40, 2);
    assertEquals("complete", manifest().get("status").asText());
    assertEquals(1, manifest().get("runs").size(), "the refused run wrote nothing, not even its run");
    assertFalse(Files.exists(results().resolve(ResultsLock.FILE)), "the lock is gone with its run");
  }

  @Test
  void twoDifferentSpecsStartedTogetherNeverMixTheirRows() throws Exception {
    Path first = conf("first", "hidden = [4], epochs = 300, seeds = { from = 0, count = 40 }, chunk-size = 10");
    Path second = conf("second", "hidden = [3], epochs = 300, seeds = { from = 0, count = 40 }, chunk-size = 10");
    startTogetherOneRefused(first, second);
    assertEveryRowOnce(40, 1);
    Dataset<Row> rows = SparkSessions.shared().read().parquet(results().resolve("trials").toString());
    assertEquals(1, rows.select("hidden").distinct().count(), "one spec's rows only");
  }

  @Test
  void killedThenInterruptedThenCompletedRunsLeaveEveryRowOnceAndTheirHistory() throws Exception {
    Path file = conf("long", LONG_SWEEP);
    Path logA = directory.resolve("killed.log");
    Process killed = sweep(file, logA);
    awaitCommitted(3, killed, logA);
    killed.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    long afterKill = committedChunks();
    JsonNode cache = manifest();
    assertTrue(cache.get("committedChunkCount").asLong() >= 2
            && cache.get("committedChunkCount").asLong() <= afterKill,
        "the manifest follows every commit: " + cache.get("committedChunkCount") + " of " + afterKill);
    assertTrue(Files.exists(results().resolve(ResultsLock.FILE)), "a killed driver leaves its lock");

    // The killed driver was on this host and its pid is gone: its lock is taken over at once, not in 10 s.
    Path logB = directory.resolve("interrupted.log");
    Process interrupted = sweep(file, logB);
    awaitCommitted(afterKill + 2, interrupted, logB);
    interrupted.destroy();
    assertEquals(143, await(interrupted, logB), Files.readString(logB));
    String said = Files.readString(logB);
    assertTrue(said.contains("took over the lock of a run that ended without letting it go: pid " + killed.pid()),
        said);
    List<String> errors = said.lines().filter(line -> line.startsWith("structsweep sweep:")).toList();
    assertEquals(1, errors.size(), said);
    assertTrue(errors.get(0).contains("interrupted by SIGTERM"), errors.get(0));
    assertFalse(said.contains("Exception"), "no Spark cancellation traces:\n" + said);
    assertEquals("interrupted", manifest().get("status").asText());
    assertEquals(committedChunks(), manifest().get("committedChunkCount").asLong(),
        "an interrupted run records exactly what was committed");
    assertFalse(Files.exists(results().resolve(ResultsLock.FILE)), "an interrupted run lets the lock go");

    Path logC = directory.resolve("complete.log");
    assertEquals(0, await(sweep(file, logC), logC), Files.readString(logC));
    assertEveryRowOnce(400, 2);
    JsonNode manifest = manifest();
    assertEquals("complete", manifest.get("status").asText());
    assertEquals(800, manifest.get("rows").asLong());
    List<String> ends = new ArrayList<>();
    manifest.get("runs").forEach(run -> ends.add(run.get("status").asText()));
    assertEquals(List.of("died", "interrupted", "complete"), ends, manifest.toPrettyString());
  }

  @Test
  void ctrlCIsRecordedAndExitsWith130() throws Exception {
    Path file = conf("long", LONG_SWEEP);
    Path log = directory.resolve("sigint.log");
    Process run = sweep(file, log);
    awaitCommitted(1, run, log);
    assertEquals(0, new ProcessBuilder("kill", "-INT", Long.toString(run.pid())).start().waitFor());
    assertEquals(130, await(run, log), Files.readString(log));
    String said = Files.readString(log);
    assertTrue(said.lines().anyMatch(line -> line.startsWith("structsweep sweep: shared interrupted by SIGINT: ")),
        said);
    assertEquals("interrupted", manifest().get("status").asText());
    assertEquals(committedChunks(), manifest().get("committedChunkCount").asLong());
  }
}
