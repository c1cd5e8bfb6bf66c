package dev.structsweep.net;

import java.util.ArrayList;
import java.util.List;
import org.ejml.data.DMatrixRMaj;

/**
 * The edges of each hidden unit, incoming and outgoing, as one group: the penalty λ Σ_g √|g|·‖w_g‖₂ of
 * {@link L1Rule#GROUP}, applied after each step as a block soft threshold
 * w_g ← w_g · max(0, 1 − τ_g·√|g| / ‖w_g‖₂), so that a unit leaves the network whole. √|g| makes a group of equal
 * weights cost what L1 would. τ_g is λ times the optimiser's step per unit of gradient, averaged over the group: ηλ
 * for SGD, exactly the proximal step; for Adam, whose metric is per coordinate and has no closed-form block step,
 * the group's mean of ηλ/(√v̂ + ε). An edge between two hidden layers belongs to both units' groups, which are
 * thresholded one after the other, layer by layer. The groups are laid out once per training; a step allocates
 * nothing. Edges that carry no signal (the repository's idle ones) belong to no group.
 */
public final class UnitGroups {
  /** groups[g] holds pairs (matrix, element index) of its edges, flattened. */
  private final int[][] groups;

  public UnitGroups(Topology topology) {
    List<int[]> all = new ArrayList<>();
    for (int layer = 1; layer < topology.weightLayers(); layer++) {
      for (int unit = 0; unit < topology.size(layer); unit++) {
        List<Integer> edges = new ArrayList<>();
        int sources = topology.sources(layer - 1);
        for (int j = 0; j < sources; j++) {
          edges.add(layer - 1);
          edges.add(unit * sources + j);
        }
        for (int m = layer; m < topology.weightLayers(); m++) {
          int column = topology.sourceOffset(m, layer);
          if (column < 0) {
            continue;
          }
          for (int i = 0; i < topology.targets(m); i++) {
            edges.add(m);
            edges.add(i * topology.sources(m) + column + unit);
          }
        }
        all.add(edges.stream().mapToInt(Integer::intValue).toArray());
      }
    }
    groups = all.toArray(int[][]::new);
  }

  /** Number of groups: the hidden units. */
  public int size() {
    return groups.length;
  }

  /** The block soft threshold of every group, after optimizer's last step. weights: Modified. */
  public void threshold(DMatrixRMaj[] weights, Optimizer optimizer, double lambda) {
    threshold(weights, optimizer, lambda, 1);
  }

  /**
   * The same for L networks in lane layout ({@link LaneKernel}: element e of lane l at e·L + l), each lane's
   * group in the same order as one network's. weights: Modified.
   */
  void threshold(DMatrixRMaj[] weights, Optimizer optimizer, double lambda, int lanes) {
    for (int[] group : groups) {
      int count = group.length / 2;
      for (int l = 0; l < lanes; l++) {
        double squares = 0;
        double steps = 0;
        for (int e = 0; e < group.length; e += 2) {
          int at = group[e + 1] * lanes + l;
          double w = weights[group[e]].data[at];
          squares += w * w;
          steps += optimizer.stepPerGradient(group[e], at);
        }
        double norm = Math.sqrt(squares);
        double threshold = lambda * (steps / count) * Math.sqrt(count);
        double keep = norm > threshold ? 1.0 - threshold / norm : 0.0;
        for (int e = 0; e < group.length; e += 2) {
          double[] w = weights[group[e]].data;
          int at = group[e + 1] * lanes + l;
          w[at] = keep == 0.0 ? 0.0 : w[at] * keep;
        }
      }
    }
  }
}
