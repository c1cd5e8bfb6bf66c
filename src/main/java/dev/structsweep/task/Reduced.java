package dev.structsweep.task;

import dev.structsweep.net.Network;

/**
 * A solved structure reduced until it breaks ({@code reduce-epochs}).
 *
 * @param network  the last network that solved: every removed edge exactly 0, the rest fine-tuned
 * @param attempts the fine-tunings it took, each of {@code reduce-epochs} epochs
 * @param test     the reduced network's metrics on the test set
 */
public record Reduced(Network network, int attempts, TaskMetrics test) {
  /** The edges left, those not exactly 0: the smallest structure the trial's solution was found to contain. */
  public int edges() {
    return network.edgesBySize().size();
  }
}
