package dev.structsweep.spark;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
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
  private static final long RATE_WINDOW_NANOS = 30_000_000_000L;
  private final Deque<long[]> samples = new ArrayDeque<>();
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

  /**
   * The progress line: trainings and chunks done, and the rate and time left over the last
   * {@link #RATE_WINDOW_NANOS} of progress. The window starts at the first finished training, so Spark's start
   * and the JIT's warm-up do not stretch the first estimates.
   */
  synchronized String line(long total, long chunksDone, long chunks) {
    long done = done(total);
    long now = System.nanoTime();
    String head = String.format(Locale.ROOT, "  %,d / %,d trainings (%.1f%%), %,d / %,d chunks", done, total,
        total == 0 ? 100.0 : 100.0 * done / total, chunksDone, chunks);
    if (done == 0) {
      return head + ", starting";
    }
    samples.addLast(new long[] {now, done});
    while (samples.size() > 2 && now - samples.peekFirst()[0] > RATE_WINDOW_NANOS) {
      samples.removeFirst();
    }
    long[] oldest = samples.peekFirst();
    if (samples.size() < 2 || done == oldest[1]) {
      return head + ", measuring the rate";
    }
    double rate = (done - oldest[1]) / ((now - oldest[0]) / 1e9);
    return head + String.format(Locale.ROOT, ", %.0f trainings/s, about %s left", rate,
        SweepJob.human(Duration.ofSeconds((long) Math.ceil((total - done) / rate))));
  }
}
