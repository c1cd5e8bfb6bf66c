package dev.structsweep.task;

/**
 * A pruned structure retrained without L1, its pruned edges held at 0.
 *
 * @param test     the retrained network's metrics on the test set (NaN if the retraining diverged)
 * @param solved   whether it solves the task by the trial's thresholds
 * @param diverged whether the retraining diverged
 */
public record Retrained(TaskMetrics test, boolean solved, boolean diverged) {}
