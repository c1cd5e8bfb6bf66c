package dev.structsweep.task;

import dev.structsweep.net.Network;

/**
 * A solved structure shrunk by retraining: reduced until it breaks ({@code reduce-epochs}), or pruned by magnitude
 * with rewinding ({@code imp.rate}).
 *
 * @param network  the last network that solved: every removed edge exactly 0, the rest retrained
 * @param attempts the retrainings it took: fine-tunings of {@code reduce-epochs} epochs, or rounds of epochs −
 *                 {@code imp.rewind}
 * @param test     the reduced network's metrics on the test set
 */
public record Reduced(Network network, int attempts, TaskMetrics test) {
  /** The edges left, those not exactly 0: the smallest structure the trial's solution was found to contain. */
  public int edges() {
    return network.edgesBySize().size();
  }
}
