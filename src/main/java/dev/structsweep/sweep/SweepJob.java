package dev.structsweep.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.BitSet;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;

/**
 * Runs a sweep: every chunk of training ids not yet committed is one Spark job that decodes, trains and writes
 * its rows to {@code trials/chunk=N} through Spark's file commit protocol, so a retried task never duplicates a
 * row and a chunk is either committed whole or not at all. Two chunk jobs run at once so that executors do not
 * idle while a chunk commits. The driver holds only the chunk numbers, never the grid or the results.
 */
public final class SweepJob {
  /** Test-only fault switch: stop (with an exception) after this many chunks were committed by this run. */
  public static final String STOP_AFTER_CHUNKS = "structsweep.test.stop-after-chunks";
  private static final int CONCURRENT_CHUNKS = 2;
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** What one run did. */
  public record Outcome(long chunks, long chunksSkipped, long chunksTrained, long trainingsTrained,
      long trainingsRetried, long rows, String results) {}

  private final SparkSession spark;
  private final SweepSpec spec;
  private final String version;
  private final String gitCommit;
  private final PrintWriter console;

  public SweepJob(SparkSession spark, SweepSpec spec, String version, String gitCommit, PrintWriter console) {
    this.spark = spark;
    this.spec = spec;
    this.version = version;
    this.gitCommit = gitCommit;
    this.console = console;
  }

  /**
   * Runs spec in a session on the master spark-submit chose, or on the sweep's own master in a local run,
   * and stops the session whatever happens.
   */
  public static Outcome runInSession(SweepSpec spec, String version, String gitCommit, PrintWriter console)
      throws IOException {
    SparkSession.Builder builder = SparkSession.builder().appName("structsweep " + spec.name())
        .config("spark.ui.showConsoleProgress", "false");
    String master = System.getProperty("spark.master", spec.sparkMaster());
    if (System.getProperty("spark.master") == null) {
      builder.master(master);
    }
    if (master.startsWith("local")) {
      // A local run talks to itself only: keep the driver on the loopback interface.
      builder.config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1");
    }
    SparkSession spark = builder.getOrCreate();
    try {
      return new SweepJob(spark, spec, version, gitCommit, console).run();
    } finally {
      spark.stop();
    }
  }

  /**
   * Refuses, before anything is written or Spark starts, a results directory that holds another spec's
   * results, unless overwrite; with overwrite, deletes it.
   */
  public static void checkResults(SweepSpec spec, boolean overwrite,
      org.apache.hadoop.conf.Configuration hadoop) throws IOException {
    ResultsDirectory results = new ResultsDirectory(spec.resultsDirectory().toString(), hadoop);
    if (!results.exists()) {
      return;
    }
    String recorded = results.recordedSpecHash();
    if (spec.specHash().equals(recorded)) {
      return;
    }
    if (!overwrite) {
      throw new SpecException(results.root() + " holds the results of another sweep (spec hash "
          + (recorded == null ? "unknown" : recorded) + ", this sweep's is " + spec.specHash()
          + "); choose another name or output, or pass --overwrite to replace them");
    }
    results.delete();
  }

  public Outcome run() throws IOException {
    Instant started = Instant.now();
    ResultsDirectory results = new ResultsDirectory(spec.resultsDirectory().toString(),
        spark.sparkContext().hadoopConfiguration());
    if (!results.exists() || results.recordedSpecHash() == null) {
      results.writeAtomically(results.specFile(), spec.render());
    }
    BitSet committed = results.committedChunks();
    long chunks = spec.chunks();
    long skipped = committed.cardinality();
    long pendingChunks = chunks - skipped;
    long pendingTrainings = spec.size() - trainingsIn(committed);
    console.printf(Locale.ROOT, "sweep %s: %,d trainings × %d ε in %,d chunks; %,d already committed,"
            + " %,d to train, into %s%n", spec.name(), spec.size(), spec.grid().epsilons().length, chunks,
        skipped, pendingChunks, results.root());
    console.flush();
    writeManifest(results, started, null, "running", skipped, 0, 0, 0);

    LongAccumulator trained = spark.sparkContext().longAccumulator("trainings");
    LongAccumulator retried = spark.sparkContext().longAccumulator("trainings retried");
    TrainPartition partition = new TrainPartition(spec, version, gitCommit, trained, retried);
    int partitions = spec.partitionsPerChunk() > 0 ? spec.partitionsPerChunk()
        : 2 * spark.sparkContext().defaultParallelism();
    long stopAfter = Long.getLong(STOP_AFTER_CHUNKS, Long.MAX_VALUE);

    AtomicLong chunksDone = new AtomicLong();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    ScheduledExecutorService progress = Executors.newSingleThreadScheduledExecutor(daemon("progress"));
    long startNanos = System.nanoTime();
    progress.scheduleAtFixedRate(() -> printProgress(trained.value(), pendingTrainings, chunksDone.get(),
        pendingChunks, startNanos), 2, 2, TimeUnit.SECONDS);
    // At most CONCURRENT_CHUNKS chunk jobs in flight; the driver walks the chunk numbers, holding none of them.
    ExecutorService pool = Executors.newFixedThreadPool(CONCURRENT_CHUNKS, daemon("chunk"));
    Semaphore slots = new Semaphore(CONCURRENT_CHUNKS);
    long launched = 0;
    try {
      for (int chunk = committed.nextClearBit(0); chunk < chunks && failure.get() == null && launched < stopAfter;
          chunk = committed.nextClearBit(chunk + 1)) {
        slots.acquire();
        if (failure.get() != null) {
          slots.release();
          break;
        }
        int next = chunk;
        launched++;
        pool.execute(() -> {
          try {
            writeChunk(results, next, partitions, partition);
            chunksDone.incrementAndGet();
          } catch (Throwable t) {
            failure.compareAndSet(null, t);
          } finally {
            slots.release();
          }
        });
      }
      slots.acquire(CONCURRENT_CHUNKS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } finally {
      pool.shutdownNow();
      progress.shutdownNow();
    }
    if (failure.get() != null) {
      writeManifest(results, started, Instant.now(), "failed", skipped, chunksDone.get(), trained.value(),
          retried.value());
      Throwable cause = failure.get();
      throw cause instanceof RuntimeException r ? r : new IllegalStateException(cause);
    }
    if (chunksDone.get() < pendingChunks) {
      writeManifest(results, started, Instant.now(), "stopped", skipped, chunksDone.get(), trained.value(),
          retried.value());
      throw new IllegalStateException("stopped after " + chunksDone.get() + " chunks (" + STOP_AFTER_CHUNKS + ")");
    }
    long rows = spark.read().parquet(results.trials().toString()).count();
    writeManifest(results, started, Instant.now(), "complete", skipped, chunksDone.get(), trained.value(),
        retried.value(), rows);
    console.printf(Locale.ROOT, "sweep %s: done in %s; %,d chunks trained, %,d skipped, %,d rows, %,d trainings"
            + " retried%n", spec.name(), human(Duration.between(started, Instant.now())), chunksDone.get(),
        skipped, rows, retried.value());
    console.flush();
    return new Outcome(chunks, skipped, chunksDone.get(), trained.value(), retried.value(), rows,
        results.root().toString());
  }

  /** Trainings in the committed chunks (the last chunk may be short). */
  private long trainingsIn(BitSet committed) {
    long trainings = (long) committed.cardinality() * spec.chunkSize();
    long last = spec.chunks() - 1;
    if (committed.get((int) last)) {
      trainings -= (last + 1) * spec.chunkSize() - spec.size();
    }
    return trainings;
  }

  private long chunkEnd(long chunk) {
    return Math.min(spec.size(), (chunk + 1) * spec.chunkSize());
  }

  private void writeChunk(ResultsDirectory results, long chunk, int partitions, TrainPartition partition) {
    long start = chunk * spec.chunkSize();
    long end = chunkEnd(chunk);
    int slices = (int) Math.max(1, Math.min(partitions, end - start));
    spark.sparkContext().setJobDescription("structsweep " + spec.name() + " chunk " + chunk);
    spark.range(start, end, 1, slices)
        .mapPartitions(partition, Encoders.row(TrialRows.SCHEMA))
        .write().mode(SaveMode.Overwrite).parquet(results.chunk(chunk).toString());
  }

  private void printProgress(long done, long total, long chunksDone, long chunks, long startNanos) {
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    double rate = done / Math.max(seconds, 1e-9);
    String left = done == 0 ? "?" : human(Duration.ofSeconds((long) ((total - done) / Math.max(rate, 1e-9))));
    console.printf(Locale.ROOT, "  %,d / %,d trainings (%.1f%%), %,d / %,d chunks, %.0f trainings/s, about %s"
        + " left%n", done, total, total == 0 ? 100.0 : 100.0 * done / total, chunksDone, chunks, rate, left);
    console.flush();
  }

  private void writeManifest(ResultsDirectory results, Instant started, Instant ended, String status,
      long skipped, long chunksTrained, long trainingsTrained, long retried) throws IOException {
    writeManifest(results, started, ended, status, skipped, chunksTrained, trainingsTrained, retried, -1);
  }

  private void writeManifest(ResultsDirectory results, Instant started, Instant ended, String status,
      long skipped, long chunksTrained, long trainingsTrained, long retried, long rows) {
    try {
      ObjectNode manifest = MAPPER.createObjectNode();
      manifest.put("sweep", spec.name());
      manifest.put("specHash", spec.specHash());
      manifest.put("status", status);
      ObjectNode versions = manifest.putObject("versions");
      versions.put("structsweep", version);
      versions.put("spark", spark.version());
      versions.put("java", System.getProperty("java.version"));
      versions.put("scala", scala.util.Properties.versionNumberString());
      if (gitCommit != null) {
        manifest.put("gitCommit", gitCommit);
      } else {
        manifest.putNull("gitCommit");
      }
      manifest.put("trainings", spec.size());
      manifest.put("epsilons", spec.grid().epsilons().length);
      manifest.put("rowsExpected", spec.size() * spec.grid().epsilons().length);
      if (rows >= 0) {
        manifest.put("rows", rows);
      }
      manifest.put("chunkSize", spec.chunkSize());
      manifest.put("chunks", spec.chunks());
      ArrayNode ranges = manifest.putArray("committedChunks");
      BitSet committed = results.committedChunks();
      for (int from = committed.nextSetBit(0); from >= 0; ) {
        int to = committed.nextClearBit(from);
        ranges.addArray().add(from).add(to - 1);
        from = committed.nextSetBit(to);
      }
      manifest.put("committedChunkCount", committed.cardinality());
      ArrayNode runs = manifest.putArray("runs");
      JsonNode previous = results.exists() && results.recordedSpecHash() != null
          ? results.readManifest().path("runs") : null;
      if (previous != null) {
        for (JsonNode run : previous) {
          if (!run.path("started").asText().equals(started.toString())) {
            runs.add(run);
          }
        }
      }
      ObjectNode run = runs.addObject();
      run.put("started", started.toString());
      if (ended != null) {
        run.put("ended", ended.toString());
      }
      run.put("master", spark.sparkContext().master());
      run.put("chunksSkipped", skipped);
      run.put("chunksTrained", chunksTrained);
      run.put("trainingsTrained", trainingsTrained);
      run.put("trainingsRetried", retried);
      run.put("driverHeapPeakMiB", heapPeakMiB());
      manifest.put("trainingsRetried", sum(runs, "trainingsRetried"));
      results.writeAtomically(results.manifest(),
          MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(manifest) + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The driver JVM's peak heap use so far, over all heap pools (in local mode, executors share it). */
  static long heapPeakMiB() {
    long bytes = 0;
    for (java.lang.management.MemoryPoolMXBean pool : java.lang.management.ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == java.lang.management.MemoryType.HEAP) {
        bytes += pool.getPeakUsage().getUsed();
      }
    }
    return bytes >> 20;
  }

  private static long sum(ArrayNode runs, String field) {
    long sum = 0;
    for (JsonNode run : runs) {
      sum += run.path(field).asLong();
    }
    return sum;
  }

  static String human(Duration duration) {
    long seconds = duration.getSeconds();
    if (seconds < 60) {
      return seconds + " s";
    }
    if (seconds < 3600) {
      return seconds / 60 + " min " + seconds % 60 + " s";
    }
    return seconds / 3600 + " h " + (seconds % 3600) / 60 + " min";
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return runnable -> {
      Thread thread = new Thread(runnable, "structsweep-" + name);
      thread.setDaemon(true);
      return thread;
    };
  }
}
