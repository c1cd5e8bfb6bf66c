package dev.structsweep.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import dev.structsweep.spark.SweepJob;

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
    return sweep(List.of(), file, directory.resolve("out"), log, args);
  }

  /** As {@link #sweep(Path, Path, String...)}, with Java options and an output directory of the test's choice. */
  private Process sweep(List<String> javaOptions, Path file, Path output, Path log, String... args)
      throws IOException {
    List<String> words = new ArrayList<>(List.of("sweep", file.toString(), "--output", output.toString()));
    words.addAll(List.of(args));
    return structsweep(javaOptions, log, words);
  }

  /** `structsweep WORDS…` in a JVM of its own, as the scripts in submit/ start it, its output in log. */
  private Process structsweep(List<String> javaOptions, Path log, List<String> words) throws IOException {
    String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> command = new ArrayList<>(List.of("java", "@" + ROOT.resolve("submit/java-options"),
        "-Dlog4j2.configurationFile=" + ROOT.resolve("conf/log4j2.properties"), "-Xmx1g"));
    command.addAll(javaOptions);
    command.addAll(List.of("-cp", classPath, "dev.structsweep.cli.Main"));
    command.addAll(words);
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

  /** The status of every run the manifest lists, oldest first. */
  private List<String> runEnds() throws IOException {
    List<String> ends = new ArrayList<>();
    manifest().get("runs").forEach(run -> ends.add(run.get("status").asText()));
    return ends;
  }

  /** What a run said on its last line, which must be its only line from structsweep (and no Spark trace). */
  private static String onlyLine(Path log) throws IOException {
    return onlyLine(log, "sweep");
  }

  /** What a command said: its only line from structsweep, with no Spark log line or trace beside it. */
  private static String onlyLine(Path log, String command) throws IOException {
    String said = Files.readString(log);
    List<String> ours = said.lines().filter(line -> line.startsWith("structsweep " + command + ":")).toList();
    assertEquals(1, ours.size(), said);
    assertFalse(said.contains("\tat "), "no stack trace:\n" + said);
    assertFalse(said.lines().anyMatch(line -> line.matches("\\d\\d:\\d\\d:\\d\\d (WARN|ERROR) .*")),
        "no Spark log line:\n" + said);
    return ours.get(0);
  }

  private static boolean holds(Path lock, Process run) {
    try {
      return Files.readString(lock).contains("\"pid\" : " + run.pid() + ",");
    } catch (IOException notYet) {
      return false;
    }
  }

  private static void signal(Process process, String name) throws Exception {
    assertEquals(0, new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).start().waitFor());
  }

  @Test
  void aSignalWhileSparkStartsIsRecordedAsAnInterruptedRun() throws Exception {
    Path file = conf("long", LONG_SWEEP);
    for (String name : List.of("TERM", "INT")) {
      Path log = directory.resolve("start-" + name + ".log");
      Process run = sweep(file, log);
      // The run's lock is there once the results are its own, just before Spark starts (which takes seconds).
      Path lock = results().resolve(ResultsLock.FILE);
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
      while (!holds(lock, run)) {
        assertTrue(System.nanoTime() < deadline && run.isAlive(), Files.readString(log));
        Thread.sleep(5);
      }
      signal(run, name);
      assertEquals(name.equals("TERM") ? 143 : 130, await(run, log), Files.readString(log));
      assertTrue(onlyLine(log).startsWith("structsweep sweep: shared interrupted by SIG" + name + ": "),
          Files.readString(log));
      assertFalse(Files.exists(results().resolve(ResultsLock.FILE)), "the lock is let go");
      assertEquals(committedChunks(), manifest().get("committedChunkCount").asLong());
    }
    assertEquals(List.of("interrupted", "interrupted"), runEnds(), "recorded, never died");
  }

  @Test
  void aSignalDuringTheFinalAuditNeverSetsACompleteSweepBack() throws Exception {
    Path file = conf("short", "hidden = [4], epochs = 100, seeds = { from = 0, count = 20 }, chunk-size = 10");
    Path first = directory.resolve("complete.log");
    assertEquals(0, await(sweep(file, first), first), Files.readString(first));
    assertEquals("complete", manifest().get("status").asText());
    // Run again: every chunk is committed, so after Spark starts the run audits, records itself and audits again.
    Path log = directory.resolve("audit.log");
    Process again = sweep(List.of("-D" + SweepJob.AUDIT_PAUSE_MILLIS + "=3000"), file, directory.resolve("out"), log);
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
    while (runEnds().size() < 2) {
      assertTrue(System.nanoTime() < deadline && again.isAlive(), Files.readString(log));
      Thread.sleep(20);
    }
    // The second run is listed (running) after its first audit: it is now in the pause before the final one.
    signal(again, "TERM");
    assertEquals(143, await(again, log), Files.readString(log));
    assertTrue(onlyLine(log).startsWith("structsweep sweep: shared interrupted by SIGTERM: 2 of 2 chunks committed"),
        Files.readString(log));
    assertEquals("complete", manifest().get("status").asText(), "a complete sweep stays complete");
    assertEquals(20, manifest().get("rows").asLong(), "20 trainings at the one default ε");
    assertEquals(List.of("complete", "interrupted"), runEnds());
    Path last = directory.resolve("last.log");
    assertEquals(0, await(sweep(file, last), last), Files.readString(last));
    assertEquals(List.of("complete", "interrupted", "complete"), runEnds(), "no run recorded as died");
  }

  /** A file system of size bytes at mount, for as long as the test runs; the test is skipped where none can be made. */
  private Path smallDisk(String size) throws Exception {
    Path mount = Files.createDirectories(directory.resolve("disk"));
    Process made = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", mount.toString())
        .redirectErrorStream(true).start();
    org.junit.jupiter.api.Assumptions.assumeTrue(made.waitFor() == 0,
        "a tmpfs can be mounted (root): " + new String(made.getInputStream().readAllBytes()));
    mounted = mount;
    return mount;
  }

  private Path mounted;

  @AfterEach
  void unmount() throws Exception {
    if (mounted != null) {
      stopEveryProcess();
      new ProcessBuilder("umount", "-l", mounted.toString()).start().waitFor();
      mounted = null;
    }
  }

  /** Fills the file system of directory to its last byte with a file named filler. */
  private static Path fill(Path directory) throws IOException {
    Path filler = directory.resolve("filler");
    byte[] block = new byte[4096];
    try (java.io.OutputStream out = Files.newOutputStream(filler)) {
      while (true) {
        out.write(block);
      }
    } catch (IOException full) {
      return filler;
    }
  }

  @Test
  void aDiskThatFillsMidSweepEndsInOneLineAndTheResumeCompletes() throws Exception {
    Path disk = smallDisk("8m");
    Path file = conf("long", LONG_SWEEP);
    Path results = disk.resolve("shared");
    Path log = directory.resolve("full.log");
    Process run = sweep(List.of(), file, disk, log);
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    while (!Files.exists(results.resolve("trials/chunk=000001/_SUCCESS"))) {
      assertTrue(System.nanoTime() < deadline && run.isAlive(), Files.readString(log));
      Thread.sleep(20);
    }
    Path filler = fill(disk);
    assertEquals(1, await(run, log), Files.readString(log));
    String line = onlyLine(log);
    assertTrue(line.matches("structsweep sweep: shared: (writing " + java.util.regex.Pattern.quote(results.resolve(
        "trials").toString()) + "/chunk=\\d{6}|recording the commit of chunk=\\d{6} in \\S+) failed: .*No space left on"
        + " device.*; the \\d+ committed chunks \\(\\d+ of 400"
        + " trainings\\) are intact, and a run of the same sweep resumes from them.*"), line);
    assertFalse(Files.exists(results.resolve(ResultsLock.FILE)), "the lock is let go");
    Files.delete(filler);
    Path resumed = directory.resolve("resumed.log");
    assertEquals(0, await(sweep(List.of(), file, disk, resumed), resumed), Files.readString(resumed));
    Dataset<Row> rows = SparkSessions.shared().read().parquet(results.resolve("trials").toString());
    assertEquals(800, rows.count());
    assertEquals(800, rows.select("training_id", "epsilon").distinct().count(), "(training_id, ε) once each");
  }

  @Test
  void aFullDiskAsTheLockIsTakenLeavesNoTemporaryFile() throws Exception {
    Path disk = smallDisk("1m");
    Path filler = fill(disk);
    Path file = conf("long", LONG_SWEEP);
    Path log = directory.resolve("lock.log");
    assertEquals(1, await(sweep(List.of(), file, disk, log), log), Files.readString(log));
    assertTrue(onlyLine(log).contains("No space left on device"), Files.readString(log));
    try (Stream<Path> left = Files.walk(disk)) {
      assertEquals(List.of(disk, filler), left.sorted().toList(), "nothing but the filler");
    }
  }

  @Test
  void aRunWhoseLockIsStolenEndsInOneLine() throws Exception {
    Path file = conf("long", LONG_SWEEP + ", lock.refresh = 200ms, lock.stale-after = 2s");
    Path log = directory.resolve("stolen.log");
    Process run = sweep(file, log);
    awaitCommitted(1, run, log);
    Path lock = results().resolve(ResultsLock.FILE);
    Path stolen = directory.resolve("stolen.lock");
    Files.writeString(stolen, "{\"runId\": \"thief\", \"host\": \"node-7\", \"pid\": 4242, \"started\": \""
        + java.time.Instant.now() + "\", \"staleAfterSeconds\": 120}");
    Files.move(stolen, lock, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    assertEquals(1, await(run, log), Files.readString(log));
    String line = onlyLine(log);
    assertTrue(line.startsWith("structsweep sweep: shared stopped: the lock was taken over by pid 4242 on node-7"),
        line);
    assertTrue(Files.readString(lock).contains("thief"), "the lock it lost is left to its new holder");
  }

  @Test
  void anUnreadableParquetFileEndsSweepRepairAndReportInOneLineNamingIt() throws Exception {
    Path file = conf("short", "hidden = [4], epochs = 100, seeds = { from = 0, count = 20 }, chunk-size = 10");
    Path first = directory.resolve("complete.log");
    assertEquals(0, await(sweep(file, first), first), Files.readString(first));
    Path part;
    try (Stream<Path> files = Files.list(results().resolve("trials/chunk=000001"))) {
      part = files.filter(f -> f.getFileName().toString().startsWith("part-")).findFirst().orElseThrow();
    }
    Files.writeString(part, "not parquet");
    String named = part + ": cannot be read (";
    List<List<String>> commands = List.of(
        List.of("sweep", file.toString(), "--output", directory.resolve("out").toString()),
        List.of("repair", results().toString()),
        List.of("report", results().toString(), "--out", directory.resolve("report").toString()));
    for (List<String> words : commands) {
      Path log = directory.resolve(words.get(0) + "-unreadable.log");
      assertEquals(2, await(structsweep(List.of(), log, words), log), Files.readString(log));
      String line = onlyLine(log, words.get(0));
      assertTrue(line.startsWith("structsweep " + words.get(0) + ": " + named), line);
      assertTrue(line.endsWith("move chunk=000001 out of " + results().resolve("trials") + " and run the sweep again"
          + " to retrain it"), line);
    }
    assertFalse(Files.exists(directory.resolve("report")), "no report of damaged results");
  }
}
