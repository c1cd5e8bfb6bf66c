package dev.structsweep.net;

import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;

/**
 * Trains a network by Structure-Aware Backpropagation: task loss + λΣ|w| over edges. Every workspace is
 * declared before the first epoch; an epoch is forward, backward, regularise, update, and allocates nothing.
 * A loss or weight that becomes NaN or infinite ends training with {@code diverged = true}: a result,
 * not an exception.
 */
public final class Trainer {
  private final TrainingSettings settings;
  private final Loss loss;

  public Trainer(TrainingSettings settings, Loss loss) {
    this.settings = settings;
    this.loss = loss;
  }

  /**
   * Trains a copy of initial on train. shuffle orders the mini-batches and is not touched in full-batch
   * training. initial, train: Not modified.
   */
  public TrainingResult train(Network initial, Dataset train, SplittableRandom shuffle) {
    return train(initial, train.columns(), shuffle);
  }

  /** As {@link #train(Network, Dataset, SplittableRandom)}, on data already laid out as columns. Not modified. */
  public TrainingResult train(Network initial, Dataset.Columns train, SplittableRandom shuffle) {
    return train(initial, train, shuffle, false);
  }

  /**
   * Retrains a pruned structure: as {@link #train(Network, Dataset.Columns, SplittableRandom)}, with every edge
   * that is exactly 0 in start held at 0 (its gradient is zeroed before each step, so neither Adam nor SGD moves
   * it). start, train: Not modified.
   */
  public TrainingResult retrain(Network start, Dataset.Columns train, SplittableRandom shuffle) {
    return train(start, train, shuffle, true);
  }

  private TrainingResult train(Network initial, Dataset.Columns train, SplittableRandom shuffle,
      boolean holdZeros) {
    Network network = initial.copy();
    Topology topology = network.topology();
    int samples = train.size();
    int batch = settings.batchSize() == 0 ? samples : Math.min(settings.batchSize(), samples);
    boolean fullBatch = batch == samples;

    DMatrixRMaj inputs = train.inputs();
    DMatrixRMaj targets = train.targets();
    DMatrixRMaj batchInputs = fullBatch ? inputs : new DMatrixRMaj(inputs.numRows, batch);
    DMatrixRMaj batchTargets = fullBatch ? targets : new DMatrixRMaj(targets.numRows, batch);
    int[] order = fullBatch ? null : identity(samples);

    Backprop backprop = new Backprop(topology, batch);
    // The weight matrices first (every one the L1 rules act on), then the biases, never penalised.
    int layers = topology.matrices();
    int biasLayers = topology.weightLayers();
    int trained = network.hasBias() ? layers + biasLayers : layers;
    DMatrixRMaj[] params = new DMatrixRMaj[trained];
    DMatrixRMaj[] gradients = new DMatrixRMaj[trained];
    for (int k = 0; k < layers; k++) {
      params[k] = network.weights(k);
      gradients[k] = backprop.weightGradient(k);
    }
    for (int k = 0; k < biasLayers && network.hasBias(); k++) {
      params[layers + k] = network.biases(k);
      gradients[layers + k] = backprop.biasGradient(k);
    }
    UpdateRules update = new UpdateRules(settings, topology, params, gradients, layers, holdZeros, 1);

    int epochs = settings.epochs();
    int every = settings.historyEvery();
    History history = every == 0 ? History.EMPTY : allocateHistory(epochs, every);
    int points = 0;
    // The loss at the start of the last tenth of the epochs and at the last one: whether training has flattened.
    int tailStart = tailStart(epochs);
    double lossAtTailStart = Double.NaN;
    double lossAtEnd = Double.NaN;

    DMatrixRMaj output = backprop.output();
    for (int epoch = 0; epoch < epochs; epoch++) {
      boolean sample = every > 0 && (epoch % every == 0 || epoch == epochs - 1);
      boolean measure = sample || epoch == tailStart || epoch == epochs - 1;
      // The λ schedule: λ itself from the first epoch unless a warm-up or a ramp is set.
      double lambda = settings.lambdaAt(epoch);
      int activeAtStart = sample ? network.activeEdges(settings.historyEpsilon()) : 0;
      if (!fullBatch) {
        shuffle(order, shuffle);
      }
      boolean finite = true;
      double taskLoss = 0;
      double totalLoss = 0;
      for (int start = 0; start < samples && finite; start += batch) {
        int size = Math.min(batch, samples - start);
        if (!fullBatch) {
          gather(inputs, order, start, size, batchInputs);
          gather(targets, order, start, size, batchTargets);
        }
        finite = backprop.forwardBackward(network, batchInputs, batchTargets, loss);
        if (measure) {
          // The loss value is dear (logarithms): only the history and the tail need it.
          double share = (double) size / samples;
          double batchTaskLoss = loss.value(output, batchTargets);
          taskLoss += share * batchTaskLoss;
          totalLoss += share * (batchTaskLoss + lambda * network.l1Norm());
        }
        if (finite) {
          update.step(lambda);
        }
      }
      if (epoch == tailStart) {
        lossAtTailStart = totalLoss;
      }
      if (sample) {
        history.epochs()[points] = epoch;
        history.loss()[points] = totalLoss;
        history.taskLoss()[points] = taskLoss;
        history.activeEdges()[points] = activeAtStart;
        points++;
      }
      if (!finite) {
        return new TrainingResult(network, true, epoch, history.truncated(points), Double.NaN, Double.NaN);
      }
      lossAtEnd = totalLoss;
    }
    boolean diverged = !network.isFinite();
    return new TrainingResult(network, diverged, epochs, history.truncated(points), lossAtTailStart, lossAtEnd);
  }

  /**
   * The epoch whose loss the last epoch's is compared with: a tenth of the epochs (rounded up) before the last,
   * so 899 of 1000 epochs (100 epochs before epoch 999) and 0 of 1.
   */
  public static int tailStart(int epochs) {
    int tail = (epochs + TrainingResult.TAIL_DIVISOR - 1) / TrainingResult.TAIL_DIVISOR;
    return Math.max(0, epochs - 1 - tail);
  }

  /** Which elements of params[0 … count) are exactly 0. */
  static boolean[][] zeros(DMatrixRMaj[] params, int count) {
    boolean[][] zero = new boolean[count][];
    for (int k = 0; k < count; k++) {
      zero[k] = new boolean[params[k].getNumElements()];
      for (int i = 0; i < zero[k].length; i++) {
        zero[k][i] = params[k].data[i] == 0.0;
      }
    }
    return zero;
  }

  /** gradients[k][i] ← 0 wherever held[k][i]. gradients: Modified. */
  static void release(DMatrixRMaj[] gradients, boolean[][] held) {
    for (int k = 0; k < held.length; k++) {
      double[] g = gradients[k].data;
      for (int i = 0; i < held[k].length; i++) {
        if (held[k][i]) {
          g[i] = 0.0;
        }
      }
    }
  }

  static int[] identity(int n) {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    return order;
  }

  static History allocateHistory(int epochs, int every) {
    int points = (epochs - 1) / every + 1 + ((epochs - 1) % every == 0 ? 0 : 1);
    return new History(new int[points], new double[points], new double[points], new int[points]);
  }

  /** Fisher–Yates from the trial's own stream. order: Modified. */
  static void shuffle(int[] order, SplittableRandom random) {
    for (int i = order.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int swap = order[i];
      order[i] = order[j];
      order[j] = swap;
    }
  }

  /** dst[:, c] = src[:, order[start + c]] for c < size. dst: Modified (reshaped to size columns). */
  private static void gather(DMatrixRMaj src, int[] order, int start, int size, DMatrixRMaj dst) {
    dst.reshape(src.numRows, size);
    for (int r = 0; r < src.numRows; r++) {
      int srcRow = r * src.numCols;
      int dstRow = r * size;
      for (int c = 0; c < size; c++) {
        dst.data[dstRow + c] = src.data[srcRow + order[start + c]];
      }
    }
  }
}
