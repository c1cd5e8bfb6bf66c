package dev.structsweep.net;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;

/**
 * The training engine: Structure-Aware Backpropagation, task loss + λΣ|w| over edges, of one network or of a run of
 * networks of one configuration (the same topology, activation, biases, rules and hyperparameters; each its own
 * initial network, training data and batch order). One epoch loop drives a kernel of L ≥ 1 lanes
 * ({@link LaneKernel}): the engine trains whole vectors of the run in the vector kernel and each network left over
 * in the one-lane kernel, {@link Backprop}; every result is the same bits either way, metric, history point and
 * final weight. The weights, the optimiser's state and every workspace are held in lane layout, so each step of the
 * epoch (forward, backward, L1, update; {@link UpdateRules}) is one loop across the lanes. A loss or weight that
 * becomes NaN or infinite ends that training with {@code diverged = true}: a result, not an exception. EJML holds the
 * networks on the way in and out.
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
    return epochs(List.of(initial), List.of(train), Arrays.asList(shuffle), false).get(0);
  }

  /**
   * Retrains a pruned structure: as {@link #train(Network, Dataset.Columns, SplittableRandom)}, with every edge
   * that is exactly 0 in start held at 0 (its gradient is zeroed before each step, so neither Adam nor SGD moves
   * it). start, train: Not modified.
   */
  public TrainingResult retrain(Network start, Dataset.Columns train, SplittableRandom shuffle) {
    return epochs(List.of(start), List.of(train), Arrays.asList(shuffle), true).get(0);
  }

  /**
   * Trains a copy of each initial network on its own data, network l's batches ordered by shuffles[l]; result l is
   * what {@link #train(Network, Dataset.Columns, SplittableRandom)} gives network l. Nothing is modified.
   */
  public List<TrainingResult> train(List<Network> initial, List<Dataset.Columns> train,
      List<SplittableRandom> shuffles) {
    return run(initial, train, shuffles, false);
  }

  /** {@link #retrain(Network, Dataset.Columns, SplittableRandom)} of each network of a run. */
  public List<TrainingResult> retrain(List<Network> start, List<Dataset.Columns> train,
      List<SplittableRandom> shuffles) {
    return run(start, train, shuffles, true);
  }

  /**
   * Lanes per vector of the vector kernel in this JVM (8 with AVX-512, 4 with AVX2), or 0 where it lacks the
   * {@code jdk.incubator.vector} module: there every training runs alone.
   */
  public static int vectorWidth() {
    return LaneKernel.vectorWidth();
  }

  /**
   * Where the lanes are decided: a whole number of vectors of the run in one vector kernel, and each network left
   * over alone (lanes that do not fill a vector cost a whole vector).
   */
  private List<TrainingResult> run(List<Network> initial, List<Dataset.Columns> train,
      List<SplittableRandom> shuffles, boolean holdZeros) {
    int count = initial.size();
    if (count == 0 || train.size() != count || shuffles.size() != count) {
      throw new IllegalArgumentException("a run needs one network, data set and shuffle each, found "
          + initial.size() + ", " + train.size() + " and " + shuffles.size());
    }
    Network first = initial.get(0);
    for (int l = 1; l < count; l++) {
      Network other = initial.get(l);
      if (!other.topology().equals(first.topology()) || other.hiddenActivation() != first.hiddenActivation()
          || other.hasBias() != first.hasBias() || train.get(l).size() != train.get(0).size()) {
        throw new IllegalArgumentException("a run must share topology, activation, biases and training set size;"
            + " network " + l + " differs from network 0");
      }
    }
    // float32's kernel runs any number of lanes, one after another.
    int width = settings.precision() == Precision.FLOAT32 ? 1 : vectorWidth();
    int together = width == 0 ? 0 : count / width * width;
    List<TrainingResult> results = new ArrayList<>(count);
    if (together > 0) {
      results.addAll(epochs(initial.subList(0, together), train.subList(0, together), shuffles.subList(0, together),
          holdZeros));
    }
    for (int l = together; l < count; l++) {
      results.addAll(epochs(initial.subList(l, l + 1), train.subList(l, l + 1), shuffles.subList(l, l + 1),
          holdZeros));
    }
    return results;
  }

  /**
   * The epoch loop over one kernel of initial.size() lanes: the λ schedule, the batches, the history, the loss's
   * tail, divergence (a lane whose loss turns non-finite stops there while the others go on) and the held zeros of
   * a retraining. Every workspace is declared before the first epoch; an epoch allocates nothing.
   */
  private List<TrainingResult> epochs(List<Network> initial, List<Dataset.Columns> train,
      List<SplittableRandom> shuffles, boolean holdZeros) {
    int lanes = initial.size();
    Network first = initial.get(0);
    Topology topology = first.topology();
    int samples = train.get(0).size();
    boolean hasBias = first.hasBias();
    int batch = settings.batchSize() == 0 ? samples : Math.min(settings.batchSize(), samples);
    boolean fullBatch = batch == samples;
    int inputs = topology.inputs();
    int outputs = topology.outputs();

    double[] allInputs = interleave(train, true, lanes);
    double[] allTargets = interleave(train, false, lanes);
    double[] batchInputs = fullBatch ? allInputs : new double[inputs * batch * lanes];
    double[] batchTargets = fullBatch ? allTargets : new double[outputs * batch * lanes];
    int[][] order = new int[lanes][];
    if (!fullBatch) {
      for (int l = 0; l < lanes; l++) {
        order[l] = identity(samples);
      }
    }

    boolean float32 = settings.precision() == Precision.FLOAT32;
    if (float32) {
      // The data and the initial network in float, as a float32 framework holds them from the start.
      FloatKernel.round(allInputs);
      FloatKernel.round(allTargets);
    }
    LaneKernel backprop = LaneKernel.create(topology, first.hiddenActivation(), loss, lanes, batch,
        settings.precision());
    int layers = topology.matrices();
    int biasLayers = topology.weightLayers();
    int trained = hasBias ? layers + biasLayers : layers;
    // The weight matrices first (every one the L1 rules act on), then the biases, never penalised; each wraps its
    // lane-layout array.
    DMatrixRMaj[] params = new DMatrixRMaj[trained];
    DMatrixRMaj[] gradients = new DMatrixRMaj[trained];
    double[][] weights = new double[layers][];
    double[][] biases = hasBias ? new double[biasLayers][] : null;
    for (int k = 0; k < layers; k++) {
      params[k] = interleave(initial, k, false, lanes);
      gradients[k] = DMatrixRMaj.wrap(params[k].numRows, 1, backprop.laneWeightGradient(k));
      weights[k] = params[k].data;
    }
    for (int k = 0; k < biasLayers && hasBias; k++) {
      params[layers + k] = interleave(initial, k, true, lanes);
      gradients[layers + k] = DMatrixRMaj.wrap(params[layers + k].numRows, 1, backprop.laneBiasGradient(k));
      biases[k] = params[layers + k].data;
    }
    for (int p = 0; p < trained && float32; p++) {
      FloatKernel.round(params[p].data);
    }
    UpdateRules update = new UpdateRules(settings, topology, params, gradients, layers, holdZeros, lanes);

    int epochs = settings.epochs();
    int every = settings.historyEvery();
    History[] history = new History[lanes];
    for (int l = 0; l < lanes; l++) {
      history[l] = every == 0 ? History.EMPTY : allocateHistory(epochs, every);
    }
    int points = 0;
    int tailStart = tailStart(epochs);
    double[] lossAtTailStart = new double[lanes];
    double[] lossAtEnd = new double[lanes];
    Arrays.fill(lossAtTailStart, Double.NaN);
    Arrays.fill(lossAtEnd, Double.NaN);

    TrainingResult[] results = new TrainingResult[lanes];
    // running: the lane has not diverged; stopped: its loss turned non-finite in this epoch (snapshot taken).
    boolean[] running = new boolean[lanes];
    Arrays.fill(running, true);
    int alive = lanes;
    Network[] stopped = new Network[lanes];
    boolean[] finite = new boolean[lanes];
    int[] activeAtStart = new int[lanes];
    double[] taskLoss = new double[lanes];
    double[] totalLoss = new double[lanes];
    double[] batchTaskLoss = new double[lanes];
    double[] norms = new double[lanes];

    for (int epoch = 0; epoch < epochs && alive > 0; epoch++) {
      boolean sample = every > 0 && (epoch % every == 0 || epoch == epochs - 1);
      boolean measure = sample || epoch == tailStart || epoch == epochs - 1;
      double lambda = settings.lambdaAt(epoch);
      update.startEpoch(epoch);
      if (sample) {
        activeEdges(weights, lanes, settings.historyEpsilon(), activeAtStart);
      }
      if (!fullBatch) {
        for (int l = 0; l < lanes; l++) {
          if (running[l]) {
            shuffle(order[l], shuffles.get(l));
          }
        }
      }
      Arrays.fill(taskLoss, 0.0);
      Arrays.fill(totalLoss, 0.0);
      int going = alive;
      for (int start = 0; start < samples && going > 0; start += batch) {
        int size = Math.min(batch, samples - start);
        if (!fullBatch) {
          gather(allInputs, inputs, samples, order, start, size, lanes, batchInputs);
          gather(allTargets, outputs, samples, order, start, size, lanes, batchTargets);
        }
        backprop.forwardBackward(weights, biases, batchInputs, batchTargets, size, loss, finite, fullBatch);
        if (measure) {
          double share = (double) size / samples;
          backprop.lossValues(loss, batchTargets, size, batchTaskLoss);
          l1Norms(weights, update.penalty(), lanes, norms);
          for (int l = 0; l < lanes; l++) {
            if (running[l] && stopped[l] == null) {
              taskLoss[l] += share * batchTaskLoss[l];
              totalLoss[l] += share * (batchTaskLoss[l] + lambda * norms[l]);
            }
          }
        }
        for (int l = 0; l < lanes; l++) {
          if (running[l] && stopped[l] == null && !finite[l]) {
            // No step from this batch, and no further batch this epoch: the training ends here.
            stopped[l] = extract(initial.get(l), params, layers, l, lanes);
            going--;
          }
        }
        if (going == 0) {
          break;
        }
        // Every lane steps; a lane that has stopped keeps its snapshot and its arrays are no longer read.
        update.step(lambda);
      }
      for (int l = 0; l < lanes; l++) {
        if (!running[l]) {
          continue;
        }
        if (epoch == tailStart) {
          lossAtTailStart[l] = totalLoss[l];
        }
        if (sample) {
          history[l].epochs()[points] = epoch;
          history[l].loss()[points] = totalLoss[l];
          history[l].taskLoss()[points] = taskLoss[l];
          history[l].activeEdges()[points] = activeAtStart[l];
        }
        if (stopped[l] != null) {
          results[l] = new TrainingResult(stopped[l], true, epoch, history[l].truncated(sample ? points + 1 : points),
              Double.NaN, Double.NaN);
          running[l] = false;
          stopped[l] = null;
          alive--;
        } else {
          lossAtEnd[l] = totalLoss[l];
        }
      }
      if (sample) {
        points++;
      }
    }
    List<TrainingResult> out = new ArrayList<>(lanes);
    for (int l = 0; l < lanes; l++) {
      if (results[l] == null) {
        Network network = extract(initial.get(l), params, layers, l, lanes);
        results[l] = new TrainingResult(network, !network.isFinite(), epochs, history[l].truncated(points),
            lossAtTailStart[l], lossAtEnd[l]);
      }
      out.add(results[l]);
    }
    return out;
  }

  /**
   * Σ|w| per lane over the weight matrices in order, as {@link Network#l1Norm}; under reweighted L1, Σ c·|w| with each
   * weight's share c of λ (penalty, in the weights' layout; null for plain L1). norms: Modified.
   */
  private static void l1Norms(double[][] weights, double[][] penalty, int lanes, double[] norms) {
    Arrays.fill(norms, 0, lanes, 0.0);
    for (int k = 0; k < weights.length; k++) {
      double[] w = weights[k];
      for (int i = 0; i < w.length; i += lanes) {
        for (int l = 0; l < lanes; l++) {
          norms[l] += penalty == null ? Math.abs(w[i + l]) : penalty[k][i + l] * Math.abs(w[i + l]);
        }
      }
    }
  }

  /** Edges with |w| ≥ ε per lane, as {@link Network#activeEdges}. active: Modified. */
  private static void activeEdges(double[][] weights, int lanes, double epsilon, int[] active) {
    Arrays.fill(active, 0, lanes, 0);
    for (double[] w : weights) {
      for (int i = 0; i < w.length; i += lanes) {
        for (int l = 0; l < lanes; l++) {
          if (Math.abs(w[i + l]) >= epsilon) {
            active[l]++;
          }
        }
      }
    }
  }

  /** Every lane's matrix k (its biases when bias), as one lane-layout column. */
  static DMatrixRMaj interleave(List<Network> networks, int k, boolean bias, int lanes) {
    int n = (bias ? networks.get(0).biases(k) : networks.get(0).weights(k)).getNumElements();
    DMatrixRMaj out = new DMatrixRMaj(n * lanes, 1);
    for (int l = 0; l < lanes; l++) {
      double[] data = (bias ? networks.get(l).biases(k) : networks.get(l).weights(k)).data;
      for (int i = 0; i < n; i++) {
        out.data[i * lanes + l] = data[i];
      }
    }
    return out;
  }

  /** Every lane's inputs (or targets), lane layout. */
  static double[] interleave(List<Dataset.Columns> data, boolean inputs, int lanes) {
    DMatrixRMaj m0 = inputs ? data.get(0).inputs() : data.get(0).targets();
    int n = m0.getNumElements();
    double[] out = new double[n * lanes];
    for (int l = 0; l < lanes; l++) {
      double[] d = (inputs ? data.get(l).inputs() : data.get(l).targets()).data;
      for (int i = 0; i < n; i++) {
        out[i * lanes + l] = d[i];
      }
    }
    return out;
  }

  /** Lane l's network: a copy of template with its weights and biases read out of params. */
  private static Network extract(Network template, DMatrixRMaj[] params, int layers, int lane, int lanes) {
    Network network = template.copy();
    for (int p = 0; p < params.length; p++) {
      double[] into = (p < layers ? network.weights(p) : network.biases(p - layers)).data;
      double[] from = params[p].data;
      for (int i = 0; i < into.length; i++) {
        into[i] = from[i * lanes + lane];
      }
    }
    return network;
  }

  /** dst[r, c] = src[r, order_l[start + c]] for every lane l and c < size. dst: Modified. */
  private static void gather(double[] src, int rows, int samples, int[][] order, int start, int size, int lanes,
      double[] dst) {
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < size; c++) {
        int to = (r * size + c) * lanes;
        for (int l = 0; l < lanes; l++) {
          dst[to + l] = src[(r * samples + order[l][start + c]) * lanes + l];
        }
      }
    }
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

}
