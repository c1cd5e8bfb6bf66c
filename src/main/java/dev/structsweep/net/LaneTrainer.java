package dev.structsweep.net;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;

/**
 * {@link Trainer} for L trainings of one configuration in lock step: the same topology, activation, biases, rules
 * and hyperparameters, each lane its own initial network, training data and batch order. The weights, the optimiser's
 * state and every workspace are held in {@link LaneBackprop}'s lane layout, so that each step of the epoch (forward,
 * backward, L1, update) is one loop across the lanes; the optimisers and the L1 rules are the single trainer's own,
 * run on lane-layout arrays (they act element by element). Each lane's results equal what {@link Trainer} gives its
 * network, bit for bit: every metric, history point and final weight. A lane whose loss becomes non-finite stops
 * there, reported as the single trainer reports it, while the others go on. EJML holds the networks on the way in
 * and out; the epoch reads only the lane arrays.
 */
public final class LaneTrainer {
  private final TrainingSettings settings;
  private final Loss loss;
  private final LaneKernel.Choice kernel;

  public LaneTrainer(TrainingSettings settings, Loss loss) {
    this(settings, loss, LaneKernel.Choice.FASTEST);
  }

  /** With a choice of pass: tests and benchmarks hold the plain kernel against the vector one. */
  LaneTrainer(TrainingSettings settings, Loss loss, LaneKernel.Choice kernel) {
    this.settings = settings;
    this.loss = loss;
    this.kernel = kernel;
  }

  /**
   * How many lanes fill one vector of the vector kernel where it runs this topology in this JVM (8 with AVX-512, 4
   * with AVX2; lane counts that are multiples of it run it), or 0 where it does not (no {@code jdk.incubator.vector}
   * module, or a topology it does not handle): there the plain kernel is slower than training one at a time.
   */
  public static int vectorWidth(Topology topology) {
    return vectorWidth() > 0 && LaneKernel.vectorApplies(topology, vectorWidth()) ? vectorWidth() : 0;
  }

  /** Lanes per vector of the vector kernel in this JVM, or 0 where it lacks the {@code jdk.incubator.vector} module. */
  public static int vectorWidth() {
    return LaneKernel.vectorAvailable() ? LaneKernel.vectorWidth() : 0;
  }

  /** Trains a copy of each initial network on its own data, lane l shuffled by shuffles[l]. Nothing is modified. */
  public List<TrainingResult> train(List<Network> initial, List<Dataset.Columns> train,
      List<SplittableRandom> shuffles) {
    return train(initial, train, shuffles, false);
  }

  /** {@link Trainer#retrain} of each lane: every edge exactly 0 in its start network is held at 0. */
  public List<TrainingResult> retrain(List<Network> start, List<Dataset.Columns> train,
      List<SplittableRandom> shuffles) {
    return train(start, train, shuffles, true);
  }

  private List<TrainingResult> train(List<Network> initial, List<Dataset.Columns> train,
      List<SplittableRandom> shuffles, boolean holdZeros) {
    int lanes = initial.size();
    if (lanes == 0 || train.size() != lanes || shuffles.size() != lanes) {
      throw new IllegalArgumentException("lanes need one network, data set and shuffle each, found "
          + initial.size() + ", " + train.size() + " and " + shuffles.size());
    }
    Network first = initial.get(0);
    Topology topology = first.topology();
    int samples = train.get(0).size();
    for (int l = 1; l < lanes; l++) {
      Network other = initial.get(l);
      if (!other.topology().equals(topology) || other.hiddenActivation() != first.hiddenActivation()
          || other.hasBias() != first.hasBias() || train.get(l).size() != samples) {
        throw new IllegalArgumentException("lanes must share topology, activation, biases and training set size;"
            + " lane " + l + " differs from lane 0");
      }
    }
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
        order[l] = Trainer.identity(samples);
      }
    }

    LaneKernel backprop = LaneKernel.create(topology, first.hiddenActivation(), lanes, batch, kernel);
    int layers = topology.matrices();
    int biasLayers = topology.weightLayers();
    int trained = hasBias ? layers + biasLayers : layers;
    // The single trainer's order: every weight matrix, then the biases. Each wraps its lane-layout array.
    DMatrixRMaj[] params = new DMatrixRMaj[trained];
    DMatrixRMaj[] gradients = new DMatrixRMaj[trained];
    double[][] weights = new double[layers][];
    double[][] biases = hasBias ? new double[biasLayers][] : null;
    for (int k = 0; k < layers; k++) {
      params[k] = interleave(initial, k, false, lanes);
      gradients[k] = DMatrixRMaj.wrap(params[k].numRows, 1, backprop.weightGradient(k));
      weights[k] = params[k].data;
    }
    for (int k = 0; k < biasLayers && hasBias; k++) {
      params[layers + k] = interleave(initial, k, true, lanes);
      gradients[layers + k] = DMatrixRMaj.wrap(params[layers + k].numRows, 1, backprop.biasGradient(k));
      biases[k] = params[layers + k].data;
    }
    UpdateRules update = new UpdateRules(settings, topology, params, gradients, layers, holdZeros, lanes);

    int epochs = settings.epochs();
    int every = settings.historyEvery();
    History[] history = new History[lanes];
    for (int l = 0; l < lanes; l++) {
      history[l] = every == 0 ? History.EMPTY : Trainer.allocateHistory(epochs, every);
    }
    int points = 0;
    int tailStart = Trainer.tailStart(epochs);
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
      if (sample) {
        activeEdges(weights, lanes, settings.historyEpsilon(), activeAtStart);
      }
      if (!fullBatch) {
        for (int l = 0; l < lanes; l++) {
          if (running[l]) {
            Trainer.shuffle(order[l], shuffles.get(l));
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
        backprop.forwardBackward(weights, biases, batchInputs, batchTargets, size, loss, finite);
        if (measure) {
          double share = (double) size / samples;
          loss.valueLanes(backprop.output(), batchTargets, outputs * size, lanes, batchTaskLoss);
          l1Norms(weights, lanes, norms);
          for (int l = 0; l < lanes; l++) {
            if (running[l] && stopped[l] == null) {
              taskLoss[l] += share * batchTaskLoss[l];
              totalLoss[l] += share * (batchTaskLoss[l] + lambda * norms[l]);
            }
          }
        }
        for (int l = 0; l < lanes; l++) {
          if (running[l] && stopped[l] == null && !finite[l]) {
            // As the single trainer: no step from this batch, no further batch this epoch.
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

  /** Σ|w| per lane over the weight matrices in order, as {@link Network#l1Norm}. norms: Modified. */
  private static void l1Norms(double[][] weights, int lanes, double[] norms) {
    Arrays.fill(norms, 0, lanes, 0.0);
    for (double[] w : weights) {
      for (int i = 0; i < w.length; i += lanes) {
        for (int l = 0; l < lanes; l++) {
          norms[l] += Math.abs(w[i + l]);
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
}
