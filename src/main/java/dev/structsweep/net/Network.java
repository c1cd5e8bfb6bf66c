package dev.structsweep.net;

import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;

/**
 * The parameters of a layered network. {@code weights[k]} connects node layer k to layer k + 1:
 * element (i, j) is the edge from node j of the layer below to node i. {@code biases[k]} is a column of
 * layer k + 1's biases, all zero and never trained when the network has none.
 */
public final class Network {
  private final Topology topology;
  private final Activation hiddenActivation;
  private final boolean hasBias;
  private final DMatrixRMaj[] weights;
  private final DMatrixRMaj[] biases;

  private Network(Topology topology, Activation hiddenActivation, boolean hasBias,
      DMatrixRMaj[] weights, DMatrixRMaj[] biases) {
    this.topology = topology;
    this.hiddenActivation = hiddenActivation;
    this.hasBias = hasBias;
    this.weights = weights;
    this.biases = biases;
  }

  /** A network of zeros, to be filled by {@link #layer} or an initialiser. */
  public static Network zeros(Topology topology, Activation hiddenActivation, boolean hasBias) {
    int layers = topology.weightLayers();
    DMatrixRMaj[] weights = new DMatrixRMaj[layers];
    DMatrixRMaj[] biases = new DMatrixRMaj[layers];
    for (int k = 0; k < layers; k++) {
      weights[k] = new DMatrixRMaj(topology.size(k + 1), topology.size(k));
      biases[k] = new DMatrixRMaj(topology.size(k + 1), 1);
    }
    return new Network(topology, hiddenActivation, hasBias, weights, biases);
  }

  /**
   * PyTorch's {@code nn.Linear} default: every weight and bias ~ U(−1/√fan_in, 1/√fan_in), fan_in = the
   * number of edges into the node. Drawn layer by layer, weights row by row, then that layer's biases.
   */
  public static Network initialise(Topology topology, Activation hiddenActivation, boolean hasBias,
      SplittableRandom random) {
    return initialise(topology, hiddenActivation, hasBias, 1.0, random);
  }

  /**
   * As {@link #initialise(Topology, Activation, boolean, SplittableRandom)} with every bound multiplied by scale
   * &gt; 0: U(−scale/√fan_in, scale/√fan_in). Scale 1 draws exactly PyTorch's default.
   */
  public static Network initialise(Topology topology, Activation hiddenActivation, boolean hasBias, double scale,
      SplittableRandom random) {
    if (!(scale > 0) || !Double.isFinite(scale)) {
      throw new IllegalArgumentException("init-scale must be a finite number > 0, found " + scale);
    }
    Network network = zeros(topology, hiddenActivation, hasBias);
    for (int k = 0; k < topology.weightLayers(); k++) {
      double bound = scale * (1.0 / Math.sqrt(topology.size(k)));
      fillUniform(network.weights[k].data, bound, random);
      if (hasBias) {
        fillUniform(network.biases[k].data, bound, random);
      }
    }
    return network;
  }

  private static void fillUniform(double[] values, double bound, SplittableRandom random) {
    for (int i = 0; i < values.length; i++) {
      values[i] = -bound + 2.0 * bound * random.nextDouble();
    }
  }

  public Topology topology() {
    return topology;
  }

  public Activation hiddenActivation() {
    return hiddenActivation;
  }

  public boolean hasBias() {
    return hasBias;
  }

  /** Weight matrix k, live (not a copy). */
  public DMatrixRMaj weights(int k) {
    return weights[k];
  }

  /** Bias column k, live (not a copy). */
  public DMatrixRMaj biases(int k) {
    return biases[k];
  }

  public Network copy() {
    Network copy = zeros(topology, hiddenActivation, hasBias);
    for (int k = 0; k < weights.length; k++) {
      copy.weights[k].setTo(weights[k]);
      copy.biases[k].setTo(biases[k]);
    }
    return copy;
  }

  /** Σ|w| over edges; biases are never penalised. */
  public double l1Norm() {
    double sum = 0;
    for (DMatrixRMaj w : weights) {
      for (int i = 0; i < w.getNumElements(); i++) {
        sum += Math.abs(w.data[i]);
      }
    }
    return sum;
  }

  /** Edges with |w| ≥ ε. */
  public int activeEdges(double epsilon) {
    int active = 0;
    for (DMatrixRMaj w : weights) {
      for (int i = 0; i < w.getNumElements(); i++) {
        if (Math.abs(w.data[i]) >= epsilon) {
          active++;
        }
      }
    }
    return active;
  }

  /** Whether every weight and bias is finite. */
  public boolean isFinite() {
    for (int k = 0; k < weights.length; k++) {
      if (!allFinite(weights[k]) || !allFinite(biases[k])) {
        return false;
      }
    }
    return true;
  }

  private static boolean allFinite(DMatrixRMaj m) {
    for (int i = 0; i < m.getNumElements(); i++) {
      if (!Double.isFinite(m.data[i])) {
        return false;
      }
    }
    return true;
  }

  /** A copy with every inactive edge (|w| < ε) set to exactly 0; biases kept. */
  public Network pruned(double epsilon) {
    Network pruned = copy();
    for (DMatrixRMaj w : pruned.weights) {
      for (int i = 0; i < w.getNumElements(); i++) {
        if (Math.abs(w.data[i]) < epsilon) {
          w.data[i] = 0.0;
        }
      }
    }
    return pruned;
  }

  /**
   * Hidden units left without an active incoming edge or without an active outgoing edge at ε: they can
   * no longer carry a signal from the inputs to the outputs.
   */
  public int deadHiddenUnits(double epsilon) {
    int dead = 0;
    for (int layer = 1; layer < topology.weightLayers(); layer++) {
      DMatrixRMaj in = weights[layer - 1];
      DMatrixRMaj out = weights[layer];
      for (int unit = 0; unit < topology.size(layer); unit++) {
        boolean hasIncoming = false;
        for (int j = 0; j < in.numCols && !hasIncoming; j++) {
          hasIncoming = Math.abs(in.get(unit, j)) >= epsilon;
        }
        boolean hasOutgoing = false;
        for (int i = 0; i < out.numRows && !hasOutgoing; i++) {
          hasOutgoing = Math.abs(out.get(i, unit)) >= epsilon;
        }
        if (!hasIncoming || !hasOutgoing) {
          dead++;
        }
      }
    }
    return dead;
  }

  /** Element (i, j) of weight layer k: the edge from node j of layer k to node i of layer k + 1. */
  public double weight(int k, int i, int j) {
    return weights[k].get(i, j);
  }
}
