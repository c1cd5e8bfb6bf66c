package dev.structsweep.net;

import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;

/**
 * The parameters of a network. {@code weights[k]} feeds node layer k + 1: element (i, j) is the edge from the
 * j-th node it reads ({@link Topology#sources}: layer k when layered, layers 0 … k stacked when a DAG) to node i.
 * {@code biases[k]} is a column of layer k + 1's biases, all zero and never trained when the network has none. A
 * repository topology has one more weight matrix, its idle hidden-to-hidden edges, and no bias column for it.
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
    DMatrixRMaj[] weights = new DMatrixRMaj[topology.matrices()];
    DMatrixRMaj[] biases = new DMatrixRMaj[layers];
    for (int m = 0; m < weights.length; m++) {
      weights[m] = new DMatrixRMaj(topology.targets(m), topology.sources(m));
    }
    for (int k = 0; k < layers; k++) {
      biases[k] = new DMatrixRMaj(topology.size(k + 1), 1);
    }
    return new Network(topology, hiddenActivation, hasBias, weights, biases);
  }

  /**
   * A network whose matrices are views of these arrays, row-major, without a copy (the one-lane kernel's): biases
   * null for a network without biases. weights, biases: read and written through the view.
   */
  static Network view(Topology topology, Activation hiddenActivation, double[][] weights, double[][] biases) {
    Network network = zeros(topology, hiddenActivation, biases != null);
    for (int m = 0; m < weights.length; m++) {
      network.weights[m] = DMatrixRMaj.wrap(topology.targets(m), topology.sources(m), weights[m]);
    }
    for (int k = 0; biases != null && k < biases.length; k++) {
      network.biases[k] = DMatrixRMaj.wrap(topology.size(k + 1), 1, biases[k]);
    }
    return network;
  }

  /**
   * PyTorch's {@code nn.Linear} default: every weight and bias ~ U(−1/√fan_in, 1/√fan_in), fan_in = the
   * number of edges into the node. Drawn layer by layer, weights row by row, then that layer's biases.
   */
  public static Network initialise(Topology topology, Activation hiddenActivation, boolean hasBias,
      SplittableRandom random) {
    return initialise(topology, hiddenActivation, hasBias, 1.0, Distribution.UNIFORM, random);
  }

  /** As {@link #initialise(Topology, Activation, boolean, double, Distribution, SplittableRandom)}, uniform. */
  public static Network initialise(Topology topology, Activation hiddenActivation, boolean hasBias, double scale,
      SplittableRandom random) {
    return initialise(topology, hiddenActivation, hasBias, scale, Distribution.UNIFORM, random);
  }

  /**
   * How PyTorch's initialisation draws each weight and bias of a node, given its bound b = scale/√fan_in: both at
   * the variance b²/3, so that only the shape of the distribution differs.
   */
  public enum Distribution implements Named {
    /** U(−b, b): PyTorch's {@code nn.Linear} default. */
    UNIFORM("uniform"),
    /** N(0, σ²) with σ = b/√3, the variance of U(−b, b). */
    NORMAL("normal");

    private final String key;

    Distribution(String key) {
      this.key = key;
    }

    @Override
    public String key() {
      return key;
    }

    public static Distribution parse(String name) {
      return Named.parse("init-distribution", values(), name);
    }
  }

  /**
   * As {@link #initialise(Topology, Activation, boolean, SplittableRandom)} with every bound multiplied by scale
   * &gt; 0 (checked once, by the definition of init-scale): b = scale/√fan_in, fan_in = the nodes a layer reads, and
   * each weight and bias drawn from distribution at that bound (U(−b, b), or N(0, b²/3)). Scale 1, uniform, draws
   * exactly PyTorch's default. A repository topology draws as the cited repository does, whatever distribution
   * says (its setting refuses normal there): every weight and bias ~ N(0, (0.1·scale)²), the weight layers first
   * (row by row), then the idle matrix, then the biases layer by layer.
   */
  public static Network initialise(Topology topology, Activation hiddenActivation, boolean hasBias, double scale,
      Distribution distribution, SplittableRandom random) {
    Network network = zeros(topology, hiddenActivation, hasBias);
    if (topology.wiring() == Wiring.REPOSITORY) {
      double sigma = REPOSITORY_SIGMA * scale;
      for (DMatrixRMaj w : network.weights) {
        fillNormal(w.data, sigma, random);
      }
      if (hasBias) {
        for (DMatrixRMaj b : network.biases) {
          fillNormal(b.data, sigma, random);
        }
      }
      return network;
    }
    for (int k = 0; k < topology.weightLayers(); k++) {
      double bound = scale * (1.0 / Math.sqrt(topology.sources(k)));
      if (distribution == Distribution.NORMAL) {
        double sigma = bound / Math.sqrt(3);
        fillNormal(network.weights[k].data, sigma, random);
        if (hasBias) {
          fillNormal(network.biases[k].data, sigma, random);
        }
      } else {
        fillUniform(network.weights[k].data, bound, random);
        if (hasBias) {
          fillUniform(network.biases[k].data, bound, random);
        }
      }
    }
    return network;
  }

  /** The standard deviation of the cited repository's initial weights. */
  public static final double REPOSITORY_SIGMA = 0.1;

  private static void fillNormal(double[] values, double sigma, SplittableRandom random) {
    for (int i = 0; i < values.length; i++) {
      values[i] = sigma * random.nextGaussian();
    }
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

  /** Weight matrix k, live (not a copy); {@link Topology#matrices()} of them. */
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
    }
    for (int k = 0; k < biases.length; k++) {
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

  /**
   * The edges whose weight is not exactly 0, smallest |w| first (ties in the order of the weights, matrix by matrix,
   * row-major): each {matrix, row, column}.
   */
  public java.util.List<int[]> edgesBySize() {
    java.util.List<int[]> edges = new java.util.ArrayList<>();
    for (int k = 0; k < topology.matrices(); k++) {
      DMatrixRMaj w = weights(k);
      for (int i = 0; i < w.numRows; i++) {
        for (int j = 0; j < w.numCols; j++) {
          if (w.get(i, j) != 0) {
            edges.add(new int[] {k, i, j});
          }
        }
      }
    }
    edges.sort(java.util.Comparator.comparingDouble(e -> Math.abs(weights(e[0]).get(e[1], e[2]))));
    return edges;
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
    for (DMatrixRMaj w : weights) {
      if (!allFinite(w)) {
        return false;
      }
    }
    for (DMatrixRMaj b : biases) {
      if (!allFinite(b)) {
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
   * no longer carry a signal from the inputs to the outputs. Edges that carry no signal (the repository's idle
   * ones) keep no unit alive.
   */
  public int deadHiddenUnits(double epsilon) {
    int dead = 0;
    for (int layer = 1; layer < topology.weightLayers(); layer++) {
      DMatrixRMaj in = weights[layer - 1];
      for (int unit = 0; unit < topology.size(layer); unit++) {
        boolean hasIncoming = false;
        for (int j = 0; j < in.numCols && !hasIncoming; j++) {
          hasIncoming = Math.abs(in.get(unit, j)) >= epsilon;
        }
        boolean hasOutgoing = false;
        for (int m = layer; m < topology.weightLayers() && !hasOutgoing; m++) {
          int column = topology.sourceOffset(m, layer);
          if (column < 0) {
            continue;
          }
          DMatrixRMaj out = weights[m];
          for (int i = 0; i < out.numRows && !hasOutgoing; i++) {
            hasOutgoing = Math.abs(out.get(i, column + unit)) >= epsilon;
          }
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
