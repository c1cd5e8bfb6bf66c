package dev.structsweep.sweep;

import java.io.IOException;
import java.io.PrintWriter;
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
import java.util.function.Supplier;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;

/**
 * Runs a sweep: every chunk of training ids not yet committed is one Spark job that decodes, trains and writes
 * its rows to {@code trials/chunk=N} through Spark's file commit protocol, so a retried task never duplicates a
 * row and a chunk is either committed whole or not at all. Two chunk jobs run at once so that executors do not
 * idle while a chunk commits. The driver holds only the chunk numbers, never the grid or the results.
 *
 * <p>A run holds the results directory's lock from before Spark starts to its end. The committed chunks and
 * sweep.conf are the truth: the chunks already committed are audited before any is added, and the manifest,
 * their cache, is rewritten after every commit. SIGTERM or SIGINT stops the launching of chunks, cancels the
 * running ones and records the run as interrupted.
 */
public final class SweepJob {
  /** Test-only fault switch: stop (with an exception) after this many chunks were committed by this run. */
  public static final String STOP_AFTER_CHUNKS = "structsweep.test.stop-after-chunks";
  private static final int CONCURRENT_CHUNKS = 2;

  /** What one run did. */
  public record Outcome(long chunks, long chunksSkipped, long chunksTrained, long trainingsTrained,
      long trainingsRetried, long rows, String results) {}

  /** A run stopped by SIGTERM or SIGINT after recording what was committed; exit with {@link #exitStatus()}. */
  public static final class Interrupted extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int exitStatus;

    Interrupted(String message, int exitStatus) {
      super(message);
      this.exitStatus = exitStatus;
    }

    public int exitStatus() {
      return exitStatus;
    }
  }

  private final SparkSession spark;
  private final SweepSpec spec;
  private final String version;
  private final String gitCommit;
  private final PrintWriter console;
  private final ResultsLock lock;

  /** A run of spec in spark; lock is this run's hold on the results directory (see {@link ResultsClaim#take}). */
  public SweepJob(SparkSession spark, SweepSpec spec, String version, String gitCommit, PrintWriter console,
      ResultsLock lock) {
    this.spark = spark;
    this.spec = spec;
    this.version = version;
    this.gitCommit = gitCommit;
    this.console = console;
    this.lock = lock;
  }

  /**
   * Runs spec in a session on the master spark-submit chose, or on the sweep's own master in a local run:
   * takes the results directory ({@link ResultsClaim#take}) before Spark starts, and lets it go and stops the session
   * whatever happens.
   */
  public static Outcome runInSession(SweepSpec spec, boolean overwrite, String version, String gitCommit,
      PrintWriter console) throws IOException {
    org.apache.hadoop.conf.Configuration hadoop = SparkStart.hadoopConfiguration();
    ResultsDirectory results = new ResultsDirectory(spec.resultsDirectory().toString(), hadoop);
    ResultsLock lock = ResultsClaim.take(spec, overwrite, results);
    SparkSession spark = null;
    try {
      spark = SparkStart.session("structsweep " + spec.name(), spec.sparkMaster());
      return new SweepJob(spark, spec, version, gitCommit, console, lock).run();
    } finally {
      if (spark != null) {
        spark.stop();
      }
      lock.close();
      results.deleteIfEmpty();
    }
  }

  /** Runs spec in a session that is already there (tests, benchmarks): takes the results, runs, lets them go. */
  public static Outcome run(SparkSession spark, SweepSpec spec, boolean overwrite, String version,
      String gitCommit, PrintWriter console) throws IOException {
    ResultsDirectory results = new ResultsDirectory(spec.resultsDirectory().toString(),
        spark.sparkContext().hadoopConfiguration());
    try (ResultsLock lock = ResultsClaim.take(spec, overwrite, results)) {
      return new SweepJob(spark, spec, version, gitCommit, console, lock).run();
    }
  }

  public Outcome run() throws IOException {
    Instant started = Instant.now();
    ResultsDirectory results = new ResultsDirectory(spec.resultsDirectory().toString(),
        spark.sparkContext().hadoopConfiguration());
    BitSet committed = results.committedChunks();
    ChunkAudit.audit(spark, results, spec.size(), spec.chunkSize(), spec.grid().epsilons().length, committed);
    Manifest manifest = new Manifest(results, spec, version, spark.version(), gitCommit,
        spark.sparkContext().master());
    long chunks = spec.chunks();
    long skipped = committed.cardinality();
    long pendingChunks = chunks - skipped;
    long pendingTrainings = spec.size() - trainingsIn(committed);
    lock.tookOverFrom().ifPresent(dead -> console.println("took over the lock of a run that ended without letting it go: "
        + dead.describe(Instant.now())));
    noteRebuiltManifest(results);
    console.printf(Locale.ROOT, "sweep %s: %,d trainings × %d ε in %,d chunks; %,d already committed,"
            + " %,d to train, into %s%n", spec.name(), spec.size(), spec.grid().epsilons().length, chunks,
        skipped, pendingChunks, results.root());
    console.println(TrainPartition.describeLanes(spec.lanes(), spec.sparkMaster().startsWith("local")));
    console.flush();

    LongAccumulator trained = spark.sparkContext().longAccumulator("trainings");
    LongAccumulator retried = spark.sparkContext().longAccumulator("trainings retried");
    AtomicLong chunksDone = new AtomicLong();
    Supplier<Manifest.RunCounts> counts = () -> new Manifest.RunCounts(skipped, chunksDone.get(), trained.value(),
        retried.value());
    manifest.write("running", committed, counts.get(), -1);

    TrainPartition partition = new TrainPartition(spec, version, gitCommit, trained, retried);
    int partitions = spec.partitionsPerChunk() > 0 ? spec.partitionsPerChunk()
        : 2 * spark.sparkContext().defaultParallelism();
    long stopAfter = Long.getLong(STOP_AFTER_CHUNKS, Long.MAX_VALUE);
    TrainingProgress progress = new TrainingProgress(trained);
    spark.sparkContext().addSparkListener(progress);

    AtomicReference<Throwable> failure = new AtomicReference<>();
    // Another run holds the directory now: what this one still writes could double its rows.
    lock.onLost(() -> spark.sparkContext().cancelAllJobs());
    ScheduledExecutorService printer = Executors.newSingleThreadScheduledExecutor(daemon("progress"));
    printer.scheduleAtFixedRate(() -> {
      console.println(progress.line(pendingTrainings, chunksDone.get(), pendingChunks));
      console.flush();
    }, 2, 2, TimeUnit.SECONDS);
    // At most CONCURRENT_CHUNKS chunk jobs in flight; the driver walks the chunk numbers, holding none of them.
    ExecutorService pool = Executors.newFixedThreadPool(CONCURRENT_CHUNKS, daemon("chunk"));
    Semaphore slots = new Semaphore(CONCURRENT_CHUNKS);
    long launched = 0;
    try (Interruption interruption = new Interruption(() -> {
      // Cancellation makes Spark log every killed task; the run says what happened in one line instead.
      org.apache.logging.log4j.core.config.Configurator.setAllLevels(
          org.apache.logging.log4j.LogManager.ROOT_LOGGER_NAME, org.apache.logging.log4j.Level.OFF);
      spark.sparkContext().cancelAllJobs();
    })) {
      try {
        for (int chunk = committed.nextClearBit(0); chunk < chunks && launched < stopAfter;
            chunk = committed.nextClearBit(chunk + 1)) {
          slots.acquire();
          if (failure.get() != null || interruption.interrupted() || lock.lost() != null) {
            slots.release();
            break;
          }
          int next = chunk;
          launched++;
          pool.execute(() -> {
            try {
              if (interruption.interrupted() || lock.lost() != null) {
                return; // the signal or the loss came after the launch: this chunk is not started
              }
              writeChunk(results, next, partitions, partition);
              chunksDone.incrementAndGet();
              synchronized (committed) {
                committed.set(next);
                if (lock.lost() == null) {
                  manifest.write("running", committed, counts.get(), -1);
                }
              }
            } catch (Throwable t) {
              if (!interruption.interrupted()) {
                failure.compareAndSet(null, t);
              }
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
        printer.shutdownNow();
        spark.sparkContext().removeSparkListener(progress);
      }
      refuseIfLost(results);
      if (interruption.interrupted()) {
        manifest.write("interrupted", committed, counts.get(), -1);
        throw new Interrupted(spec.name() + " interrupted by " + interruption.signalName() + ": "
            + committed.cardinality() + " of " + chunks + " chunks committed (" + trainingsIn(committed) + " of "
            + spec.size() + " trainings); run it again to resume", interruption.exitStatus());
      }
    }
    if (failure.get() != null) {
      refuseIfLost(results);
      manifest.write("failed", committed, counts.get(), -1);
      Throwable cause = failure.get();
      throw cause instanceof RuntimeException r ? r : new IllegalStateException(cause);
    }
    if (chunksDone.get() < pendingChunks) {
      manifest.write("stopped", committed, counts.get(), -1);
      throw new IllegalStateException("stopped after " + chunksDone.get() + " chunks (" + STOP_AFTER_CHUNKS + ")");
    }
    long rows = ChunkAudit.audit(spark, results, spec.size(), spec.chunkSize(), spec.grid().epsilons().length,
        committed);
    refuseIfLost(results);
    manifest.write("complete", committed, counts.get(), rows);
    console.printf(Locale.ROOT, "sweep %s: done in %s; %,d chunks trained, %,d skipped, %,d rows, %,d trainings"
            + " retried%n", spec.name(), human(Duration.between(started, Instant.now())), chunksDone.get(),
        skipped, rows, retried.value());
    console.flush();
    return new Outcome(chunks, skipped, chunksDone.get(), trained.value(), retried.value(), rows,
        results.root().toString());
  }

  /** A run whose lock was taken ends in one line and writes nothing more. */
  private void refuseIfLost(ResultsDirectory results) throws IOException {
    if (lock.lost() != null) {
      throw new IOException(spec.name() + " stopped: " + lock.lost() + "; this run no longer writes to "
          + results.root());
    }
  }

  private void noteRebuiltManifest(ResultsDirectory results) throws IOException {
    try {
      results.readManifest();
    } catch (ResultsDirectory.DamagedManifest damaged) {
      console.println(damaged.getMessage() + "; rebuilding it from the committed chunks and sweep.conf");
    }
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
