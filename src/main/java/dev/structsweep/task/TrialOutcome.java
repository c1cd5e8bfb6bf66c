package dev.structsweep.task;

import dev.structsweep.net.Dataset;
import dev.structsweep.net.Network;
import dev.structsweep.net.TrainingResult;
import java.util.List;

/**
 * One trial, complete: its data, the initial and trained networks, the dense network's metrics and the
 * evaluation at every ε. All but {@code trainingNanos} is a pure function of the spec.
 *
 * @param edges         edges of the topology (biases excluded)
 * @param trainingNanos wall time of the training alone, for provenance and benchmarks
 */
public record TrialOutcome(TrialSpec spec, Dataset train, Dataset test, Network initial,
    TrainingResult training, int edges, TaskMetrics denseTrain, TaskMetrics denseTest,
    List<EpsilonEvaluation> evaluations, long trainingNanos) {

  public boolean diverged() {
    return training.diverged();
  }
}
