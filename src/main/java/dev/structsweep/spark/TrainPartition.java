package dev.structsweep.spark;

import dev.structsweep.net.Trainer;
import dev.structsweep.store.TrialRows;
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
 * On an executor: decodes each training id of a partition, trains it, and yields its rows in id order. Consecutive
 * ids that differ in their seed alone (the grid varies the seed fastest), at most {@code lanes} of them, go to the
 * engine as one run ({@link Trial#run(List)}); the engine decides which of them share a kernel. The rows are the same
 * whatever the run ({@code LaneRowsTest}, {@code SweepLanesTest}), but for {@code training_millis}, which is the
 * run's training time shared out equally.
 */
final class TrainPartition implements MapPartitionsFunction<Long, Row> {
  private static final long serialVersionUID = 1L;

  private final Grid grid;
  private final String sweep;
  private final String specHash;
  private final String version;
  private final String gitCommit;
  private final LongAccumulator trained;
  private final LongAccumulator retried;
  private final int lanes;

  TrainPartition(SweepSpec spec, String version, String gitCommit, LongAccumulator trained,
      LongAccumulator retried) {
    this.grid = spec.grid();
    this.sweep = spec.name();
    this.specHash = spec.specHash();
    this.version = version;
    this.gitCommit = gitCommit;
    this.trained = trained;
    this.retried = retried;
    this.lanes = spec.lanes();
  }

  @Override
  public Iterator<Row> call(Iterator<Long> ids) {
    TaskContext task = TaskContext.get();
    int attempt = task == null ? 0 : task.attemptNumber();
    // Trainings done again: a task's later attempt, or its first one in a stage run again because the shuffle output
    // of a lost executor went with it (the chunk's rows reach their one write task through a shuffle).
    boolean again = task != null && (attempt > 0 || task.stageAttemptNumber() > 0);
    String executor = SparkEnv.get() == null ? "driver" : SparkEnv.get().executorId();
    TrialRows.Provenance provenance = new TrialRows.Provenance(sweep, specHash, version, gitCommit, host(),
        executor, attempt);
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
        if (again) {
          retried.add(group.size());
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
