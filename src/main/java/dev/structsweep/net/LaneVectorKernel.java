package dev.structsweep.net;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The kernel of L lanes with the Vector API, one vector of lanes ({@link #width} side by side, 8 with AVX-512) at a
 * time, tile by tile of {@link #TILE} samples, unit by unit over the tile's samples: each unit's values are a row of
 * samples (sample c of a unit at c·W in its row), and every loop runs over the samples, whose sums are independent, so
 * that many are in flight at once instead of one chain of dependent additions per sample. A tile goes forward through
 * every layer, through the loss's gradient and back through every layer with its gradients before the next tile
 * starts, so that its rows stay in the L1 cache. Every wiring, any number of outputs: a layered network reads the layer
 * below, a DAG (and the repository's model) the stack of every layer below, the input first, as {@link Backprop}
 * does; the repository's idle matrix gets a gradient of zeros, to which the L1 rules add.
 *
 * <p>Every lane performs exactly {@link Backprop}'s operations in its order, so the same bits:
 * <ul>
 *   <li>z = W·below and δ = Wᵀ·δ, each element a sum over its sources (its targets) in order, started from the first
 *       product, each further term added by a fused multiply-add (s ← fma(w, x, s), one rounding), up to four terms
 *       at a time in a register;</li>
 *   <li>a DAG's hidden δ is 0 plus what each layer above reads back into it, from the top layer down, then · f′;</li>
 *   <li>each gradient element a sum over the samples in order from 0 by fused multiply-adds, going on from one tile
 *       to the next (a bias's the plain sum of δ), in blocks whose elements share their loads ({@link Block});</li>
 *   <li>the bias (or + 0 without biases), the activation ({@link Activation.Vectors}), the loss's gradient and its
 *       finiteness sum over the outputs output by output, each over its samples ({@link Loss.Vectors}); f′ from the
 *       activations (ReLU′ where a &gt; 0, exactly where z &gt; 0).</li>
 * </ul>
 * The paper's shapes run in fused loops: a first layer of two sources with ReLU ({@link #hiddenRelu2}: z, + b and
 * ReLU in registers), a ReLU layer below a single unit ({@link #backRelu1}: δ and ReLU′ at once), an output's last
 * four terms with its bias ({@link #outputSum4}), and the paper's XOR top, where the cross-entropy's divisions hide
 * the rest of the loop ({@link #crossEntropyTop4}). With a full batch the input is copied into rows once, not at
 * every pass ({@code inputAsBefore}). Vector operations act lane by lane with Java's rounding, and {@code fma} with
 * the single rounding of {@link Math#fma}. {@code LaneKernelTest} holds one pass against
 * {@link Backprop}, every tile size, and {@code LaneTrainerTest} whole trainings against one lane, bit for bit.
 */
final class LaneVectorKernel implements LaneKernel {
  static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
  private static final int W = SPECIES.length();
  /**
   * Samples per tile (-Dstructsweep.tile): a tile's rows of every unit (about 16 rows of 32 samples of 8 lanes for
   * [2,4,1], 32 KB) stay in the L1 cache from the forward pass through the backward pass and the gradients.
   */
  static final int TILE = Integer.getInteger("structsweep.tile", 32);

  private final Topology topology;
  private final Activation activation;
  private final int lanes;
  private final int layers;
  private final boolean dag;
  /** sizes[k]: units of node layer k (0 the input); sources[k]: the units weight layer k reads. */
  private final int[] sizes;
  private final int[] sources;
  /** Doubles per unit's row of the whole batch (capacity samples of W lanes), and of one tile. */
  private final int row;
  private final int tile;
  private final int trow;
  private final double[][] weightGradients;
  private final double[][] biasGradients;
  private final double[] output;
  /**
   * Per vector of lanes, the whole batch's rows (sample c of unit j at j·row + c·W): layered, the input's copy; a
   * DAG, one stack of the input and every hidden layer, which each layer reads from its start.
   */
  private final double[][] batchRows;
  /** Layered: hidden[h] for node layer h ≥ 1, the activations of one tile (tile rows). */
  private final double[][] hidden;
  /** The stride of weight layer k's source units in what it reads. */
  private final int[] sourceStride;
  /** A DAG: where node layer h's first unit is in the stack. */
  private final int[] unitsAt;
  /** Per weight layer, one tile: the pre-activations and δ, unit by unit. */
  private final double[][] z;
  private final double[][] delta;
  /** A DAG's Wᵀ·δ of one unit for one tile, before it is added to that unit's δ. */
  private final double[] readBack;
  private final double[] sums;
  /** A tile's row of 0s, from which a weighted sum starts where EJML starts from 0, and a bias of 0. */
  private final double[] zeros;
  /** Per weight layer, its gradient's blocks ({@link Block}). */
  private final Block[][] blocks;
  /** Room for one vector's logarithms ({@link #lossValues}). */
  private final double[] logs = new double[W];
  /** Where a gradient group's padding elements go, any vector of lanes. */
  private final double[] discard;
  /** The input that batchRows holds a copy of, and its batch. */
  private double[] copied;
  private int copiedBatch;
  /** Whether the blocks were made with biases (1) or without (0); −1 before the first pass. */
  private int blocksWithBias = -1;

  LaneVectorKernel(Topology topology, Activation activation, Loss loss, int lanes, int batchCapacity) {
    this(topology, activation, loss, lanes, batchCapacity, TILE);
  }

  LaneVectorKernel(Topology topology, Activation activation, Loss loss, int lanes, int batchCapacity, int tile) {
    if (lanes % W != 0 || lanes == 0) {
      throw new IllegalArgumentException("the vector kernel runs whole vectors of " + W + " lanes, found " + lanes);
    }
    if (tile < 1) {
      throw new IllegalArgumentException("a tile holds at least one sample, found " + tile);
    }
    Activation.Vectors.require(activation);
    Loss.Vectors.require(loss);
    this.topology = topology;
    this.activation = activation;
    this.lanes = lanes;
    this.layers = topology.weightLayers();
    this.dag = topology.wiring() != Wiring.LAYERED;
    this.row = batchCapacity * W;
    this.tile = Math.min(tile, batchCapacity);
    this.trow = this.tile * W;
    sizes = topology.layerSizes();
    sources = new int[layers];
    weightGradients = new double[topology.matrices()][];
    biasGradients = new double[layers][];
    z = new double[layers][];
    delta = new double[layers][];
    hidden = dag ? null : new double[layers][];
    unitsAt = new int[layers];
    sourceStride = new int[layers];
    int vectors = lanes / W;
    int stackUnits = dag ? topology.sources(layers - 1) : sizes[0];
    batchRows = new double[vectors][];
    for (int b = 0; b < vectors; b++) {
      batchRows[b] = new double[stackUnits * row];
    }
    for (int k = 0; k < layers; k++) {
      sources[k] = topology.sources(k);
      biasGradients[k] = new double[sizes[k + 1] * lanes];
      z[k] = new double[sizes[k + 1] * trow];
      delta[k] = new double[sizes[k + 1] * trow];
      unitsAt[k] = dag ? topology.sourceOffset(layers - 1, k) * row : 0;
      boolean whole = dag || k == 0;
      sourceStride[k] = whole ? row : trow;
      if (!dag && k > 0) {
        hidden[k] = new double[sizes[k] * trow];
      }
    }
    for (int m = 0; m < weightGradients.length; m++) {
      weightGradients[m] = new double[topology.targets(m) * topology.sources(m) * lanes];
    }
    blocks = new Block[layers][];
    readBack = dag ? new double[trow] : null;
    output = new double[topology.outputs() * batchCapacity * lanes];
    sums = new double[lanes];
    discard = new double[lanes];
    zeros = new double[Math.max(trow, lanes)];
  }

  /** Lanes per vector on this machine. */
  static int width() {
    return W;
  }

  @Override
  public void forwardBackward(double[][] weights, double[][] biases, double[] input, double[] target, int batch,
      Loss loss, boolean[] finite) {
    forwardBackward(weights, biases, input, target, batch, loss, finite, false);
  }

  /**
   * The pass, tile by tile: each tile of samples through every layer forward, the loss's gradient, and every layer
   * backward with its gradients, whose sums over the samples go on from one tile to the next in sample order.
   */
  @Override
  public void forwardBackward(double[][] weights, double[][] biases, double[] input, double[] target, int batch,
      Loss loss, boolean[] finite, boolean inputAsBefore) {
    int outputs = topology.outputs();
    boolean hasBias = biases != null;
    prepareBlocks(hasBias);
    // Every gradient starts at 0: the sums over the tiles go on from it, and the idle matrix, which has no gradient
    // of its own, is where the L1 rules add in place.
    for (double[] g : weightGradients) {
      Arrays.fill(g, 0.0);
    }
    for (double[] g : biasGradients) {
      Arrays.fill(g, 0.0);
    }
    double scale = loss.scale(outputs * batch);
    boolean copy = !inputAsBefore || copied != input || copiedBatch != batch;
    int top = layers - 1;
    // The paper's XOR output (one unit on four ReLU units, biases, the cross-entropy): its forward sum, the loss's
    // gradient, its own gradients and the δ below in one loop, where the divisions of the gradient hide the rest.
    boolean fusedTop = !dag && top > 0 && outputs == 1 && sources[top] == 4 && hasBias
        && activation == Activation.RELU && loss == Loss.BINARY_CROSS_ENTROPY;
    for (int l0 = 0; l0 < lanes; l0 += W) {
      int block = l0 / W;
      if (copy) {
        double[] x = batchRows[block];
        for (int j = 0; j < sizes[0]; j++) {
          int from = j * batch * lanes + l0;
          for (int c = 0; c < batch * W; c += W, from += lanes) {
            DoubleVector.fromArray(SPECIES, input, from).intoArray(x, j * row + c);
          }
        }
      }
      Arrays.fill(sums, l0, l0 + W, 0.0);
      for (int s0 = 0; s0 < batch; s0 += tile) {
        int n = Math.min(tile, batch - s0);
        if (fusedTop) {
          for (int k = 0; k < top; k++) {
            forwardLayer(weights[k], biases[k], k, block, batch, s0, n);
          }
          crossEntropyTop4(weights[top], biases[top], block, batch, s0, n * W, target);
          for (int k = top - 1; k >= 0; k--) {
            gradients(k, block, s0, n, l0);
            if (k > 0) {
              backwardLayer(weights[k], k, block, batch, s0, n);
            }
          }
          continue;
        }
        for (int k = 0; k < layers; k++) {
          forwardLayer(weights[k], hasBias ? biases[k] : null, k, block, batch, s0, n);
        }
        for (int o = 0; o < outputs; o++) {
          Loss.Vectors.gradient(loss, output, target, (o * batch + s0) * lanes + l0, lanes, n, scale,
              delta[layers - 1], o * trow, outputs == 1 ? sums : null, l0);
        }
        for (int k = layers - 1; k >= 0; k--) {
          gradients(k, block, s0, n, l0);
          if (k > 0) {
            backwardLayer(weights[k], k, block, batch, s0, n);
          }
        }
      }
      // Several outputs: the finiteness sum output by output, each over every sample, in that order.
      for (int o = 0; o < outputs && outputs > 1; o++) {
        Loss.Vectors.finiteness(loss, output, target, o * batch * lanes + l0, lanes, batch, sums, l0);
      }
    }
    copied = input;
    copiedBatch = batch;
    for (int l = 0; l < lanes; l++) {
      finite[l] = loss.finite(sums[l]);
    }
  }

  /** What weight layer k reads for the vector of lanes block: the batch's rows or the tile's hidden rows. */
  private double[] sourceArray(int k, int block) {
    return dag || k == 0 ? batchRows[block] : hidden[k];
  }

  /** Where the tile starting at sample s0 starts in what weight layer k reads. */
  private int sourceBase(int k, int s0) {
    return dag || k == 0 ? s0 * W : 0;
  }

  /** Node layer h's activations (a hidden layer): the stack for a DAG, else the tile's own rows. */
  private double[] activationArray(int h, int block) {
    return dag ? batchRows[block] : hidden[h];
  }

  /** Where node layer h's first unit's tile starting at s0 starts in {@link #activationArray}. */
  private int activationBase(int h, int s0) {
    return dag ? unitsAt[h] + s0 * W : 0;
  }

  private int activationStride() {
    return dag ? row : trow;
  }

  /**
   * Weight layer k's units, one at a time over the tile's samples: z = Σ_j w_ij·x_j in order, then + b (or + 0
   * without biases) and the activation into the units that the layers above read; the output layer's z, + b with
   * biases, into {@link #output}.
   */
  private void forwardLayer(double[] w, double[] b, int k, int block, int batch, int s0, int n) {
    int cols = sources[k];
    int end = n * W;
    int l0 = block * W;
    double[] zs = z[k];
    double[] source = sourceArray(k, block);
    int base = sourceBase(k, s0);
    boolean hiddenLayer = k < layers - 1;
    boolean relu2 = hiddenLayer && activation == Activation.RELU && cols == 2;
    double[] biasArray = b == null ? zeros : b;
    for (int i = 0; i < sizes[k + 1]; i++) {
      int zi = i * trow;
      if (relu2) {
        // Two sources and ReLU, the paper's first layer: z, + b (or + 0) and ReLU in registers, only a stored.
        hiddenRelu2(w, i * cols * lanes + l0, lanes, source, base, sourceStride[k], biasArray,
            b == null ? 0 : i * lanes + l0, activationArray(k + 1, block),
            activationBase(k + 1, s0) + i * activationStride(), end);
        continue;
      }
      if (!hiddenLayer && b != null && cols % 4 == 0) {
        // Whole chunks of four sources and a bias (the paper's output): the last chunk, + b and the store into the
        // output in one loop.
        int w0 = i * cols * lanes + l0;
        double[] from = null;
        int fromAt = 0;
        if (cols > 4) {
          weightedSum(w, w0, lanes, source, base, sourceStride[k], cols - 4, zs, zi, end);
          from = zs;
          fromAt = zi;
        }
        outputSum4(w, w0 + (cols - 4) * lanes, lanes, source, base + (cols - 4) * sourceStride[k], sourceStride[k],
            from, fromAt, b, i * lanes + l0, output, (i * batch + s0) * lanes + l0, end);
        continue;
      }
      weightedSum(w, i * cols * lanes + l0, lanes, source, base, sourceStride[k], cols, zs, zi, end);
      if (hiddenLayer) {
        Activation.Vectors.apply(activation, zs, zi, b, i * lanes + l0, activationArray(k + 1, block),
            activationBase(k + 1, s0) + i * activationStride(), end);
      } else {
        int at = (i * batch + s0) * lanes + l0;
        DoubleVector bias = b == null ? null : DoubleVector.fromArray(SPECIES, b, i * lanes + l0);
        for (int c = 0; c < end; c += W, at += lanes) {
          DoubleVector v = DoubleVector.fromArray(SPECIES, zs, zi + c);
          (bias == null ? v : v.add(bias)).intoArray(output, at);
        }
      }
    }
  }

  /** a[aAt + c] ← ReLU((w_0·x_0[c] + w_1·x_1[c]) + b), for c &lt; end. */
  private static void hiddenRelu2(double[] w, int w0, int wStep, double[] x, int x0, int stride, double[] b, int bAt,
      double[] a, int aAt, int end) {
    DoubleVector wa = DoubleVector.fromArray(SPECIES, w, w0);
    DoubleVector wb = DoubleVector.fromArray(SPECIES, w, w0 + wStep);
    DoubleVector bias = DoubleVector.fromArray(SPECIES, b, bAt);
    DoubleVector zero = DoubleVector.zero(SPECIES);
    int x1 = x0 + stride;
    for (int c = 0; c < end; c += W) {
      DoubleVector v = wa.mul(DoubleVector.fromArray(SPECIES, x, x0 + c));
      v = wb.fma(DoubleVector.fromArray(SPECIES, x, x1 + c), v).add(bias);
      zero.blend(v, v.compare(VectorOperators.GT, 0.0)).intoArray(a, aAt + c);
    }
  }

  /**
   * The top layer of one unit on four ReLU units, with its bias, under the cross-entropy, over the tile (end: its
   * samples × W): z = (Σ v_j·a_j in order) + b into the output; the loss's gradient g = (σ(z) − y)/n and its
   * finiteness term; ∂v_j += g·a_j and ∂b += g, going on from the tiles before; the δ below, v_j·g where a_j &gt; 0.
   * Each operation as {@link #outputSum4}, {@link Loss.Vectors#gradient}, {@link #row1x4Bias} and {@link #backRelu1}
   * perform it, so the same bits, in one loop.
   */
  private void crossEntropyTop4(double[] w, double[] b, int block, int batch, int s0, int end, double[] target) {
    int top = layers - 1;
    int l0 = block * W;
    double[] a = hidden[top];
    int a1 = trow;
    int a2 = 2 * trow;
    int a3 = 3 * trow;
    double[] below = delta[top - 1];
    double scale = Loss.BINARY_CROSS_ENTROPY.scale(batch);
    DoubleVector v0 = DoubleVector.fromArray(SPECIES, w, l0);
    DoubleVector v1 = DoubleVector.fromArray(SPECIES, w, lanes + l0);
    DoubleVector v2 = DoubleVector.fromArray(SPECIES, w, 2 * lanes + l0);
    DoubleVector v3 = DoubleVector.fromArray(SPECIES, w, 3 * lanes + l0);
    DoubleVector bias = DoubleVector.fromArray(SPECIES, b, l0);
    double[] gw = weightGradients[top];
    double[] gb = biasGradients[top];
    DoubleVector g0 = DoubleVector.fromArray(SPECIES, gw, l0);
    DoubleVector g1 = DoubleVector.fromArray(SPECIES, gw, lanes + l0);
    DoubleVector g2 = DoubleVector.fromArray(SPECIES, gw, 2 * lanes + l0);
    DoubleVector g3 = DoubleVector.fromArray(SPECIES, gw, 3 * lanes + l0);
    DoubleVector h = DoubleVector.fromArray(SPECIES, gb, l0);
    DoubleVector sum = DoubleVector.fromArray(SPECIES, sums, l0);
    DoubleVector zero = DoubleVector.zero(SPECIES);
    int at = s0 * lanes + l0;
    for (int c = 0; c < end; c += W, at += lanes) {
      DoubleVector x0 = DoubleVector.fromArray(SPECIES, a, c);
      DoubleVector x1 = DoubleVector.fromArray(SPECIES, a, a1 + c);
      DoubleVector x2 = DoubleVector.fromArray(SPECIES, a, a2 + c);
      DoubleVector x3 = DoubleVector.fromArray(SPECIES, a, a3 + c);
      DoubleVector z = v3.fma(x3, v2.fma(x2, v1.fma(x1, v0.mul(x0)))).add(bias);
      z.intoArray(output, at);
      sum = sum.add(z.mul(0.0));
      DoubleVector g = Numerics.Vectors.sigmoid(z).sub(DoubleVector.fromArray(SPECIES, target, at)).mul(scale);
      g0 = g.fma(x0, g0);
      g1 = g.fma(x1, g1);
      g2 = g.fma(x2, g2);
      g3 = g.fma(x3, g3);
      h = h.add(g);
      zero.blend(v0.mul(g), x0.compare(VectorOperators.GT, 0.0)).intoArray(below, c);
      zero.blend(v1.mul(g), x1.compare(VectorOperators.GT, 0.0)).intoArray(below, a1 + c);
      zero.blend(v2.mul(g), x2.compare(VectorOperators.GT, 0.0)).intoArray(below, a2 + c);
      zero.blend(v3.mul(g), x3.compare(VectorOperators.GT, 0.0)).intoArray(below, a3 + c);
    }
    g0.intoArray(gw, l0);
    g1.intoArray(gw, lanes + l0);
    g2.intoArray(gw, 2 * lanes + l0);
    g3.intoArray(gw, 3 * lanes + l0);
    h.intoArray(gb, l0);
    sum.intoArray(sums, l0);
  }

  /**
   * out[at + c·L] ← fma(w_3, x_3[c], fma(w_2, x_2[c], fma(w_1, x_1[c], fma(w_0, x_0[c], from[fromAt + c])))) + b, for
   * c &lt; end (from null: the innermost is the product w_0·x_0[c]); L the lanes, the output's layout.
   */
  private void outputSum4(double[] w, int w0, int wStep, double[] x, int x0, int stride, double[] from, int fromAt,
      double[] b, int bAt, double[] out, int at, int end) {
    DoubleVector a = DoubleVector.fromArray(SPECIES, w, w0);
    DoubleVector bb = DoubleVector.fromArray(SPECIES, w, w0 + wStep);
    DoubleVector d = DoubleVector.fromArray(SPECIES, w, w0 + 2 * wStep);
    DoubleVector e = DoubleVector.fromArray(SPECIES, w, w0 + 3 * wStep);
    DoubleVector bias = DoubleVector.fromArray(SPECIES, b, bAt);
    int x1 = x0 + stride;
    int x2 = x1 + stride;
    int x3 = x2 + stride;
    int step = lanes;
    if (from == null) {
      for (int c = 0; c < end; c += W, at += step) {
        DoubleVector v = a.mul(DoubleVector.fromArray(SPECIES, x, x0 + c));
        v = bb.fma(DoubleVector.fromArray(SPECIES, x, x1 + c), v);
        v = d.fma(DoubleVector.fromArray(SPECIES, x, x2 + c), v);
        v = e.fma(DoubleVector.fromArray(SPECIES, x, x3 + c), v);
        v.add(bias).intoArray(out, at);
      }
      return;
    }
    for (int c = 0; c < end; c += W, at += step) {
      DoubleVector v = a.fma(DoubleVector.fromArray(SPECIES, x, x0 + c),
          DoubleVector.fromArray(SPECIES, from, fromAt + c));
      v = bb.fma(DoubleVector.fromArray(SPECIES, x, x1 + c), v);
      v = d.fma(DoubleVector.fromArray(SPECIES, x, x2 + c), v);
      v = e.fma(DoubleVector.fromArray(SPECIES, x, x3 + c), v);
      v.add(bias).intoArray(out, at);
    }
  }

  /** δ[at + c] ← w·d[c] where a[aAt + c] &gt; 0, else 0 (ReLU′ from its output: a &gt; 0 exactly where z &gt; 0). */
  private static void backRelu1(double[] w, int w0, double[] d, double[] a, int aAt, double[] into, int at,
      int end) {
    DoubleVector wv = DoubleVector.fromArray(SPECIES, w, w0);
    DoubleVector zero = DoubleVector.zero(SPECIES);
    for (int c = 0; c < end; c += W) {
      VectorMask<Double> on = DoubleVector.fromArray(SPECIES, a, aAt + c).compare(VectorOperators.GT, 0.0);
      zero.blend(wv.mul(DoubleVector.fromArray(SPECIES, d, c)), on).intoArray(into, at + c);
    }
  }

  /**
   * into[at …] ← Σ_t w_t·source_t for every sample, over the terms t = 0 … terms − 1 in order: w_t the vector of
   * lanes at w[w0 + t·wStep], source_t the unit at source[base + t·stride]. The sum starts from the first product;
   * each further term is added by a fused multiply-add.
   * Up to four terms at a time over every sample, the sum held in a register between them.
   */
  private void weightedSum(double[] w, int w0, int wStep, double[] source, int base, int stride, int terms,
      double[] into, int at, int end) {
    // The first chunk starts from its first product (from null).
    double[] from = null;
    int fromAt = 0;
    for (int t = 0; t < terms; t += 4) {
      int wt = w0 + t * wStep;
      int xt = base + t * stride;
      switch (Math.min(4, terms - t)) {
        case 1 -> sum1(w, wt, source, xt, from, fromAt, into, at, end);
        case 2 -> sum2(w, wt, wStep, source, xt, stride, from, fromAt, into, at, end);
        case 3 -> sum3(w, wt, wStep, source, xt, stride, from, fromAt, into, at, end);
        default -> sum4(w, wt, wStep, source, xt, stride, from, fromAt, into, at, end);
      }
      from = into;
      fromAt = at;
    }
  }

  /** into[at + c] ← fma(w_0, x_0[c], from[fromAt + c]) (w_0·x_0[c] where from is null), for c &lt; end. */
  private static void sum1(double[] w, int w0, double[] x, int x0, double[] from, int fromAt, double[] into, int at,
      int end) {
    DoubleVector a = DoubleVector.fromArray(SPECIES, w, w0);
    if (from == null) {
      for (int c = 0; c < end; c += W) {
        DoubleVector v = a.mul(DoubleVector.fromArray(SPECIES, x, x0 + c));
        v.intoArray(into, at + c);
      }
      return;
    }
    for (int c = 0; c < end; c += W) {
      DoubleVector v = a.fma(DoubleVector.fromArray(SPECIES, x, x0 + c),
          DoubleVector.fromArray(SPECIES, from, fromAt + c));
      v.intoArray(into, at + c);
    }
  }

  /** into[at + c] ← fma(w_1, x_1[c], {@link #sum1}'s value), for c &lt; end. */
  private static void sum2(double[] w, int w0, int wStep, double[] x, int x0, int stride, double[] from, int fromAt,
      double[] into, int at, int end) {
    DoubleVector a = DoubleVector.fromArray(SPECIES, w, w0);
    DoubleVector b = DoubleVector.fromArray(SPECIES, w, w0 + wStep);
    int x1 = x0 + stride;
    if (from == null) {
      for (int c = 0; c < end; c += W) {
        DoubleVector v = a.mul(DoubleVector.fromArray(SPECIES, x, x0 + c));
        v = b.fma(DoubleVector.fromArray(SPECIES, x, x1 + c), v);
        v.intoArray(into, at + c);
      }
      return;
    }
    for (int c = 0; c < end; c += W) {
      DoubleVector v = a.fma(DoubleVector.fromArray(SPECIES, x, x0 + c),
          DoubleVector.fromArray(SPECIES, from, fromAt + c));
      v = b.fma(DoubleVector.fromArray(SPECIES, x, x1 + c), v);
      v.intoArray(into, at + c);
    }
  }

  /** As {@link #sum2}, three terms in order. */
  private static void sum3(double[] w, int w0, int wStep, double[] x, int x0, int stride, double[] from, int fromAt,
      double[] into, int at, int end) {
    DoubleVector a = DoubleVector.fromArray(SPECIES, w, w0);
    DoubleVector b = DoubleVector.fromArray(SPECIES, w, w0 + wStep);
    DoubleVector d = DoubleVector.fromArray(SPECIES, w, w0 + 2 * wStep);
    int x1 = x0 + stride;
    int x2 = x1 + stride;
    if (from == null) {
      for (int c = 0; c < end; c += W) {
        DoubleVector v = a.mul(DoubleVector.fromArray(SPECIES, x, x0 + c));
        v = b.fma(DoubleVector.fromArray(SPECIES, x, x1 + c), v);
        v = d.fma(DoubleVector.fromArray(SPECIES, x, x2 + c), v);
        v.intoArray(into, at + c);
      }
      return;
    }
    for (int c = 0; c < end; c += W) {
      DoubleVector v = a.fma(DoubleVector.fromArray(SPECIES, x, x0 + c),
          DoubleVector.fromArray(SPECIES, from, fromAt + c));
      v = b.fma(DoubleVector.fromArray(SPECIES, x, x1 + c), v);
      v = d.fma(DoubleVector.fromArray(SPECIES, x, x2 + c), v);
      v.intoArray(into, at + c);
    }
  }

  /** As {@link #sum2}, four terms in order. */
  private static void sum4(double[] w, int w0, int wStep, double[] x, int x0, int stride, double[] from, int fromAt,
      double[] into, int at, int end) {
    DoubleVector a = DoubleVector.fromArray(SPECIES, w, w0);
    DoubleVector b = DoubleVector.fromArray(SPECIES, w, w0 + wStep);
    DoubleVector d = DoubleVector.fromArray(SPECIES, w, w0 + 2 * wStep);
    DoubleVector e = DoubleVector.fromArray(SPECIES, w, w0 + 3 * wStep);
    int x1 = x0 + stride;
    int x2 = x1 + stride;
    int x3 = x2 + stride;
    if (from == null) {
      for (int c = 0; c < end; c += W) {
        DoubleVector v = a.mul(DoubleVector.fromArray(SPECIES, x, x0 + c));
        v = b.fma(DoubleVector.fromArray(SPECIES, x, x1 + c), v);
        v = d.fma(DoubleVector.fromArray(SPECIES, x, x2 + c), v);
        v = e.fma(DoubleVector.fromArray(SPECIES, x, x3 + c), v);
        v.intoArray(into, at + c);
      }
      return;
    }
    for (int c = 0; c < end; c += W) {
      DoubleVector v = a.fma(DoubleVector.fromArray(SPECIES, x, x0 + c),
          DoubleVector.fromArray(SPECIES, from, fromAt + c));
      v = b.fma(DoubleVector.fromArray(SPECIES, x, x1 + c), v);
      v = d.fma(DoubleVector.fromArray(SPECIES, x, x2 + c), v);
      v = e.fma(DoubleVector.fromArray(SPECIES, x, x3 + c), v);
      v.intoArray(into, at + c);
    }
  }

  /**
   * Weight layer k's Wᵀ·δ into the hidden layers it reads, unit by unit over the tile, each a sum over k's units in
   * order: layered, it is layer k − 1's δ, · f′ at once; a DAG adds it to each hidden layer's δ (0 before the top
   * layer's), and · f′ once the last layer above, k itself, has read back into it.
   */
  private void backwardLayer(double[] w, int k, int block, int batch, int s0, int n) {
    int rows = sizes[k + 1];
    int cols = sources[k];
    int end = n * W;
    int l0 = block * W;
    if (!dag && rows == 1 && activation == Activation.RELU) {
      for (int j = 0; j < cols; j++) {
        backRelu1(w, j * lanes + l0, delta[k], activationArray(k, block), activationBase(k, s0) + j * activationStride(),
            delta[k - 1], j * trow, end);
      }
      return;
    }
    if (!dag) {
      for (int j = 0; j < cols; j++) {
        weightedSum(w, j * lanes + l0, cols * lanes, delta[k], 0, trow, rows, delta[k - 1], j * trow, end);
        slope(k - 1, j, block, s0, end);
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
        weightedSum(w, (offset + u) * lanes + l0, cols * lanes, delta[k], 0, trow, rows, readBack, 0, end);
        int at = u * trow;
        for (int c = 0; c < end; c += W) {
          DoubleVector sum = top ? zero : DoubleVector.fromArray(SPECIES, into, at + c);
          sum.add(DoubleVector.fromArray(SPECIES, readBack, c)).intoArray(into, at + c);
        }
        if (layer == k) {
          slope(layer - 1, u, block, s0, end);
        }
      }
    }
  }

  /** Unit i of weight layer k (a hidden one) over the tile: δ ← δ·f′, as {@link Activation#backprop}. */
  private void slope(int k, int i, int block, int s0, int end) {
    Activation.Vectors.backprop(activation, delta[k], i * trow, activationArray(k + 1, block),
        activationBase(k + 1, s0) + i * activationStride(), end);
  }

  /**
   * One block of a layer's gradient, whose elements share their loads: 4 δ rows × 2 sources (a layer of 4 units or
   * more), or 1 δ row × 4 sources, each with its rows' biases when it holds the first sources of a network with
   * biases. A block past the layer's edge repeats its last row or source and sums into {@link #discard}.
   */
  private static final class Block {
    final boolean rows;
    final boolean bias;
    /** The δ rows' and the sources' offsets in a tile (a source's before the tile's start). */
    final int[] d = new int[4];
    final int[] x = new int[4];
    /** Where each weight's sum goes (4 × 2 row by row, or 1 × 4), and each row's bias's; before the lane's offset. */
    final double[][] g = new double[8][];
    final int[] gAt = new int[8];
    final double[][] b = new double[4][];
    final int[] bAt = new int[4];

    Block(boolean rows, boolean bias) {
      this.rows = rows;
      this.bias = bias;
    }
  }

  /** Every layer's blocks, made at the first pass (they depend on whether the network has biases). */
  private void prepareBlocks(boolean hasBias) {
    if (blocksWithBias == (hasBias ? 1 : 0)) {
      return;
    }
    blocksWithBias = hasBias ? 1 : 0;
    for (int k = 0; k < layers; k++) {
      int units = sizes[k + 1];
      int cols = sources[k];
      boolean rows = units >= 4;
      int rowStep = rows ? 4 : 1;
      int colStep = rows ? 2 : 4;
      List<Block> list = new ArrayList<>();
      for (int i0 = 0; i0 < units; i0 += rowStep) {
        for (int j0 = 0; j0 < cols; j0 += colStep) {
          Block block = new Block(rows, hasBias && j0 == 0);
          for (int r = 0; r < rowStep; r++) {
            int i = Math.min(i0 + r, units - 1);
            boolean realRow = i0 + r < units;
            block.d[r] = i * trow;
            block.b[r] = realRow ? biasGradients[k] : discard;
            block.bAt[r] = realRow ? i * lanes : 0;
            for (int c = 0; c < colStep; c++) {
              int j = Math.min(j0 + c, cols - 1);
              boolean real = realRow && j0 + c < cols;
              block.x[c] = j * sourceStride[k];
              block.g[r * colStep + c] = real ? weightGradients[k] : discard;
              block.gAt[r * colStep + c] = real ? (i * cols + j) * lanes : 0;
            }
          }
          list.add(block);
        }
      }
      blocks[k] = list.toArray(new Block[0]);
    }
  }

  /**
   * ∂W_k = δ_k·readsᵀ and ∂b_k = δ_k·1 (δ itself: δ·1 = δ exactly) for the vector of lanes at l0, each element a
   * sum over the samples in order from 0, going on from what the tiles before left in it (the pass starts every
   * gradient at 0, since a vector chosen between two values would be boxed).
   */
  private void gradients(int k, int block, int s0, int n, int l0) {
    double[] source = sourceArray(k, block);
    int base = sourceBase(k, s0);
    double[] d = delta[k];
    int end = n * W;
    for (Block b : blocks[k]) {
      if (b.rows) {
        if (b.bias) {
          rows4x2Bias(b, d, source, base, end, l0);
        } else {
          rows4x2(b, d, source, base, end, l0);
        }
      } else if (b.bias) {
        row1x4Bias(b, d, source, base, end, l0);
      } else {
        row1x4(b, d, source, base, end, l0);
      }
    }
  }

  /** 4 δ rows × 2 sources over the tile: 6 loads for 8 sums. */
  private static void rows4x2(Block b, double[] d, double[] x, int base, int end, int l0) {
    int d0 = b.d[0];
    int d1 = b.d[1];
    int d2 = b.d[2];
    int d3 = b.d[3];
    int x0 = base + b.x[0];
    int x1 = base + b.x[1];
    DoubleVector g00 = DoubleVector.fromArray(SPECIES, b.g[0], b.gAt[0] + l0);
    DoubleVector g01 = DoubleVector.fromArray(SPECIES, b.g[1], b.gAt[1] + l0);
    DoubleVector g10 = DoubleVector.fromArray(SPECIES, b.g[2], b.gAt[2] + l0);
    DoubleVector g11 = DoubleVector.fromArray(SPECIES, b.g[3], b.gAt[3] + l0);
    DoubleVector g20 = DoubleVector.fromArray(SPECIES, b.g[4], b.gAt[4] + l0);
    DoubleVector g21 = DoubleVector.fromArray(SPECIES, b.g[5], b.gAt[5] + l0);
    DoubleVector g30 = DoubleVector.fromArray(SPECIES, b.g[6], b.gAt[6] + l0);
    DoubleVector g31 = DoubleVector.fromArray(SPECIES, b.g[7], b.gAt[7] + l0);
    for (int c = 0; c < end; c += W) {
      DoubleVector a0 = DoubleVector.fromArray(SPECIES, x, x0 + c);
      DoubleVector a1 = DoubleVector.fromArray(SPECIES, x, x1 + c);
      DoubleVector e0 = DoubleVector.fromArray(SPECIES, d, d0 + c);
      DoubleVector e1 = DoubleVector.fromArray(SPECIES, d, d1 + c);
      DoubleVector e2 = DoubleVector.fromArray(SPECIES, d, d2 + c);
      DoubleVector e3 = DoubleVector.fromArray(SPECIES, d, d3 + c);
      g00 = e0.fma(a0, g00);
      g01 = e0.fma(a1, g01);
      g10 = e1.fma(a0, g10);
      g11 = e1.fma(a1, g11);
      g20 = e2.fma(a0, g20);
      g21 = e2.fma(a1, g21);
      g30 = e3.fma(a0, g30);
      g31 = e3.fma(a1, g31);
    }
    g00.intoArray(b.g[0], b.gAt[0] + l0);
    g01.intoArray(b.g[1], b.gAt[1] + l0);
    g10.intoArray(b.g[2], b.gAt[2] + l0);
    g11.intoArray(b.g[3], b.gAt[3] + l0);
    g20.intoArray(b.g[4], b.gAt[4] + l0);
    g21.intoArray(b.g[5], b.gAt[5] + l0);
    g30.intoArray(b.g[6], b.gAt[6] + l0);
    g31.intoArray(b.g[7], b.gAt[7] + l0);
  }

  /** {@link #rows4x2} and the 4 rows' biases: 6 loads for 12 sums. */
  private static void rows4x2Bias(Block b, double[] d, double[] x, int base, int end, int l0) {
    int d0 = b.d[0];
    int d1 = b.d[1];
    int d2 = b.d[2];
    int d3 = b.d[3];
    int x0 = base + b.x[0];
    int x1 = base + b.x[1];
    DoubleVector g00 = DoubleVector.fromArray(SPECIES, b.g[0], b.gAt[0] + l0);
    DoubleVector g01 = DoubleVector.fromArray(SPECIES, b.g[1], b.gAt[1] + l0);
    DoubleVector g10 = DoubleVector.fromArray(SPECIES, b.g[2], b.gAt[2] + l0);
    DoubleVector g11 = DoubleVector.fromArray(SPECIES, b.g[3], b.gAt[3] + l0);
    DoubleVector g20 = DoubleVector.fromArray(SPECIES, b.g[4], b.gAt[4] + l0);
    DoubleVector g21 = DoubleVector.fromArray(SPECIES, b.g[5], b.gAt[5] + l0);
    DoubleVector g30 = DoubleVector.fromArray(SPECIES, b.g[6], b.gAt[6] + l0);
    DoubleVector g31 = DoubleVector.fromArray(SPECIES, b.g[7], b.gAt[7] + l0);
    DoubleVector h0 = DoubleVector.fromArray(SPECIES, b.b[0], b.bAt[0] + l0);
    DoubleVector h1 = DoubleVector.fromArray(SPECIES, b.b[1], b.bAt[1] + l0);
    DoubleVector h2 = DoubleVector.fromArray(SPECIES, b.b[2], b.bAt[2] + l0);
    DoubleVector h3 = DoubleVector.fromArray(SPECIES, b.b[3], b.bAt[3] + l0);
    for (int c = 0; c < end; c += W) {
      DoubleVector a0 = DoubleVector.fromArray(SPECIES, x, x0 + c);
      DoubleVector a1 = DoubleVector.fromArray(SPECIES, x, x1 + c);
      DoubleVector e0 = DoubleVector.fromArray(SPECIES, d, d0 + c);
      DoubleVector e1 = DoubleVector.fromArray(SPECIES, d, d1 + c);
      DoubleVector e2 = DoubleVector.fromArray(SPECIES, d, d2 + c);
      DoubleVector e3 = DoubleVector.fromArray(SPECIES, d, d3 + c);
      g00 = e0.fma(a0, g00);
      g01 = e0.fma(a1, g01);
      h0 = h0.add(e0);
      g10 = e1.fma(a0, g10);
      g11 = e1.fma(a1, g11);
      h1 = h1.add(e1);
      g20 = e2.fma(a0, g20);
      g21 = e2.fma(a1, g21);
      h2 = h2.add(e2);
      g30 = e3.fma(a0, g30);
      g31 = e3.fma(a1, g31);
      h3 = h3.add(e3);
    }
    g00.intoArray(b.g[0], b.gAt[0] + l0);
    g01.intoArray(b.g[1], b.gAt[1] + l0);
    g10.intoArray(b.g[2], b.gAt[2] + l0);
    g11.intoArray(b.g[3], b.gAt[3] + l0);
    g20.intoArray(b.g[4], b.gAt[4] + l0);
    g21.intoArray(b.g[5], b.gAt[5] + l0);
    g30.intoArray(b.g[6], b.gAt[6] + l0);
    g31.intoArray(b.g[7], b.gAt[7] + l0);
    h0.intoArray(b.b[0], b.bAt[0] + l0);
    h1.intoArray(b.b[1], b.bAt[1] + l0);
    h2.intoArray(b.b[2], b.bAt[2] + l0);
    h3.intoArray(b.b[3], b.bAt[3] + l0);
  }

  /** 1 δ row × 4 sources over the tile: 5 loads for 4 sums. */
  private static void row1x4(Block b, double[] d, double[] x, int base, int end, int l0) {
    int d0 = b.d[0];
    int x0 = base + b.x[0];
    int x1 = base + b.x[1];
    int x2 = base + b.x[2];
    int x3 = base + b.x[3];
    DoubleVector g0 = DoubleVector.fromArray(SPECIES, b.g[0], b.gAt[0] + l0);
    DoubleVector g1 = DoubleVector.fromArray(SPECIES, b.g[1], b.gAt[1] + l0);
    DoubleVector g2 = DoubleVector.fromArray(SPECIES, b.g[2], b.gAt[2] + l0);
    DoubleVector g3 = DoubleVector.fromArray(SPECIES, b.g[3], b.gAt[3] + l0);
    for (int c = 0; c < end; c += W) {
      DoubleVector e = DoubleVector.fromArray(SPECIES, d, d0 + c);
      g0 = e.fma(DoubleVector.fromArray(SPECIES, x, x0 + c), g0);
      g1 = e.fma(DoubleVector.fromArray(SPECIES, x, x1 + c), g1);
      g2 = e.fma(DoubleVector.fromArray(SPECIES, x, x2 + c), g2);
      g3 = e.fma(DoubleVector.fromArray(SPECIES, x, x3 + c), g3);
    }
    g0.intoArray(b.g[0], b.gAt[0] + l0);
    g1.intoArray(b.g[1], b.gAt[1] + l0);
    g2.intoArray(b.g[2], b.gAt[2] + l0);
    g3.intoArray(b.g[3], b.gAt[3] + l0);
  }

  /** {@link #row1x4} and the row's bias: 5 loads for 5 sums. */
  private static void row1x4Bias(Block b, double[] d, double[] x, int base, int end, int l0) {
    int d0 = b.d[0];
    int x0 = base + b.x[0];
    int x1 = base + b.x[1];
    int x2 = base + b.x[2];
    int x3 = base + b.x[3];
    DoubleVector g0 = DoubleVector.fromArray(SPECIES, b.g[0], b.gAt[0] + l0);
    DoubleVector g1 = DoubleVector.fromArray(SPECIES, b.g[1], b.gAt[1] + l0);
    DoubleVector g2 = DoubleVector.fromArray(SPECIES, b.g[2], b.gAt[2] + l0);
    DoubleVector g3 = DoubleVector.fromArray(SPECIES, b.g[3], b.gAt[3] + l0);
    DoubleVector h = DoubleVector.fromArray(SPECIES, b.b[0], b.bAt[0] + l0);
    for (int c = 0; c < end; c += W) {
      DoubleVector e = DoubleVector.fromArray(SPECIES, d, d0 + c);
      g0 = e.fma(DoubleVector.fromArray(SPECIES, x, x0 + c), g0);
      g1 = e.fma(DoubleVector.fromArray(SPECIES, x, x1 + c), g1);
      g2 = e.fma(DoubleVector.fromArray(SPECIES, x, x2 + c), g2);
      g3 = e.fma(DoubleVector.fromArray(SPECIES, x, x3 + c), g3);
      h = h.add(e);
    }
    g0.intoArray(b.g[0], b.gAt[0] + l0);
    g1.intoArray(b.g[1], b.gAt[1] + l0);
    g2.intoArray(b.g[2], b.gAt[2] + l0);
    g3.intoArray(b.g[3], b.gAt[3] + l0);
    h.intoArray(b.b[0], b.bAt[0] + l0);
  }

  /** The loss on vectors of lanes ({@link Loss.Vectors#valueLanes}): the same bits as {@link Loss#valueLanes}. */
  @Override
  public void lossValues(Loss loss, double[] target, int batch, double[] values) {
    Loss.Vectors.valueLanes(loss, output, target, topology.outputs() * batch, lanes, values, logs);
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
