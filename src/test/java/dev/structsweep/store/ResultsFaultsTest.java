package dev.structsweep.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import dev.structsweep.spark.SweepJob;
import dev.structsweep.sweep.LockTiming;
import dev.structsweep.sweep.SpecException;
import dev.structsweep.sweep.SweepFiles;
import dev.structsweep.sweep.SweepSpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.structsweep.cli.Main;
import dev.structsweep.testing.SparkSessions;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The results directory under damage and contention: each test pins a way results were lost or doubled. */
class ResultsFaultsTest {
  private static final LockTiming FAST = new LockTiming(Duration.ofMillis(200), Duration.ofSeconds(2));
  /** 12 trainings in 4 chunks of 3, at two ε. */
  private static final String SMALL = "hidden = [2], lambda = [0, 0.1], epochs = 20, epsilon = [0.01, 0.1],"
      + " seeds = { from = 0, count = 6 }, chunk-size = 3, spark.partitions-per-chunk = 1";

  @TempDir
  Path directory;

  @AfterAll
  static void stopSpark() {
    SparkSessions.stop();
  }

  private SweepSpec spec(String body, String... overrides) throws IOException {
    Path file = directory.resolve("small.conf");
    Files.writeString(file, "sweep { " + body + " }");
    List<String> all = new ArrayList<>(List.of(overrides));
    return SweepFiles.load(file, all, directory.resolve("out").toString());
  }

  private static SweepJob.Outcome run(SweepSpec spec) throws IOException {
    return SweepJob.run(SparkSessions.shared(), spec, false, "test", null, new PrintWriter(new StringWriter()));
  }

  private static ResultsDirectory results(SweepSpec spec) {
    return new ResultsDirectory(spec.resultsDirectory().toString(), new Configuration());
  }

  private static long rows(SweepSpec spec) {
    return SparkSessions.shared().read().parquet(spec.resultsDirectory().resolve("trials").toString()).count();
  }

  /** Replaces the rows of a committed chunk by change(rows), in one part file, as a hand or a bug might. */
  private void rewriteChunk(Path chunk,
      java.util.function.UnaryOperator<org.apache.spark.sql.Dataset<org.apache.spark.sql.Row>> change)
      throws IOException {
    Path rewritten = directory.resolve("rewritten-" + chunk.getFileName() + "-" + System.nanoTime());
    change.apply(SparkSessions.shared().read().parquet(chunk.toString())).coalesce(1).write()
        .parquet(rewritten.toString());
    Files.delete(partFile(chunk));
    Files.copy(partFile(rewritten), chunk.resolve("part-00000-rewritten.snappy.parquet"));
  }

  /** Runs spec until two chunks are committed, then stops it (as a test switch does, where a signal would). */
  private static void runTwoChunks(SweepSpec spec) {
    System.setProperty(SweepJob.STOP_AFTER_CHUNKS, "2");
    try {
      assertThrows(IllegalStateException.class, () -> run(spec));
    } finally {
      System.clearProperty(SweepJob.STOP_AFTER_CHUNKS);
    }
  }

  private static Path partFile(Path chunk) throws IOException {
    try (Stream<Path> files = Files.list(chunk)) {
      return files.filter(f -> f.getFileName().toString().startsWith("part-")).findFirst().orElseThrow();
    }
  }

  // Item 3: one run holds the results directory.

  @Test
  void aSecondRunIsRefusedNamingTheHolder() throws IOException {
    SweepSpec spec = spec(SMALL);
    ResultsDirectory results = results(spec);
    try (ResultsLock held = ResultsLock.acquire(results, FAST)) {
      SpecException refused = assertThrows(ResultsLock.LockedException.class, () -> run(spec));
      assertTrue(refused.getMessage().startsWith(spec.resultsDirectory() + " is in use by another sweep: pid "
          + ProcessHandle.current().pid() + " on "), refused.getMessage());
      assertTrue(held.lost() == null);
    }
    assertFalse(Files.exists(spec.resultsDirectory().resolve("trials")), "the refused run wrote nothing");
  }

  @Test
  void aStaleLockIsTakenOverAndItsHolderNamed() throws IOException, InterruptedException {
    SweepSpec spec = spec(SMALL);
    ResultsDirectory results = results(spec);
    ResultsLock dead = ResultsLock.acquire(results, FAST);
    Path lockFile = spec.resultsDirectory().resolve(ResultsLock.FILE);
    String deadRun = dead.holder().runId();
    // The holder's refresher stops, as when its JVM is killed; the lock file stays.
    stopRefreshing(dead);
    Files.setLastModifiedTime(lockFile, FileTime.from(Instant.now().minusSeconds(3)));
    try (ResultsLock next = ResultsLock.acquire(results, FAST)) {
      assertEquals(deadRun, next.tookOverFrom().orElseThrow().runId());
      assertTrue(Files.readString(lockFile).contains(next.holder().runId()));
      Thread.sleep(600);
      assertNull(next.lost(), "the new holder keeps the lock it refreshes");
    }
    assertFalse(Files.exists(lockFile), "closed, the lock is gone");
  }

  @Test
  void aLockOfAGoneProcessOnThisHostIsTakenOverAtOnce() throws Exception {
    SweepSpec spec = spec(SMALL);
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    Files.createDirectories(spec.resultsDirectory());
    Files.writeString(spec.resultsDirectory().resolve(ResultsLock.FILE), "{\"runId\": \"gone\", \"host\": \""
        + java.net.InetAddress.getLocalHost().getHostName() + "\", \"pid\": " + gone.pid() + ", \"started\": \""
        + Instant.now() + "\", \"staleAfterSeconds\": 120}");
    try (ResultsLock next = ResultsLock.acquire(results(spec), FAST)) {
      assertEquals("gone", next.tookOverFrom().orElseThrow().runId(), "a fresh lock, but its process is gone");
    }
  }

  @Test
  void aFreshLockIsNotTakenOverAndATakeoverInProgressIsRespected() throws IOException {
    SweepSpec spec = spec(SMALL);
    ResultsDirectory results = results(spec);
    try (ResultsLock held = ResultsLock.acquire(results, FAST)) {
      stopRefreshing(held);
      Path lockFile = spec.resultsDirectory().resolve(ResultsLock.FILE);
      Files.setLastModifiedTime(lockFile, FileTime.from(Instant.now().minusSeconds(3)));
      Files.writeString(spec.resultsDirectory().resolve("sweep.lock.takeover"), "{}");
      SpecException refused = assertThrows(ResultsLock.LockedException.class,
          () -> ResultsLock.acquire(results, FAST));
      assertTrue(refused.getMessage().contains("another run is taking over the abandoned lock"), refused.getMessage());
      assertTrue(refused.getMessage().matches(".*sweep.lock.takeover is there\\); a takeover takes a moment, and a"
          + " marker left by a run that died in one is abandoned in [12] s: try again then"), refused.getMessage());
    }
  }

  @Test
  void aRunWhoseLockWasTakenReportsItLost() throws IOException, InterruptedException {
    SweepSpec spec = spec(SMALL);
    ResultsDirectory results = results(spec);
    try (ResultsLock held = ResultsLock.acquire(results, FAST)) {
      java.util.concurrent.atomic.AtomicBoolean told = new java.util.concurrent.atomic.AtomicBoolean();
      held.onLost(() -> told.set(true));
      Files.delete(spec.resultsDirectory().resolve(ResultsLock.FILE));
      Thread.sleep(700);
      assertTrue(held.lost() != null && held.lost().contains("was removed"), String.valueOf(held.lost()));
      assertTrue(told.get(), "the run is told at once, to stop writing");
    }
  }

  @Test
  void aSweepThatLosesItsLockStopsWritingAtOnce() throws Exception {
    SweepSpec spec = spec("hidden = [8], epochs = 400, seeds = { from = 0, count = 200 }, chunk-size = 5,"
        + " spark.partitions-per-chunk = 1", "lock.refresh=200ms", "lock.stale-after=1s");
    java.util.concurrent.CompletableFuture<SweepJob.Outcome> running =
        java.util.concurrent.CompletableFuture.supplyAsync(() -> {
          try {
            return run(spec);
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        });
    Path lockFile = spec.resultsDirectory().resolve(ResultsLock.FILE);
    Path first = spec.resultsDirectory().resolve("trials/chunk=000000/_SUCCESS");
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (!Files.exists(first) && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    Files.delete(lockFile);
    java.util.concurrent.ExecutionException stopped = assertThrows(java.util.concurrent.ExecutionException.class,
        () -> running.get(2, java.util.concurrent.TimeUnit.MINUTES));
    assertTrue(stopped.getCause().getMessage().contains("stopped: the lock " ), stopped.getCause().getMessage());
    assertTrue(results(spec).committedChunks().cardinality() < 40, "it stopped long before the end");
  }

  /** A lock file as another run would leave it: its run id, host, pid, start and stale-after as given. */
  private static void handMadeLock(SweepSpec spec, String host, long pid, String started, String staleAfter)
      throws IOException {
    Files.createDirectories(spec.resultsDirectory());
    Files.writeString(spec.resultsDirectory().resolve(ResultsLock.FILE), "{\"runId\": \"other\", \"host\": \"" + host
        + "\", \"pid\": " + pid + ", \"started\": " + started + ", \"staleAfterSeconds\": " + staleAfter + "}");
  }

  private static long gonePid() throws Exception {
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    return gone.pid();
  }

  @Test
  void aFreshLockOfAnotherHostIsLiveWhateverItsPidUntilItGoesStale() throws Exception {
    SweepSpec spec = spec(SMALL);
    // The pid exists on no machine here; on node-7 it may well be a live driver.
    handMadeLock(spec, "node-7", gonePid(), "\"" + Instant.now() + "\"", "2");
    SpecException refused = assertThrows(ResultsLock.LockedException.class,
        () -> ResultsLock.acquire(results(spec), FAST));
    assertTrue(refused.getMessage().startsWith(spec.resultsDirectory() + " is in use by another sweep: pid "),
        refused.getMessage());
    assertTrue(refused.getMessage().contains(" on node-7, running since "), refused.getMessage());
    Files.setLastModifiedTime(spec.resultsDirectory().resolve(ResultsLock.FILE),
        FileTime.from(Instant.now().minusSeconds(3)));
    try (ResultsLock next = ResultsLock.acquire(results(spec), FAST)) {
      assertEquals("other", next.tookOverFrom().orElseThrow().runId(), "stale after 2 s without a refresh");
    }
  }

  @Test
  void aHandMadeLockWithABadStartOrAnExtremeStaleAfterIsRefusedInOneLine() throws Exception {
    String[][] locks = {{"\"yesterday\"", "120"}, {"42", "120"}, {"\"" + Instant.now() + "\"", "1e300"},
        {"\"" + Instant.now() + "\"", "9223372036854775807"}, {"\"" + Instant.now() + "\"", "-5"}};
    for (String[] lock : locks) {
      SweepSpec spec = spec(SMALL);
      handMadeLock(spec, "node-7", 4242, lock[0], lock[1]);
      if (lock[1].equals("-5")) {
        // Read as 1 s, the least stale-after: a lock last refreshed 3 s ago is abandoned, and taken over.
        Files.setLastModifiedTime(spec.resultsDirectory().resolve(ResultsLock.FILE),
            FileTime.from(Instant.now().minusSeconds(3)));
      }
      CommandRun said = runCommand("sweep", directory.resolve("small.conf").toString(), "--output",
          directory.resolve("out").toString());
      if (lock[1].equals("-5")) {
        assertEquals(0, said.status(), said.err());
        continue;
      }
      assertEquals(2, said.status(), said.err());
      assertEquals(1, said.err().strip().lines().count(), said.err());
      assertTrue(said.err().startsWith("structsweep sweep: " + spec.resultsDirectory() + " is in use by another sweep:"
          + " pid 4242 on node-7, running since "), said.err());
      Files.delete(spec.resultsDirectory().resolve(ResultsLock.FILE));
    }
  }

  @Test
  void aLockThatIsADirectoryIsNamedOnceNotWaitedFor() throws Exception {
    SweepSpec spec = spec(SMALL);
    Path lock = Files.createDirectories(spec.resultsDirectory().resolve(ResultsLock.FILE));
    SpecException refused = assertThrows(ResultsLock.LockedException.class,
        () -> ResultsLock.acquire(results(spec), FAST));
    assertEquals(lock + ": is a directory, not a lock this program writes; no run can take the results while it is"
        + " there: remove it, then run again", refused.getMessage());
  }

  /** Main's exit status, what it printed and what it said on the error stream. */
  private static CommandRun runCommand(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status = Main.execute(new PrintWriter(out), new PrintWriter(err), args);
    return new CommandRun(status, out.toString(), err.toString());
  }

  /** What a killed JVM does to its lock: stops refreshing it. */
  private static void stopRefreshing(ResultsLock lock) {
    try {
      var field = ResultsLock.class.getDeclaredField("refresher");
      field.setAccessible(true);
      ((java.util.concurrent.ExecutorService) field.get(lock)).shutdownNow();
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  // Item 4: a committed chunk never gains rows.

  @Test
  void aCommittedChunkWithExtraRowsIsRefusedByName() throws IOException {
    SweepSpec spec = spec(SMALL);
    run(spec);
    Path chunk = spec.resultsDirectory().resolve("trials/chunk=000001");
    Path part = partFile(chunk);
    Files.copy(part, chunk.resolve("part-99999-copy.snappy.parquet"));
    SpecException refused = assertThrows(SpecException.class, () -> run(spec));
    assertEquals(chunk + ": committed with 12 rows where its 3 trainings × 2 ε make 6; a committed chunk never"
        + " changes: move it out of " + spec.resultsDirectory().resolve("trials") + " and run the sweep again to"
        + " retrain it", refused.getMessage());
  }

  @Test
  void aCommittedChunkWithAnotherChunksRowsIsRefusedByName() throws IOException {
    SweepSpec spec = spec(SMALL);
    run(spec);
    Path zero = spec.resultsDirectory().resolve("trials/chunk=000000");
    Path two = spec.resultsDirectory().resolve("trials/chunk=000002");
    Files.delete(partFile(zero));
    Files.copy(partFile(two), zero.resolve("part-00000-moved.snappy.parquet"));
    SpecException refused = assertThrows(SpecException.class, () -> run(spec));
    assertTrue(refused.getMessage().startsWith(zero + ": committed with training id 8, outside its range [0, 3)"),
        refused.getMessage());
  }

  @Test
  void moveTheDamagedChunkAwayAndTheSweepRetrainsIt() throws IOException {
    SweepSpec spec = spec(SMALL);
    run(spec);
    Path chunk = spec.resultsDirectory().resolve("trials/chunk=000003");
    Files.copy(partFile(chunk), chunk.resolve("part-99999-copy.snappy.parquet"));
    assertThrows(SpecException.class, () -> run(spec));
    deleteTree(chunk);
    SweepJob.Outcome again = run(spec);
    assertEquals(1, again.chunksTrained());
    assertEquals(24, again.rows());
    assertEquals(24, rows(spec));
  }

  // Items 5 and 6: the manifest is a cache of the chunks.

  @Test
  void aDamagedManifestIsNamedAndRebuiltByTheNextRun() throws IOException {
    SweepSpec spec = spec(SMALL);
    runTwoChunks(spec);
    Path manifest = spec.resultsDirectory().resolve("manifest.json");
    JsonNode stopped = new ObjectMapper().readTree(manifest.toFile());
    assertEquals(2, stopped.get("committedChunkCount").asInt());
    for (String damage : new String[] {"", "{\"sweep\": \"small\", \"specHash\": \"ab"}) {
      Files.writeString(manifest, damage);
      ResultsDirectory.DamagedManifest named = assertThrows(ResultsDirectory.DamagedManifest.class,
          () -> results(spec).readManifest());
      assertTrue(named.getMessage().startsWith(spec.resultsDirectory().resolve("manifest.json") + " is damaged ("),
          named.getMessage());
    }
    StringWriter said = new StringWriter();
    SweepJob.Outcome resumed = SweepJob.run(SparkSessions.shared(), spec, false, "test", null,
        new PrintWriter(said));
    assertTrue(said.toString().contains("manifest.json is damaged (not complete JSON"), said.toString());
    assertTrue(said.toString().contains("rebuilding it from the committed chunks and sweep.conf"), said.toString());
    assertEquals(2, resumed.chunksSkipped(), "the committed chunks were kept, not overwritten");
    assertEquals(24, rows(spec));
    JsonNode rebuilt = new ObjectMapper().readTree(manifest.toFile());
    assertEquals("complete", rebuilt.get("status").asText());
    assertEquals(4, rebuilt.get("committedChunkCount").asInt());
    assertTrue(rebuilt.get("rebuilt").get("reason").asText().contains("is damaged"));
  }

  @Test
  void repairRebuildsAManifestFromTheChunksAndSweepConf() throws IOException {
    SweepSpec spec = spec(SMALL);
    run(spec);
    Path manifest = spec.resultsDirectory().resolve("manifest.json");
    Files.writeString(manifest, "{\"swe");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status = Main.execute(new PrintWriter(out), new PrintWriter(err), "repair",
        spec.resultsDirectory().toString());
    assertEquals(0, status, err.toString());
    assertTrue(out.toString().startsWith(manifest + ": rebuilt (it was " + manifest + " is damaged"), out.toString());
    assertTrue(out.toString().contains("4 of 4 committed chunks, 24 rows"), out.toString());
    JsonNode rebuilt = new ObjectMapper().readTree(manifest.toFile());
    assertEquals(spec.specHash(), rebuilt.get("specHash").asText());
    assertEquals("complete", rebuilt.get("status").asText());
    assertEquals(24, rebuilt.get("rows").asLong());
  }

  @Test
  void sweepConfReadsBackAsTheSameSpec() throws IOException {
    SweepSpec spec = spec(SMALL, "lambda=[0, 0.05, 0.5]", "task=addition");
    SweepSpec recorded = SweepFiles.recorded(spec.render(), "sweep.conf");
    assertEquals(spec.specHash(), recorded.specHash());
    assertEquals(spec.size(), recorded.size());
    assertEquals(spec.name(), recorded.name());
  }

  @Test
  void aRepeatedIdHidingAMissingOneIsRefusedEvenWhenTheSumsAgree() throws IOException {
    SweepSpec spec = spec(SMALL);
    run(spec);
    Path chunk = spec.resultsDirectory().resolve("trials/chunk=000000");
    // Ids 0, 1, 2 become 1, 1, 1: the count, the range and the sum are as they should be.
    rewriteChunk(chunk, rows -> rows.withColumn("training_id", org.apache.spark.sql.functions.lit(1L)));
    SpecException refused = assertThrows(SpecException.class, () -> run(spec));
    assertEquals(chunk + ": committed with some (training, ε) pairs twice and others missing; a committed chunk"
        + " never changes: move it out of " + spec.resultsDirectory().resolve("trials") + " and run the sweep again"
        + " to retrain it", refused.getMessage());
  }

  @Test
  void theAuditsBitmapCountsEachPairOnceAcrossTasksAndSkipsNulls() {
    ChunkAudit.DistinctPairs distinct = new ChunkAudit.DistinctPairs();
    ChunkAudit.DistinctPairs.Bits one = distinct.zero();
    for (Long pair : new Long[] {1L, 64L, 64L, null, 200L}) {
      one = distinct.reduce(one, pair);
    }
    ChunkAudit.DistinctPairs.Bits other = distinct.reduce(distinct.reduce(distinct.zero(), 1L), 9000L);
    assertEquals(3, distinct.finish(one), "1, 64 and 200");
    assertEquals(4, distinct.finish(distinct.merge(distinct.zero(), distinct.merge(other, one))),
        "1 in both tasks counts once");
  }

  @Test
  void rowsOfAnotherSpecAreRefusedWhenSweepConfWasEditedBetweenRuns() throws IOException {
    SweepSpec first = spec(SMALL);
    runTwoChunks(first);
    // The results' sweep.conf is edited to a new λ list, and the sweep resumed with that list.
    SweepSpec edited = spec(SMALL, "lambda=[0.5, 0.1]");
    Files.writeString(edited.resultsDirectory().resolve("sweep.conf"), edited.render());
    SpecException refused = assertThrows(SpecException.class, () -> run(edited));
    Path chunk = edited.resultsDirectory().resolve("trials/chunk=000000");
    assertEquals(chunk + ": committed with 6 rows of another sweep (spec hash '" + first.specHash() + "', this"
        + " sweep's is " + edited.specHash() + "): the chunks and sweep.conf disagree; move the chunks out of "
        + edited.resultsDirectory().resolve("trials") + " to train this sweep afresh, or restore the sweep.conf they"
        + " were written with (1 more committed chunks fail the audit too)", refused.getMessage());
    assertEquals(2, results(edited).committedChunks().cardinality(), "nothing trained beside them");
    CommandRun report = runCommand("report", edited.resultsDirectory().toString(), "--out",
        directory.resolve("report").toString());
    assertEquals(2, report.status(), report.err());
    assertEquals("structsweep report: " + refused.getMessage(), report.err().strip());
    assertFalse(Files.exists(directory.resolve("report")));
  }

  @Test
  void aRepeatedTrainingAndEpsilonIsRefusedByTheSweepRepairAndReport() throws IOException {
    SweepSpec spec = spec(SMALL);
    run(spec);
    Path chunk = spec.resultsDirectory().resolve("trials/chunk=000000");
    // Training 0's ε = 0.1 row carries ε = 0.01: the count, the ids and their sums are as they should be.
    org.apache.spark.sql.Column first = org.apache.spark.sql.functions.col("training_id").equalTo(0L);
    rewriteChunk(chunk, rows -> rows.withColumn("epsilon", org.apache.spark.sql.functions.when(first, 0.01)
        .otherwise(org.apache.spark.sql.functions.col("epsilon"))));
    String expected = chunk + ": committed with some (training, ε) pairs twice and others missing; a committed"
        + " chunk never changes: move it out of " + spec.resultsDirectory().resolve("trials") + " and run the sweep"
        + " again to retrain it";
    assertEquals(expected, assertThrows(SpecException.class, () -> run(spec)).getMessage());
    CommandRun repair = runCommand("repair", spec.resultsDirectory().toString());
    assertEquals(2, repair.status(), repair.err());
    assertEquals("structsweep repair: " + expected, repair.err().strip());
    CommandRun report = runCommand("report", spec.resultsDirectory().toString(), "--out",
        directory.resolve("report").toString());
    assertEquals(2, report.status(), report.err());
    assertEquals("structsweep report: " + expected, report.err().strip());
  }

  @Test
  void rowsAtAnEpsilonTheSweepDoesNotHaveAreRefused() throws IOException {
    SweepSpec spec = spec(SMALL);
    run(spec);
    Path chunk = spec.resultsDirectory().resolve("trials/chunk=000002");
    rewriteChunk(chunk, rows -> rows.withColumn("epsilon", org.apache.spark.sql.functions.col("epsilon").multiply(2)));
    SpecException refused = assertThrows(SpecException.class, () -> run(spec));
    assertTrue(refused.getMessage().startsWith(chunk + ": committed with 6 rows at an ε this sweep does not have"
        + " (such as ε = 0.02); "), refused.getMessage());
  }

  @Test
  void aHugeOrMissingTrainingIdIsRefusedByNameNotByAnOverflow() throws IOException {
    SweepSpec spec = spec(SMALL);
    run(spec);
    Path chunk = spec.resultsDirectory().resolve("trials/chunk=000001");
    org.apache.spark.sql.Column first = org.apache.spark.sql.functions.col("training_id").equalTo(3L);
    rewriteChunk(chunk, rows -> rows.withColumn("training_id", org.apache.spark.sql.functions.when(first,
        Long.MAX_VALUE / 2).otherwise(org.apache.spark.sql.functions.col("training_id"))));
    CommandRun huge = runCommand("sweep", directory.resolve("small.conf").toString(), "--output",
        directory.resolve("out").toString());
    assertEquals(2, huge.status(), huge.err());
    assertTrue(huge.err().startsWith("structsweep sweep: " + chunk + ": committed with training id " + Long.MAX_VALUE / 2
        + ", outside its range [3, 6); "), huge.err());
    rewriteChunk(chunk, rows -> rows.withColumn("training_id", org.apache.spark.sql.functions.lit(null)
        .cast("long")));
    CommandRun missing = runCommand("repair", spec.resultsDirectory().toString());
    assertEquals(2, missing.status(), missing.err());
    assertTrue(missing.err().startsWith("structsweep repair: " + chunk + ": committed with 6 rows without a training"
        + " id; "), missing.err());
  }

  @Test
  void anUnreadableParquetFileIsNamedInOneLineBySweepRepairAndReport() throws IOException {
    SweepSpec spec = spec(SMALL);
    run(spec);
    Path part = partFile(spec.resultsDirectory().resolve("trials/chunk=000001"));
    Files.writeString(part, "garbage");
    String expected = part + ": cannot be read (is not a Parquet file (length is too low: 7)); a committed chunk"
        + " never changes: move chunk=000001 out of " + spec.resultsDirectory().resolve("trials") + " and run the"
        + " sweep again to retrain it";
    CommandRun[] runs = {
        runCommand("sweep", directory.resolve("small.conf").toString(), "--output", directory.resolve("out").toString()),
        runCommand("repair", spec.resultsDirectory().toString()),
        runCommand("report", spec.resultsDirectory().toString(), "--out", directory.resolve("report").toString())};
    String[] commands = {"sweep", "repair", "report"};
    for (int i = 0; i < runs.length; i++) {
      assertEquals(2, runs[i].status(), runs[i].err());
      assertEquals("structsweep " + commands[i] + ": " + expected, runs[i].err().strip());
    }
    assertFalse(Files.exists(directory.resolve("report")));
  }

  @Test
  void overwriteReplacesResultsThatCannotBeMatchedToASweep() throws IOException {
    SweepSpec spec = spec(SMALL);
    run(spec);
    Files.delete(spec.resultsDirectory().resolve("sweep.conf"));
    Files.writeString(spec.resultsDirectory().resolve("manifest.json"), "");
    SpecException refused = assertThrows(SpecException.class, () -> run(spec));
    assertTrue(refused.getMessage().contains("cannot be matched to a sweep; --overwrite replaces them"),
        refused.getMessage());
    SweepJob.Outcome replaced = SweepJob.run(SparkSessions.shared(), spec, true, "test", null,
        new PrintWriter(new StringWriter()));
    assertEquals(4, replaced.chunksTrained(), "as it says: --overwrite replaced them");
    assertEquals(24, rows(spec));
  }

  // Item 7: nothing under trials/ but this grid's chunks.

  @Test
  void strayChunkDirectoriesAreRefusedByPath() throws IOException {
    SweepSpec spec = spec(SMALL);
    run(spec);
    Path trials = spec.resultsDirectory().resolve("trials");
    for (String stray : new String[] {"chunk=000100", "chunk=99999999999", "chunk=1", "notes"}) {
      Path path = Files.createDirectories(trials.resolve(stray));
      SpecException refused = assertThrows(SpecException.class, () -> run(spec));
      assertEquals(path + ": not a chunk of this sweep (its chunks are chunk=000000 to chunk=000003); move it out"
          + " of " + trials + " and run again", refused.getMessage());
      Files.delete(path);
    }
    assertEquals(24, rows(spec), "nothing trained or removed by the refused runs");
  }

  @Test
  void resultsOfAnotherSpecAreRefusedEvenWhenTheirManifestIsEmpty() throws IOException {
    SweepSpec first = spec(SMALL);
    run(first);
    Files.writeString(first.resultsDirectory().resolve("manifest.json"), "");
    SweepSpec same = spec(SMALL);
    assertEquals(0, run(same).chunksTrained(), "an empty manifest is not another sweep: sweep.conf says whose");
    SweepSpec other = spec(SMALL.replace("epochs = 20", "epochs = 21"));
    SpecException refused = assertThrows(SpecException.class, () -> run(other));
    assertTrue(refused.getMessage().contains("holds the results of another sweep"), refused.getMessage());
  }

  // The report reads without the lock, and refuses what the sweep refuses.

  private static CommandRun report(SweepSpec spec, Path out) {
    return runCommand("report", spec.resultsDirectory().toString(), "--out", out.toString());
  }

  private record CommandRun(int status, String out, String err) {}

  @Test
  void theReportNamesADamagedManifestAndTheCommandThatRepairsIt() throws IOException {
    SweepSpec spec = spec(SMALL);
    run(spec);
    Files.writeString(spec.resultsDirectory().resolve("manifest.json"), "{\"sweep\": ");
    CommandRun run = report(spec, directory.resolve("report"));
    assertEquals(2, run.status(), run.err());
    String said = run.err().strip();
    assertEquals(1, said.lines().count(), said);
    assertTrue(said.startsWith("structsweep report: " + spec.resultsDirectory().resolve("manifest.json")
        + " is damaged (not complete JSON: Unexpected end-of-input"), said);
    assertTrue(said.endsWith("; structsweep repair " + spec.resultsDirectory() + " rebuilds it from the committed"
        + " chunks and sweep.conf"), said);
    assertFalse(Files.exists(directory.resolve("report")));
  }

  @Test
  void theReportRefusesACommittedChunkWithExtraRows() throws IOException {
    SweepSpec spec = spec(SMALL);
    run(spec);
    Path chunk = spec.resultsDirectory().resolve("trials/chunk=000002");
    Files.copy(partFile(chunk), chunk.resolve("part-99999-copy.snappy.parquet"));
    CommandRun run = report(spec, directory.resolve("report"));
    assertEquals(2, run.status(), run.err());
    assertTrue(run.err().startsWith("structsweep report: " + chunk + ": committed with 12 rows where its 3"
        + " trainings × 2 ε make 6"), run.err());
    assertFalse(Files.exists(directory.resolve("report")));
  }

  @Test
  void theReportSaysWhenASweepIsStillRunning() throws IOException {
    SweepSpec spec = spec(SMALL);
    run(spec);
    try (ResultsLock running = ResultsLock.acquire(results(spec), FAST)) {
      CommandRun run = report(spec, directory.resolve("report"));
      assertEquals(0, run.status(), run.err());
      assertTrue(run.out().startsWith("note: a sweep is still writing " + spec.resultsDirectory() + " (pid "
          + ProcessHandle.current().pid()), run.out());
      String page = Files.readString(directory.resolve("report/index.html"));
      assertTrue(page.contains("A sweep is still writing these results (pid " + ProcessHandle.current().pid()),
          "the page says so too");
      assertTrue(Files.exists(spec.resultsDirectory().resolve(ResultsLock.FILE)), "the report took no lock");
    }
  }

  private static void deleteTree(Path path) throws IOException {
    try (Stream<Path> walk = Files.walk(path)) {
      for (Path each : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(each);
      }
    }
  }
}
