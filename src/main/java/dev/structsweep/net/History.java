package dev.structsweep.net;

import java.util.Arrays;

/**
 * The training curve, sampled every {@code historyEvery} epochs (0-based epochs 0, k, 2k, … and the last):
 * each point is the loss of the epoch's forward pass (full batch: the weights before that epoch's update;
 * mini-batches: the mean over the epoch's batches, weighted by batch size), and the edges active at the
 * history's ε at the start of that epoch.
 */
public record History(int[] epochs, double[] loss, double[] taskLoss, int[] activeEdges) {
  public static final History EMPTY = new History(new int[0], new double[0], new double[0], new int[0]);

  public int size() {
    return epochs.length;
  }

  History truncated(int points) {
    return new History(Arrays.copyOf(epochs, points), Arrays.copyOf(loss, points),
        Arrays.copyOf(taskLoss, points), Arrays.copyOf(activeEdges, points));
  }
}
