package dev.structsweep.sweep;

import dev.structsweep.task.Trial;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Collections;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.util.LongAccumulator;

/** On an executor: decodes each training id of a partition, trains it, and yields its rows one training at a time. */
final class TrainPartition implements MapPartitionsFunction<Long, Row> {
  private static final long serialVersionUID = 1L;

  private final Grid grid;
  private final String sweep;
  private final String specHash;
  private final String version;
  private final String gitCommit;
  private final LongAccumulator trained;
  private final LongAccumulator retried;

  TrainPartition(SweepSpec spec, String version, String gitCommit, LongAccumulator trained,
      LongAccumulator retried) {
    this.grid = spec.grid();
    this.sweep = spec.name();
    this.specHash = spec.specHash();
    this.version = version;
    this.gitCommit = gitCommit;
    this.trained = trained;
    this.retried = retried;
  }

  @Override
  public Iterator<Row> call(Iterator<Long> ids) {
    TaskContext task = TaskContext.get();
    int attempt = task == null ? 0 : task.attemptNumber();
    String executor = SparkEnv.get() == null ? "driver" : SparkEnv.get().executorId();
    TrialRows.Provenance provenance = new TrialRows.Provenance(sweep, specHash, version, gitCommit, host(),
        executor, attempt);
    return new Iterator<>() {
      private Iterator<Row> current = Collections.emptyIterator();

      @Override
      public boolean hasNext() {
        while (!current.hasNext() && ids.hasNext()) {
          long id = ids.next();
          current = TrialRows.rows(id, Trial.run(grid.trial(id)), provenance).iterator();
          trained.add(1);
          if (attempt > 0) {
            retried.add(1);
          }
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
    };
  }

  private static String host() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "unknown";
    }
  }
}
