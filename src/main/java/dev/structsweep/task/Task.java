package dev.structsweep.task;

import dev.structsweep.net.Dataset;
import dev.structsweep.net.Loss;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;

/** A learning problem: how its data are drawn, how the network's output is read, and when it is solved. */
public interface Task {
  /** The name used in configs and results. */
  String key();

  int inputs();

  int outputs();

  Loss loss();

  /** samples drawn from random alone. */
  Dataset generate(int samples, SplittableRandom random);

  /**
   * Metrics of the network's linear output ({@code outputs × n}) against the targets in the same layout.
   * Neither is modified.
   */
  TaskMetrics metrics(DMatrixRMaj output, DMatrixRMaj targets);

  /** The metric that decides {@link #solved}: "accuracy" or "r2". */
  String primaryMetric();

  double primary(TaskMetrics metrics);

  /** Whether the pruned network's test metrics reach the task's threshold. */
  boolean solved(TaskMetrics pruned, SolvedThresholds thresholds);

  /**
   * The noise-free inputs whose answers are counted one by one (XOR's four corners), with their answers; empty
   * for a task that has none.
   */
  default java.util.Optional<Dataset> corners() {
    return java.util.Optional.empty();
  }
}
