package dev.structsweep.spark;

import dev.structsweep.net.Trainer;
import dev.structsweep.store.TrialRows;
import dev.structsweep.sweep.ChunkPlan;
import dev.structsweep.sweep.Grid;
import dev.structsweep.sweep.SweepSpec;
import dev.structsweep.task.Trial;
import dev.structsweep.task.TrialOutcome;
import dev.structsweep.task.TrialSpec;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.util.LongAccumulator;

/**
 * On an executor: trains the ids of one partition of a chunk, as {@link ChunkPlan} cuts it (whole lane groups), and
 * yields their rows in id order. The input is the partition's index. Consecutive ids that differ in their seed alone
 * (the grid varies the seed fastest), at most {@code lanes} of them, go to the engine as one run
 * ({@link Trial#run(List)}); the engine decides which of them share a kernel. The rows are the same whatever the run
 * ({@code LaneRowsTest}, {@code SweepLanesTest}), but for {@code training_millis}, which is the run's training time
 * shared out equally.
 */
final class TrainPartition implements MapPartitionsFunction<Long, Row> {
  private static final long serialVersionUID = 1L;
  /** Test-only fault switch: the first attempt of each chunk's first partition fails once it has trained. */
  static final String FAIL_FIRST_ATTEMPT = "structsweep.test.fail-first-attempt";

  private final Grid grid;
  private final ChunkPlan plan;
  private final String sweep;
  private final String specHash;
  private final String version;
  private final String gitCommit;
  private final LongAccumulator trained;
  private final LongAccumulator laneGroups;
  private final int lanes;
  /** The chunk's ids [start, end), cut into partitions; its own counts of trainings and of those done again. */
  private final long start;
  private final long end;
  private final int partitions;
  private final LongAccumulator chunkTrained;
  private final LongAccumulator chunkAgain;

  /** The run's: trained counts every training done (retries too), laneGroups the runs given to the engine. */
  TrainPartition(SweepSpec spec, String version, String gitCommit, LongAccumulator trained,
      LongAccumulator laneGroups) {
    this(spec.grid(), ChunkPlan.of(spec), spec.name(), spec.specHash(), version, gitCommit, trained, laneGroups,
        spec.lanes(), 0, 0, 1, null, null);
  }

  private TrainPartition(Grid grid, ChunkPlan plan, String sweep, String specHash, String version, String gitCommit,
      LongAccumulator trained, LongAccumulator laneGroups, int lanes, long start, long end, int partitions,
      LongAccumulator chunkTrained, LongAccumulator chunkAgain) {
    this.grid = grid;
    this.plan = plan;
    this.sweep = sweep;
    this.specHash = specHash;
    this.version = version;
    this.gitCommit = gitCommit;
    this.trained = trained;
    this.laneGroups = laneGroups;
    this.lanes = lanes;
    this.start = start;
    this.end = end;
    this.partitions = partitions;
    this.chunkTrained = chunkTrained;
    this.chunkAgain = chunkAgain;
  }

  /** The function for one chunk [start, end) in partitions, counting into the chunk's own accumulators. */
  TrainPartition forChunk(long chunkStart, long chunkEnd, int chunkPartitions, LongAccumulator trainedInChunk,
      LongAccumulator againInChunk) {
    return new TrainPartition(grid, plan, sweep, specHash, version, gitCommit, trained, laneGroups, lanes, chunkStart,
        chunkEnd, chunkPartitions, trainedInChunk, againInChunk);
  }

  @Override
  public Iterator<Row> call(Iterator<Long> indices) {
    Iterator<Long> ids = ids(indices);
    TaskContext task = TaskContext.get();
    int attempt = task == null ? 0 : task.attemptNumber();
    // Trainings done again: a task's later attempt, or its first one in a stage run again because the shuffle output
    // of a lost executor went with it (the chunk's rows reach their one write task through a shuffle).
    boolean again = task != null && (attempt > 0 || task.stageAttemptNumber() > 0);
    String executor = SparkEnv.get() == null ? "driver" : SparkEnv.get().executorId();
    TrialRows.Provenance provenance = new TrialRows.Provenance(sweep, specHash, version, gitCommit, host(),
        executor, attempt);
    boolean failAtEnd = attempt == 0 && task != null && task.partitionId() == 0 && Boolean.getBoolean(FAIL_FIRST_ATTEMPT);
    return new Iterator<>() {
      private Iterator<Row> current = Collections.emptyIterator();
      /** The next id to train and its decoded spec, read ahead of the group it did not join; -1 when none. */
      private long nextId = -1;
      private TrialSpec nextSpec;

      @Override
      public boolean hasNext() {
        while (!current.hasNext() && (nextId >= 0 || ids.hasNext())) {
          current = trainGroup().iterator();
        }
        if (!current.hasNext() && failAtEnd) {
          throw new IllegalStateException(FAIL_FIRST_ATTEMPT + ": the first attempt of partition 0 fails");
        }
        return current.hasNext();
      }

      @Override
      public Row next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return current.next();
      }

      /** Trains the next id and the ids after it that join its run; their rows in id order. */
      private List<Row> trainGroup() {
        List<Long> group = new ArrayList<>();
        List<TrialSpec> specs = new ArrayList<>();
        take(group, specs);
        TrialSpec first = specs.get(0);
        while (group.size() < lanes && (nextId >= 0 || ids.hasNext())
            && peek().withSeed(first.seed()).equals(first)) {
          take(group, specs);
        }
        List<TrialOutcome> outcomes = Trial.run(specs);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < group.size(); i++) {
          rows.addAll(TrialRows.rows(group.get(i), outcomes.get(i), provenance));
        }
        trained.add(group.size());
        laneGroups.add(1);
        if (chunkTrained != null) {
          chunkTrained.add(group.size());
          if (again) {
            chunkAgain.add(group.size());
          }
        }
        return rows;
      }

      /** The spec of the next id, read ahead once. */
      private TrialSpec peek() {
        if (nextId < 0) {
          nextId = ids.next();
          nextSpec = grid.trial(nextId);
        }
        return nextSpec;
      }

      /** Moves the next id into the group. */
      private void take(List<Long> group, List<TrialSpec> specs) {
        specs.add(peek());
        group.add(nextId);
        nextId = -1;
        nextSpec = null;
      }
    };
  }

  /** The ids of the partitions whose indices are given, in order. */
  private Iterator<Long> ids(Iterator<Long> indices) {
    return new Iterator<>() {
      private long next;
      private long to;

      @Override
      public boolean hasNext() {
        while (next >= to && indices.hasNext()) {
          long[] slice = plan.slice(start, end, partitions, Math.toIntExact(indices.next()));
          next = slice[0];
          to = slice[1];
        }
        return next < to;
      }

      @Override
      public Long next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return next++;
      }
    };
  }

  /** One line on how the trainings run: in lanes, or one at a time and why. */
  static String describeLanes(int lanes, boolean local) {
    if (lanes == 1) {
      return "lanes: 1, one training at a time";
    }
    int width = Trainer.vectorWidth();
    if (width == 0) {
      return "lanes: one training at a time, because this JVM lacks the Vector API (add"
          + " --add-modules=jdk.incubator.vector, as the scripts in submit/ do)";
    }
    if (lanes < width) {
      return "lanes: one training at a time, because lanes = " + lanes + " is less than one vector ("
          + width + " doubles)";
    }
    return "lanes: up to " + lanes / width * width + " seeds of a configuration trained together, " + width
        + " doubles per vector" + (local ? "" : ", on executors started with --add-modules=jdk.incubator.vector");
  }

  private static String host() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "unknown";
    }
  }
}
