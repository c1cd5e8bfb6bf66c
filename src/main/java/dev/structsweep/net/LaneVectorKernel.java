package dev.structsweep.net;

import java.util.Arrays;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The kernel of L lanes with the Vector API, one vector of lanes ({@link #width} side by side, 8 with AVX-512) at a
 * time, unit by unit over every sample of the batch: each unit's values are a row of samples (sample c of a unit at
 * c·W in its row), and every loop runs over the samples, whose sums are independent, so that many are in flight at
 * once instead of one chain of dependent additions per sample. Every wiring, any number of outputs: a layered
 * network reads the layer below, a DAG (and the repository's model) the stack of every layer below, the input
 * first, as {@link Backprop} does; the repository's idle matrix gets a gradient of zeros, to which the L1 rules add.
 *
 * <p>Every lane performs exactly {@link Backprop}'s operations in its order, so the same bits:
 * <ul>
 *   <li>z = W·below and δ = Wᵀ·δ, each element a sum over its sources (its targets) in order, started from the first
 *       product or from 0 as EJML starts it ({@link #firstProductForward}, {@link #firstProductBack});</li>
 *   <li>a DAG's hidden δ is 0 plus what each layer above reads back into it, from the top layer down, then · f′;</li>
 *   <li>each gradient element a sum over the samples in order from 0 (a bias's over a constant unit of 1s);</li>
 *   <li>the bias (or + 0 without biases), the activation ({@link Activation.Vectors}), the loss's gradient and its
 *       finiteness sum over the outputs output by output, each over its samples ({@link Loss.Vectors}).</li>
 * </ul>
 * Vector operations act lane by lane with Java's rounding (a multiply and an add, never fused). {@code LaneKernelTest}
 * holds one pass against {@link Backprop} and {@code LaneTrainerTest} whole trainings against one lane, bit for bit.
 */
final class LaneVectorKernel implements LaneKernel {
  static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
  private static final int W = SPECIES.length();

  private final Topology topology;
  private final Activation activation;
  private final int lanes;
  private final int layers;
  private final boolean dag;
  /** sizes[k]: units of node layer k (0 the input); sources[k]: the units weight layer k reads. */
  private final int[] sizes;
  private final int[] sources;
  /** Doubles per unit's row in the workspaces: capacity samples of W lanes. */
  private final int row;
  private final int capacity;
  private final double[][] weightGradients;
  private final double[][] biasGradients;
  private final double[] output;
  /**
   * What weight layer k reads, unit by unit (sample c of unit j at j·row + c·W): layered, the input's copy (k = 0) or
   * hidden layer k's activations, each its own array; a DAG, one stack of the input and every hidden layer for all k.
   * After the units, a unit of constant 1 ({@link #onesAt}), which a bias's gradient reads as its source.
   */
  private final double[][] reads;
  /** Where node layer h's first unit is in reads[h] (layered) or the stack (a DAG). */
  private final int[] unitsAt;
  private final int[] onesAt;
  /** Per weight layer: the pre-activations and δ, unit by unit. */
  private final double[][] z;
  private final double[][] delta;
  /** A DAG's Wᵀ·δ of one unit, before it is added to that unit's δ. */
  private final double[] readBack;
  private final double[] sums;
  /** Where a gradient group's padding elements go. */
  private final double[] discard = new double[W];

  LaneVectorKernel(Topology topology, Activation activation, Loss loss, int lanes, int batchCapacity) {
    if (lanes % W != 0 || lanes == 0) {
      throw new IllegalArgumentException("the vector kernel runs whole vectors of " + W + " lanes, found " + lanes);
    }
    Activation.Vectors.require(activation);
    Loss.Vectors.require(loss);
    this.topology = topology;
    this.activation = activation;
    this.lanes = lanes;
    this.layers = topology.weightLayers();
    this.dag = topology.wiring() != Wiring.LAYERED;
    this.capacity = batchCapacity;
    this.row = batchCapacity * W;
    sizes = topology.layerSizes();
    sources = new int[layers];
    weightGradients = new double[topology.matrices()][];
    biasGradients = new double[layers][];
    z = new double[layers][];
    delta = new double[layers][];
    reads = new double[layers][];
    unitsAt = new int[layers];
    onesAt = new int[layers];
    double[] stack = dag ? new double[(topology.sources(layers - 1) + 1) * row] : null;
    for (int k = 0; k < layers; k++) {
      sources[k] = topology.sources(k);
      biasGradients[k] = new double[sizes[k + 1] * lanes];
      z[k] = new double[sizes[k + 1] * row];
      delta[k] = new double[sizes[k + 1] * row];
      reads[k] = dag ? stack : new double[(sizes[k] + 1) * row];
      unitsAt[k] = dag ? topology.sourceOffset(layers - 1, k) * row : 0;
      onesAt[k] = (dag ? topology.sources(layers - 1) : sizes[k]) * row;
      Arrays.fill(reads[k], onesAt[k], onesAt[k] + row, 1.0);
    }
    for (int m = 0; m < weightGradients.length; m++) {
      weightGradients[m] = new double[topology.targets(m) * topology.sources(m) * lanes];
    }
    readBack = dag ? new double[row] : null;
    output = new double[topology.outputs() * batchCapacity * lanes];
    sums = new double[lanes];
  }

  /** Lanes per vector on this machine. */
  static int width() {
    return W;
  }

  /** Whether {@code CommonOps_DDRM.mult(W, X)} of a batch of this many samples sums from the first product. */
  static boolean firstProductForward(int batch) {
    return batch == 1 || batch >= 15;
  }

  /** Whether {@code CommonOps_DDRM.multTransA(W, δ)} sums from the first product, for W with this many columns. */
  static boolean firstProductBack(int sources, int batch) {
    return batch == 1 ? sources >= 15 : sources >= 15 || batch >= 15;
  }

  @Override
  public void forwardBackward(double[][] weights, double[][] biases, double[] input, double[] target, int batch,
      Loss loss, boolean[] finite) {
    boolean first = firstProductForward(batch);
    int end = batch * W;
    int outputs = topology.outputs();
    // The idle matrix has no gradient of its own; the L1 rules add to it in place, so it starts each pass at 0.
    for (int m = layers; m < weightGradients.length; m++) {
      Arrays.fill(weightGradients[m], 0.0);
    }
    for (int l0 = 0; l0 < lanes; l0 += W) {
      double[] x = reads[0];
      for (int j = 0; j < sizes[0]; j++) {
        int from = j * batch * lanes + l0;
        for (int c = 0; c < end; c += W, from += lanes) {
          DoubleVector.fromArray(SPECIES, input, from).intoArray(x, j * row + c);
        }
      }
      for (int k = 0; k < layers; k++) {
        forwardLayer(weights[k], biases == null ? null : biases[k], k, batch, l0, first);
      }
      Arrays.fill(sums, l0, l0 + W, 0.0);
      for (int o = 0; o < outputs; o++) {
        Loss.Vectors.gradient(loss, output, target, o * batch * lanes + l0, lanes, batch, outputs * batch,
            delta[layers - 1], o * row, sums, l0);
      }
      for (int k = layers - 1; k >= 0; k--) {
        gradients(k, batch, l0, biases != null);
        if (k > 0) {
          backwardLayer(weights[k], k, batch, l0);
        }
      }
    }
    for (int l = 0; l < lanes; l++) {
      finite[l] = loss.finite(sums[l]);
    }
  }

  /**
   * Weight layer k's units, one at a time over every sample: z = Σ_j w_ij·x_j in order, then + b (or + 0 without
   * biases) and the activation into the units that the layers above read; the output layer's z, + b with biases,
   * into {@link #output}.
   */
  private void forwardLayer(double[] w, double[] b, int k, int batch, int l0, boolean first) {
    int cols = sources[k];
    int end = batch * W;
    double[] zs = z[k];
    boolean hidden = k < layers - 1;
    for (int i = 0; i < sizes[k + 1]; i++) {
      int zi = i * row;
      weightedSum(w, i * cols * lanes + l0, lanes, reads[k], cols, zs, zi, end, first);
      if (hidden) {
        Activation.Vectors.apply(activation, zs, zi, b, i * lanes + l0, reads[k + 1], unitsAt[k + 1] + zi, end);
      } else {
        int at = i * batch * lanes + l0;
        DoubleVector bias = b == null ? null : DoubleVector.fromArray(SPECIES, b, i * lanes + l0);
        for (int c = 0; c < end; c += W, at += lanes) {
          DoubleVector v = DoubleVector.fromArray(SPECIES, zs, zi + c);
          (bias == null ? v : v.add(bias)).intoArray(output, at);
        }
      }
    }
  }

  /**
   * into[at …] ← Σ_t w_t·source_t for every sample, over the terms t = 0 … terms − 1 in order: w_t the vector of
   * lanes at w[w0 + t·wStep], source_t the unit at source[t·row]. The sum starts from the first product, or from
   * 0 + it where EJML starts from 0 (first false); one term at a time over every sample, so that the samples' sums
   * are independent work in flight.
   */
  private void weightedSum(double[] w, int w0, int wStep, double[] source, int terms, double[] into, int at,
      int end, boolean first) {
    DoubleVector wt = DoubleVector.fromArray(SPECIES, w, w0);
    if (first) {
      for (int c = 0; c < end; c += W) {
        wt.mul(DoubleVector.fromArray(SPECIES, source, c)).intoArray(into, at + c);
      }
    } else {
      DoubleVector zero = DoubleVector.zero(SPECIES);
      for (int c = 0; c < end; c += W) {
        zero.add(wt.mul(DoubleVector.fromArray(SPECIES, source, c))).intoArray(into, at + c);
      }
    }
    for (int t = 1; t < terms; t++) {
      wt = DoubleVector.fromArray(SPECIES, w, w0 + t * wStep);
      int from = t * row;
      for (int c = 0; c < end; c += W) {
        DoubleVector.fromArray(SPECIES, into, at + c).add(wt.mul(DoubleVector.fromArray(SPECIES, source, from + c)))
            .intoArray(into, at + c);
      }
    }
  }

  /**
   * Weight layer k's Wᵀ·δ into the hidden layers it reads, unit by unit over every sample, each a sum over k's units
   * in order: layered, it is layer k − 1's δ, · f′ at once; a DAG adds it to each hidden layer's δ (0 before the top
   * layer's), and · f′ once the last layer above, k itself, has read back into it.
   */
  private void backwardLayer(double[] w, int k, int batch, int l0) {
    int rows = sizes[k + 1];
    int cols = sources[k];
    int end = batch * W;
    boolean first = firstProductBack(cols, batch);
    if (!dag) {
      for (int j = 0; j < cols; j++) {
        weightedSum(w, j * lanes + l0, cols * lanes, delta[k], rows, delta[k - 1], j * row, end, first);
        slope(k - 1, j, end);
      }
      return;
    }
    // The top layer reads back first, into δ = 0; layer k reads back last into layer k's units, whose δ is then whole.
    boolean top = k == layers - 1;
    DoubleVector zero = DoubleVector.zero(SPECIES);
    for (int layer = 1; layer <= k; layer++) {
      int offset = topology.sourceOffset(k, layer);
      double[] into = delta[layer - 1];
      for (int u = 0; u < sizes[layer]; u++) {
        weightedSum(w, (offset + u) * lanes + l0, cols * lanes, delta[k], rows, readBack, 0, end, first);
        int at = u * row;
        for (int c = 0; c < end; c += W) {
          DoubleVector sum = top ? zero : DoubleVector.fromArray(SPECIES, into, at + c);
          sum.add(DoubleVector.fromArray(SPECIES, readBack, c)).intoArray(into, at + c);
        }
        if (layer == k) {
          slope(layer - 1, u, end);
        }
      }
    }
  }

  /** Unit i of weight layer k (a hidden one): δ ← δ·f′, as {@link Activation#backprop}. */
  private void slope(int k, int i, int end) {
    Activation.Vectors.backprop(activation, delta[k], i * row, z[k], i * row, reads[k + 1], unitsAt[k + 1] + i * row,
        end);
  }

  /**
   * ∂W_k = δ_k·readsᵀ and ∂b_k = δ_k·1 for the vector of lanes at l0, each element a sum over the samples in order
   * from 0. The elements (i, j) row by row, each row's bias after its weights, are taken eight at a time, so that
   * eight sums are in flight instead of one chain per element; a last, short group is padded with copies of its
   * first element, whose sums are discarded.
   */
  private void gradients(int k, int batch, int l0, boolean hasBias) {
    int span = hasBias ? sources[k] + 1 : sources[k];
    int count = sizes[k + 1] * span;
    for (int e = 0; e < count; e += 8) {
      group8(k, batch, l0, span, e, count);
    }
  }

  /** Elements e … e + 7 of layer k (those below count) summed over the samples, into their gradients. */
  private void group8(int k, int batch, int l0, int span, int e, int count) {
    double[] d = delta[k];
    double[] x = reads[k];
    int d0 = dRow(e, e, count, span);
    int d1 = dRow(e + 1, e, count, span);
    int d2 = dRow(e + 2, e, count, span);
    int d3 = dRow(e + 3, e, count, span);
    int d4 = dRow(e + 4, e, count, span);
    int d5 = dRow(e + 5, e, count, span);
    int d6 = dRow(e + 6, e, count, span);
    int d7 = dRow(e + 7, e, count, span);
    int x0 = xRow(k, e, e, count, span);
    int x1 = xRow(k, e + 1, e, count, span);
    int x2 = xRow(k, e + 2, e, count, span);
    int x3 = xRow(k, e + 3, e, count, span);
    int x4 = xRow(k, e + 4, e, count, span);
    int x5 = xRow(k, e + 5, e, count, span);
    int x6 = xRow(k, e + 6, e, count, span);
    int x7 = xRow(k, e + 7, e, count, span);
    DoubleVector g0 = DoubleVector.zero(SPECIES);
    DoubleVector g1 = g0;
    DoubleVector g2 = g0;
    DoubleVector g3 = g0;
    DoubleVector g4 = g0;
    DoubleVector g5 = g0;
    DoubleVector g6 = g0;
    DoubleVector g7 = g0;
    for (int c = 0; c < batch * W; c += W) {
      g0 = g0.add(DoubleVector.fromArray(SPECIES, d, d0 + c).mul(DoubleVector.fromArray(SPECIES, x, x0 + c)));
      g1 = g1.add(DoubleVector.fromArray(SPECIES, d, d1 + c).mul(DoubleVector.fromArray(SPECIES, x, x1 + c)));
      g2 = g2.add(DoubleVector.fromArray(SPECIES, d, d2 + c).mul(DoubleVector.fromArray(SPECIES, x, x2 + c)));
      g3 = g3.add(DoubleVector.fromArray(SPECIES, d, d3 + c).mul(DoubleVector.fromArray(SPECIES, x, x3 + c)));
      g4 = g4.add(DoubleVector.fromArray(SPECIES, d, d4 + c).mul(DoubleVector.fromArray(SPECIES, x, x4 + c)));
      g5 = g5.add(DoubleVector.fromArray(SPECIES, d, d5 + c).mul(DoubleVector.fromArray(SPECIES, x, x5 + c)));
      g6 = g6.add(DoubleVector.fromArray(SPECIES, d, d6 + c).mul(DoubleVector.fromArray(SPECIES, x, x6 + c)));
      g7 = g7.add(DoubleVector.fromArray(SPECIES, d, d7 + c).mul(DoubleVector.fromArray(SPECIES, x, x7 + c)));
    }
    g0.intoArray(gradientArray(k, e, count, span), gradientOffset(k, e, count, span, l0));
    g1.intoArray(gradientArray(k, e + 1, count, span), gradientOffset(k, e + 1, count, span, l0));
    g2.intoArray(gradientArray(k, e + 2, count, span), gradientOffset(k, e + 2, count, span, l0));
    g3.intoArray(gradientArray(k, e + 3, count, span), gradientOffset(k, e + 3, count, span, l0));
    g4.intoArray(gradientArray(k, e + 4, count, span), gradientOffset(k, e + 4, count, span, l0));
    g5.intoArray(gradientArray(k, e + 5, count, span), gradientOffset(k, e + 5, count, span, l0));
    g6.intoArray(gradientArray(k, e + 6, count, span), gradientOffset(k, e + 6, count, span, l0));
    g7.intoArray(gradientArray(k, e + 7, count, span), gradientOffset(k, e + 7, count, span, l0));
  }

  /** Where element e's δ unit (row i) starts: the group's first element's past count. */
  private int dRow(int e, int first, int count, int span) {
    return (e < count ? e : first) / span * row;
  }

  /** Where element e's source unit starts: column j of what layer k reads, or the constant unit for a bias. */
  private int xRow(int k, int e, int first, int count, int span) {
    int j = (e < count ? e : first) % span;
    return j == sources[k] ? onesAt[k] : j * row;
  }

  /** Where element e's sum goes: its weight's or its bias's gradient, or {@link #discard} past count. */
  private double[] gradientArray(int k, int e, int count, int span) {
    if (e >= count) {
      return discard;
    }
    return e % span == sources[k] ? biasGradients[k] : weightGradients[k];
  }

  private int gradientOffset(int k, int e, int count, int span, int l0) {
    if (e >= count) {
      return 0;
    }
    int i = e / span;
    int j = e % span;
    return (j == sources[k] ? i : i * sources[k] + j) * lanes + l0;
  }

  @Override
  public double[] laneWeightGradient(int m) {
    return weightGradients[m];
  }

  @Override
  public double[] laneBiasGradient(int k) {
    return biasGradients[k];
  }

  @Override
  public double[] laneOutput() {
    return output;
  }
}
