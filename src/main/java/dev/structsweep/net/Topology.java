package dev.structsweep.net;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * A layered topology {@code [in, h1, …, hk, out]}: every node of a layer may connect to every node of the
 * next. Edges are the connection weights only; biases are never counted.
 */
public final class Topology {
  private final int[] layerSizes;

  private Topology(int[] layerSizes) {
    this.layerSizes = layerSizes;
  }

  /** inputs, the hidden sizes in order, outputs. Every size must be ≥ 1; hidden may be empty. */
  public static Topology layered(int inputs, int[] hidden, int outputs) {
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
    return new Topology(sizes);
  }

  /** Number of weight layers (connections between consecutive node layers). */
  public int weightLayers() {
    return layerSizes.length - 1;
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
    for (int k = 1; k < layerSizes.length; k++) {
      edges += layerSizes[k] * layerSizes[k - 1];
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
    return other instanceof Topology t && Arrays.equals(layerSizes, t.layerSizes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(layerSizes);
  }

  @Override
  public String toString() {
    return Arrays.stream(layerSizes).mapToObj(Integer::toString)
        .collect(Collectors.joining(",", "[", "]"));
  }
}
