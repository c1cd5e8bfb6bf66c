package dev.structsweep.sweep;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.scheduler.AccumulableInfo;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorMetricsUpdate;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.util.LongAccumulator;
import scala.Tuple4;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Trainings finished so far, counted while tasks still run: the accumulator's driver value holds the trainings
 * of finished tasks, and every executor heartbeat carries the running tasks' own counts, which this listener
 * keeps until the task ends. The sum moves during a chunk, not only when its tasks end.
 */
final class TrainingProgress extends SparkListener {
  private final LongAccumulator trained;
  private final Map<Long, Long> running = new ConcurrentHashMap<>();
  private long shown;

  TrainingProgress(LongAccumulator trained) {
    this.trained = trained;
  }

  @Override
  public void onExecutorMetricsUpdate(SparkListenerExecutorMetricsUpdate update) {
    for (Tuple4<Object, Object, Object, scala.collection.immutable.Seq<AccumulableInfo>> task
        : CollectionConverters.asJava(update.accumUpdates())) {
      for (AccumulableInfo info : CollectionConverters.asJava(task._4())) {
        if (info.id() == trained.id() && info.update().isDefined()) {
          running.put((Long) task._1(), ((Number) info.update().get()).longValue());
        }
      }
    }
  }

  @Override
  public void onTaskEnd(SparkListenerTaskEnd end) {
    running.remove(end.taskInfo().taskId());
  }

  /** Trainings done, never more than total and never less than last shown (a task's count may be seen twice for a moment). */
  synchronized long done(long total) {
    long sum = trained.value();
    for (long count : running.values()) {
      sum += count;
    }
    shown = Math.max(shown, Math.min(sum, total));
    return shown;
  }
}
