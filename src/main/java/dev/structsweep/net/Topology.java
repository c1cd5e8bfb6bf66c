package dev.structsweep.net;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The layers {@code [in, h1, …, hk, out]} of a network and which edges join them ({@link Wiring}). Edges are the
 * connection weights only; biases are never counted.
 *
 * <p>The weights are held as matrices. Matrix k &lt; {@link #weightLayers()} feeds node layer k + 1: its rows are
 * that layer's nodes, its columns the nodes it reads ({@link #sources(int)}): layer k alone when layered, layers
 * 0 … k stacked in order when a DAG. A {@link Wiring#REPOSITORY} topology has one more, idle matrix (hidden node
 * by hidden node) that the forward pass never reads.
 */
public final class Topology {
  private final int[] layerSizes;
  private final Wiring wiring;

  private Topology(int[] layerSizes, Wiring wiring) {
    this.layerSizes = layerSizes;
    this.wiring = wiring;
  }

  /** inputs, the hidden sizes in order, outputs. Every size must be ≥ 1; hidden may be empty. */
  public static Topology layered(int inputs, int[] hidden, int outputs) {
    return of(Wiring.LAYERED, inputs, hidden, outputs);
  }

  /** As {@link #layered} with the edges wiring allows; a repository topology has exactly one hidden layer. */
  public static Topology of(Wiring wiring, int inputs, int[] hidden, int outputs) {
    if (wiring == null) {
      throw new IllegalArgumentException("topology must be one of layered, dag, repository, found none");
    }
    if (hidden == null) {
      throw new IllegalArgumentException("hidden must be a list of layer sizes, found null");
    }
    for (int size : hidden) {
      if (size < 1) {
        throw new IllegalArgumentException(
            "hidden sizes must each be ≥ 1, found " + Arrays.toString(hidden));
      }
    }
    if (inputs < 1 || outputs < 1) {
      throw new IllegalArgumentException(
          "a network needs ≥ 1 input and ≥ 1 output, found " + inputs + " and " + outputs);
    }
    int[] sizes = new int[hidden.length + 2];
    sizes[0] = inputs;
    System.arraycopy(hidden, 0, sizes, 1, hidden.length);
    sizes[sizes.length - 1] = outputs;
    if (wiring == Wiring.REPOSITORY && hidden.length != 1) {
      throw new IllegalArgumentException(
          "topology = repository has one hidden layer, found hidden " + Arrays.toString(hidden));
    }
    return new Topology(sizes, wiring);
  }

  public Wiring wiring() {
    return wiring;
  }

  /** Number of weight layers: matrices the forward pass reads, one per node layer after the input. */
  public int weightLayers() {
    return layerSizes.length - 1;
  }

  /** Number of weight matrices: the weight layers, and the idle one of a repository topology. */
  public int matrices() {
    return wiring == Wiring.REPOSITORY ? weightLayers() + 1 : weightLayers();
  }

  /** Whether matrix m is read by the forward pass (false for the repository's idle hidden-to-hidden edges). */
  public boolean carriesSignal(int m) {
    return m < weightLayers();
  }

  /** Rows of matrix m: the nodes it feeds. */
  public int targets(int m) {
    return carriesSignal(m) ? layerSizes[m + 1] : layerSizes[1];
  }

  /** Columns of matrix m: the nodes it reads, layer by layer from the lowest. */
  public int sources(int m) {
    if (!carriesSignal(m)) {
      return layerSizes[1];
    }
    if (wiring == Wiring.LAYERED) {
      return layerSizes[m];
    }
    int sources = 0;
    for (int layer = 0; layer <= m; layer++) {
      sources += layerSizes[layer];
    }
    return sources;
  }

  /** The column of matrix m where node layer layer's nodes begin, or −1 when m does not read that layer. */
  public int sourceOffset(int m, int layer) {
    if (!carriesSignal(m)) {
      return layer == 1 ? 0 : -1;
    }
    if (wiring == Wiring.LAYERED) {
      return layer == m ? 0 : -1;
    }
    if (layer > m) {
      return -1;
    }
    int offset = 0;
    for (int below = 0; below < layer; below++) {
      offset += layerSizes[below];
    }
    return offset;
  }

  /** Node layer of column j of matrix m. */
  public int sourceLayer(int m, int j) {
    if (!carriesSignal(m)) {
      return 1;
    }
    if (wiring == Wiring.LAYERED) {
      return m;
    }
    int layer = 0;
    for (int left = j; left >= layerSizes[layer]; layer++) {
      left -= layerSizes[layer];
    }
    return layer;
  }

  /** The edge of element (i, j) of matrix m, as listings name it: "x1 -> h2". */
  public String edgeName(int m, int i, int j) {
    int layer = sourceLayer(m, j);
    int index = j - sourceOffset(m, layer);
    int target = carriesSignal(m) ? m + 1 : 1;
    return nodeName(layer, index) + " -> " + nodeName(target, i);
  }

  /** Size of node layer k: 0 is the input, {@link #weightLayers()} the output. */
  public int size(int k) {
    return layerSizes[k];
  }

  public int inputs() {
    return layerSizes[0];
  }

  public int outputs() {
    return layerSizes[layerSizes.length - 1];
  }

  public int[] layerSizes() {
    return layerSizes.clone();
  }

  /** Number of edges (weights), biases excluded. */
  public int edgeCount() {
    int edges = 0;
    for (int m = 0; m < matrices(); m++) {
      edges += targets(m) * sources(m);
    }
    return edges;
  }

  public int hiddenUnits() {
    int units = 0;
    for (int k = 1; k < layerSizes.length - 1; k++) {
      units += layerSizes[k];
    }
    return units;
  }

  /** A node's name in edge listings: x1.., h1.. (h2_3 when there are several hidden layers), y or y1... */
  public String nodeName(int layer, int index) {
    if (layer == 0) {
      return "x" + (index + 1);
    }
    if (layer == layerSizes.length - 1) {
      return outputs() == 1 ? "y" : "y" + (index + 1);
    }
    return layerSizes.length == 3 ? "h" + (index + 1) : "h" + layer + "_" + (index + 1);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Topology t && Arrays.equals(layerSizes, t.layerSizes) && wiring == t.wiring;
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(layerSizes) + wiring.hashCode();
  }

  /** "[2,4,1]" when layered, "dag [2,4,1]" otherwise. */
  @Override
  public String toString() {
    String layers = Arrays.stream(layerSizes).mapToObj(Integer::toString)
        .collect(Collectors.joining(",", "[", "]"));
    return wiring == Wiring.LAYERED ? layers : wiring.key() + " " + layers;
  }
}
