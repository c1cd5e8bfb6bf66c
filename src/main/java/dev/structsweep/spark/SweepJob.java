package dev.structsweep.spark;

import dev.structsweep.store.ChunkAudit;
import dev.structsweep.store.Faults;
import dev.structsweep.store.Manifest;
import dev.structsweep.store.ResultsClaim;
import dev.structsweep.store.ResultsDirectory;
import dev.structsweep.store.ResultsLock;
import dev.structsweep.store.TrialRows;
import dev.structsweep.sweep.ChunkPlan;
import dev.structsweep.sweep.SweepSpec;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.BitSet;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
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
 * row and a chunk is either committed whole or not at all. Several chunk jobs run at once ({@link ChunkPlan}) so
 * that executors do not idle while a chunk ends or commits. The driver holds only the chunk numbers, never the grid or the results.
 *
 * <p>A run holds the results directory's lock from before Spark starts to its end. The committed chunks and
 * sweep.conf are the truth: the chunks already committed are audited before any is added, and the manifest,
 * their cache, is rewritten after every commit. SIGTERM or SIGINT stops the launching of chunks, cancels the
 * running ones and records the run as interrupted.
 */
public final class SweepJob {
  /** Test-only fault switch: stop (with an exception) after this many chunks were committed by this run. */
  public static final String STOP_AFTER_CHUNKS = "structsweep.test.stop-after-chunks";
  /** Test-only: wait this long before each audit of the committed chunks, so that a signal can come during it. */
  public static final String AUDIT_PAUSE_MILLIS = "structsweep.test.audit-pause-millis";
  private static final String ADAPTIVE_EXECUTION = "spark.sql.adaptive.enabled";

  /** What one run did. */
  public record Outcome(long chunks, long chunksSkipped, long chunksTrained, long trainingsTrained,
      long trainingsRetried, long laneGroups, long rows, String results) {}

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

  /**
   * A chunk whose job failed (a full disk, an unreadable file, an executor lost too often): the message names the
   * step, the cause and what is safe; the cause stays attached.
   */
  public static final class ChunkFailed extends IOException {
    private static final long serialVersionUID = 1L;

    ChunkFailed(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private final SparkSession spark;
  private final SweepSpec spec;
  private final String version;
  private final String gitCommit;
  private final PrintWriter console;
  private final ResultsLock lock;
  private final Interruption interruption;

  private SweepJob(SparkSession spark, SweepSpec spec, String version, String gitCommit, PrintWriter console,
      ResultsLock lock, Interruption interruption) {
    this.spark = spark;
    this.spec = spec;
    this.version = version;
    this.gitCommit = gitCommit;
    this.console = console;
    this.lock = lock;
    this.interruption = interruption;
  }

  /**
   * Runs spec in a session on the master spark-submit chose, or on the sweep's own master in a local run:
   * listens for SIGTERM and SIGINT from the start, takes the results directory ({@link ResultsClaim#take}) before
   * Spark starts, and lets it go and stops the session whatever happens. A signal before Spark has started is
   * recorded without starting it.
   */
  public static Outcome runInSession(SweepSpec spec, boolean overwrite, String version, String gitCommit,
      PrintWriter console) throws IOException {
    try (Interruption interruption = new Interruption()) {
      org.apache.hadoop.conf.Configuration hadoop = SparkStart.hadoopConfiguration();
      ResultsDirectory results = new ResultsDirectory(spec.resultsLocation(), hadoop);
      ResultsLock lock = ResultsClaim.take(spec, overwrite, results);
      SparkSession spark = null;
      try {
        if (interruption.interrupted()) {
          Manifest manifest = new Manifest(results, spec, version, org.apache.spark.package$.MODULE$.SPARK_VERSION(),
              gitCommit, System.getProperty("spark.master", spec.sparkMaster()));
          BitSet committed = results.committedChunks();
          throw recordInterrupted(spec, manifest, interruption, lock, committed,
              new Manifest.RunCounts(committed.cardinality(), 0, 0, 0, 0));
        }
        spark = SparkStart.session("structsweep " + spec.name(), spec.sparkMaster());
        return new SweepJob(spark, spec, version, gitCommit, console, lock, interruption).run();
      } finally {
        // A signal from here on finds the run recorded and Spark stopping: there is nothing left to cancel.
        interruption.onSignal(() -> { });
        if (spark != null) {
          spark.stop();
        }
        lock.close();
        results.deleteIfEmpty();
      }
    }
  }

  /** Runs spec in a session that is already there (tests, benchmarks): takes the results, runs, lets them go. */
  public static Outcome run(SparkSession spark, SweepSpec spec, boolean overwrite, String version,
      String gitCommit, PrintWriter console) throws IOException {
    ResultsDirectory results = new ResultsDirectory(spec.resultsLocation(),
        spark.sparkContext().hadoopConfiguration());
    try (Interruption interruption = new Interruption();
        ResultsLock lock = ResultsClaim.take(spec, overwrite, results)) {
      return new SweepJob(spark, spec, version, gitCommit, console, lock, interruption).run();
    }
  }

  private Outcome run() throws IOException {
    Instant started = Instant.now();
    ResultsDirectory results = new ResultsDirectory(spec.resultsLocation(),
        spark.sparkContext().hadoopConfiguration());
    BitSet committed = results.committedChunks();
    Manifest manifest = new Manifest(results, spec, version, spark.version(), gitCommit,
        spark.sparkContext().master());
    long chunks = spec.chunks();
    long skipped = committed.cardinality();
    LongAccumulator trained = spark.sparkContext().longAccumulator("trainings");
    LongAccumulator laneGroups = spark.sparkContext().longAccumulator("lane groups");
    AtomicLong retried = new AtomicLong();
    AtomicLong chunksDone = new AtomicLong();
    Supplier<Manifest.RunCounts> counts = () -> new Manifest.RunCounts(skipped, chunksDone.get(), trained.value(),
        retried.get(), laneGroups.value());
    // From here a signal, or another run taking the lock, cancels whatever Spark is running: an audit or chunks.
    interruption.onSignal(this::cancelQuietly);
    lock.onLost(this::cancelQuietly);
    if (interruption.interrupted()) {
      throw recordInterrupted(spec, manifest, interruption, lock, committed, counts.get());
    }
    audit(results, manifest, committed, counts);
    refuseIfLost(results);
    long pendingChunks = chunks - skipped;
    long pendingTrainings = spec.size() - trainingsIn(spec, committed);
    lock.tookOverFrom().ifPresent(dead -> console.println("took over the lock of a run that ended without letting it go: "
        + dead.describe(Instant.now())));
    noteRebuiltManifest(results);
    console.printf(Locale.ROOT, "sweep %s: %,d trainings × %d ε in %,d chunks; %,d already committed,"
            + " %,d to train, into %s%n", spec.name(), spec.size(), spec.grid().epsilons().length, chunks,
        skipped, pendingChunks, results.root());
    console.println(TrainPartition.describeLanes(spec.lanes(), spec.sparkMaster().startsWith("local")));
    console.flush();
    manifest.write("running", committed, counts.get(), -1);

    TrainPartition partition = new TrainPartition(spec, version, gitCommit, trained, laneGroups);
    ChunkPlan plan = ChunkPlan.of(spec);
    int inFlight = plan.inFlight(spec.chunkSize(), cores());
    console.println(describePlan(plan, inFlight));
    console.flush();
    long stopAfter = Long.getLong(STOP_AFTER_CHUNKS, Long.MAX_VALUE);
    TrainingProgress progress = new TrainingProgress(trained);
    spark.sparkContext().addSparkListener(progress);

    AtomicReference<Throwable> failure = new AtomicReference<>();
    AtomicReference<String> failedAt = new AtomicReference<>();
    ScheduledExecutorService printer = Executors.newSingleThreadScheduledExecutor(daemon("progress"));
    printer.scheduleAtFixedRate(() -> {
      console.println(progress.line(pendingTrainings, chunksDone.get(), pendingChunks));
      console.flush();
    }, 2, 2, TimeUnit.SECONDS);
    // At most plan.inFlight(...) chunk jobs at once, read again at each launch, so that executors registering
    // late (or lost) change it; the driver walks the chunk numbers, holding none of them.
    ExecutorService pool = Executors.newCachedThreadPool(daemon("chunk"));
    // Adaptive execution would run a chunk's write as a job of its own, submitted when its training ends and so
    // queued behind the training tasks of every chunk launched meanwhile (jobs run first come, first served). Off
    // while chunks run, a chunk's write is a stage of its one job and keeps the chunk's place in the queue.
    String adaptive = spark.conf().get(ADAPTIVE_EXECUTION, "true");
    spark.conf().set(ADAPTIVE_EXECUTION, "false");
    ChunkSlots slots = new ChunkSlots(() -> plan.inFlight(spec.chunkSize(), cores()));
    long launched = 0;
    try {
      for (int chunk = committed.nextClearBit(0); chunk < chunks && launched < stopAfter;
          chunk = committed.nextClearBit(chunk + 1)) {
        slots.acquire();
        if (failure.get() != null || interruption.interrupted() || !lock.stillHeld()) {
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
            String step = "writing " + results.chunk(next);
            try {
              retried.addAndGet(writeChunk(results, next, plan, partition));
              chunksDone.incrementAndGet();
              synchronized (committed) {
                committed.set(next);
                step = "recording the commit of " + ResultsDirectory.chunkName(next) + " in " + results.manifest();
                if (lock.lost() == null) {
                  manifest.write("running", committed, counts.get(), -1);
                }
              }
            } catch (Throwable t) {
              if (!interruption.interrupted() && failure.compareAndSet(null, t)) {
                failedAt.set(step);
              }
            }
          } finally {
            slots.release();
          }
        });
      }
      slots.awaitNone();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } finally {
      pool.shutdownNow();
      spark.conf().set(ADAPTIVE_EXECUTION, adaptive);
      printer.shutdownNow();
      spark.sparkContext().removeSparkListener(progress);
    }
    refuseIfLost(results);
    if (interruption.interrupted()) {
      throw recordInterrupted(spec, manifest, interruption, lock, committed, counts.get());
    }
    if (failure.get() != null) {
      throw chunkFailed(manifest, committed, counts.get(), failedAt.get(), failure.get());
    }
    if (chunksDone.get() < pendingChunks) {
      manifest.write("stopped", committed, counts.get(), -1);
      throw new IllegalStateException("stopped after " + chunksDone.get() + " chunks (" + STOP_AFTER_CHUNKS + ")");
    }
    long rows = audit(results, manifest, committed, counts);
    refuseIfLost(results);
    manifest.write("complete", committed, counts.get(), rows);
    console.printf(Locale.ROOT, "sweep %s: done in %s; %,d chunks trained, %,d skipped, %,d rows, %,d trainings"
            + " retried%s%n", spec.name(), human(Duration.between(started, Instant.now())), chunksDone.get(),
        skipped, rows, retried.get(), laneGroups.value() == 0 ? "" : String.format(Locale.ROOT,
            "; %.1f trainings a lane group", (double) trained.value() / laneGroups.value()));
    console.flush();
    return new Outcome(chunks, skipped, chunksDone.get(), trained.value(), retried.get(), laneGroups.value(), rows,
        results.root().toString());
  }

  /** The audit of the committed chunks; a signal or a lost lock during it ends the run as either does. */
  private long audit(ResultsDirectory results, Manifest manifest, BitSet committed,
      Supplier<Manifest.RunCounts> counts) throws IOException {
    long rows;
    try {
      long pause = Long.getLong(AUDIT_PAUSE_MILLIS, 0);
      if (pause > 0) {
        Thread.sleep(pause);
      }
      rows = ChunkAudit.audit(spark, results, ChunkAudit.Expected.of(spec), committed);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (RuntimeException e) {
      if (interruption.interrupted()) {
        throw recordInterrupted(spec, manifest, interruption, lock, committed, counts.get());
      }
      refuseIfLost(results);
      throw e;
    }
    // A signal between the audit's jobs cancels none of them: it is heeded here.
    if (interruption.interrupted()) {
      throw recordInterrupted(spec, manifest, interruption, lock, committed, counts.get());
    }
    return rows;
  }

  /**
   * Cancels what Spark runs, saying nothing more: cancellation makes Spark log every killed task, and the run
   * says what happened in one line instead.
   */
  private void cancelQuietly() {
    org.apache.logging.log4j.core.config.Configurator.setAllLevels(
        org.apache.logging.log4j.LogManager.ROOT_LOGGER_NAME, org.apache.logging.log4j.Level.OFF);
    try {
      spark.sparkContext().cancelAllJobs();
    } catch (RuntimeException stopped) {
      // Spark stopped in the meantime: nothing runs that could be cancelled.
    }
  }

  /** Records the run as interrupted with exactly the chunks committed, and returns the one line that ends it. */
  private static Interrupted recordInterrupted(SweepSpec spec, Manifest manifest, Interruption interruption,
      ResultsLock lock, BitSet committed, Manifest.RunCounts counts) {
    return new Interrupted(spec.name() + " interrupted by " + interruption.signalName() + ": "
        + committed.cardinality() + " of " + spec.chunks() + " chunks committed (" + trainingsIn(spec, committed)
        + " of " + spec.size() + " trainings); run it again to resume"
        + record(manifest, lock, "interrupted", committed, counts), interruption.exitStatus());
  }

  /** Records the run as failed and returns the one line that names the step, the cause and what is safe. */
  private ChunkFailed chunkFailed(Manifest manifest, BitSet committed, Manifest.RunCounts counts, String step,
      Throwable cause) {
    return new ChunkFailed(String.format(Locale.ROOT, "%s: %s failed: %s; the %,d committed chunks (%,d of %,d"
            + " trainings) are intact, and a run of the same sweep resumes from them%s", spec.name(), step,
        Faults.cause(cause), committed.cardinality(), trainingsIn(spec, committed), spec.size(),
        record(manifest, lock, "failed", committed, counts)), cause);
  }

  /**
   * Writes the run's end to the manifest, unless another run has taken the results; "" when written, else what
   * the closing line adds.
   */
  private static String record(Manifest manifest, ResultsLock lock, String status, BitSet committed,
      Manifest.RunCounts counts) {
    if (lock.lost() != null) {
      return " (not recorded in the manifest: " + lock.lost() + ")";
    }
    try {
      manifest.write(status, committed, counts, -1);
      return "";
    } catch (IOException | org.apache.hadoop.fs.FSError e) {
      return " (the manifest could not record it: " + Faults.cause(e) + ")";
    }
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
  private static long trainingsIn(SweepSpec spec, BitSet committed) {
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

  /**
   * Trains chunk in the partitions the plan gives it and writes its rows as one Parquet file; returns the
   * trainings done more than once: those of a task's later attempt or of a stage run again, or, if more, those
   * trained beyond the chunk's size (a lost executor's shuffle output trained again).
   */
  private long writeChunk(ResultsDirectory results, long chunk, ChunkPlan plan, TrainPartition partition) {
    long start = chunk * spec.chunkSize();
    long end = chunkEnd(chunk);
    int partitions = plan.partitions(start, end, cores());
    LongAccumulator trainedHere = spark.sparkContext().longAccumulator("trainings of chunk " + chunk);
    LongAccumulator againHere = spark.sparkContext().longAccumulator("trainings again of chunk " + chunk);
    spark.sparkContext().setJobDescription("structsweep " + spec.name() + " chunk " + chunk);
    // Each task trains the partition whose index it gets; a shuffle into one partition then writes the chunk as one
    // Parquet file, whatever the cluster's size (coalesce(1) would instead merge the training into one task).
    spark.range(0, partitions, 1, partitions)
        .mapPartitions(partition.forChunk(start, end, partitions, trainedHere, againHere),
            Encoders.row(TrialRows.SCHEMA))
        .repartition(1)
        .write().mode(SaveMode.Overwrite).parquet(results.chunk(chunk).toString());
    return Math.max(againHere.value(), trainedHere.value() - (end - start));
  }

  /** Chunk jobs in flight, at most a limit that may change between launches. */
  private static final class ChunkSlots {
    private final java.util.function.IntSupplier limit;
    private int running;

    ChunkSlots(java.util.function.IntSupplier limit) {
      this.limit = limit;
    }

    /** Waits until fewer than the limit run, then counts one more; the limit is read again every second. */
    synchronized void acquire() throws InterruptedException {
      while (running >= limit.getAsInt()) {
        wait(1000);
      }
      running++;
    }

    synchronized void release() {
      running--;
      notifyAll();
    }

    synchronized void awaitNone() throws InterruptedException {
      while (running > 0) {
        wait();
      }
    }
  }

  /** The cores Spark has now: its default parallelism (the executors' cores, or local[N]'s N). */
  private int cores() {
    return Math.max(1, spark.sparkContext().defaultParallelism());
  }

  /** One line on how chunks are cut and run. */
  private String describePlan(ChunkPlan plan, int inFlight) {
    int cores = cores();
    int partitions = plan.partitions(0, spec.chunkSize(), cores);
    return String.format(Locale.ROOT, "plan: on %d core%s now, each chunk in %d partition%s of whole lane groups (%s),"
            + " written as one Parquet file; %d chunks at once (%s)", cores, cores == 1 ? "" : "s", partitions,
        partitions == 1 ? "" : "s",
        spec.partitionsPerChunk() > 0 ? "spark.partitions-per-chunk" : "one a core", inFlight,
        spec.chunksInFlight() > 0 ? "spark.chunks-in-flight" : "to keep twice the cores in tasks queued");
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
